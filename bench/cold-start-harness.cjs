'use strict';
// One cold start: load a bundled Lambda handler, answer one ActivateUser, report on fd 3, exit.
// Plain CommonJS, not compiled: it is what the Lambda runtime does, minus the runtime. stdout is the
// connector's, as in a Lambda (its log lines at the default level); the report goes to fd 3 when open.
const { writeSync } = require('node:fs');
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
    const report = JSON.stringify({ loadedAtMs: loadedAt, answeredAtMs: performance.now(), codeCacheAccepted: codeCache?.accepted });
    try {
      writeSync(3, report);
    } catch {
      // Run by hand (node --cpu-prof ...), without the bench's fd 3.
      process.stdout.write(`${report}\n`);
    }
    process.exit(0);
  },
  (error) => {
    process.stderr.write(`failed: ${error && error.name}: ${error && error.message}\n`);
    process.exit(3);
  },
);
