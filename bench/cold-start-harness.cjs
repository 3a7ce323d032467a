'use strict';
// One cold start: load a bundled Lambda handler, answer one ActivateUser, report, exit.
// Plain CommonJS, not compiled: it is what the Lambda runtime does, minus the runtime.
const entry = require(process.argv[2]);
const { handler } = entry;
const loadedAt = performance.now();
const event = JSON.parse(process.env.BENCH_EVENT);
Promise.resolve(handler(event, { getRemainingTimeInMillis: () => 2000 })).then(
  (answer) => {
    if (answer.header.responseCode !== 200 || typeof answer.payload.userId !== 'string') {
      process.stderr.write(`not activated: ${JSON.stringify(answer)}\n`);
      process.exit(2);
    }
    const codeCache = entry[Symbol.for('c2c-account-linking.codeCache')];
    process.stdout.write(JSON.stringify({ loadedAtMs: loadedAt, answeredAtMs: performance.now(), codeCacheAccepted: codeCache?.accepted }));
    process.exit(0);
  },
  (error) => {
    process.stderr.write(`failed: ${error && error.name}: ${error && error.message}\n`);
    process.exit(3);
  },
);
