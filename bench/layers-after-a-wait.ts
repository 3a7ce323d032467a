import { generateKeyPairSync, randomFill, sign, verify } from 'node:crypto';
import { loadConfig } from '#main/config/load-config.js';
import { createConnector } from '#main/create-connector.js';
import { activateUserEvent, expectActivated } from './support/connector-event.js';
import { instantIdentitySource } from './support/instant-identity-source.js';
import { quietLogger } from './support/quiet-logger.js';
import { median, shuffled } from './support/stats.js';

/**
 * Not a benchmark: what our layers cost (figure 1's "no verification" path: envelope, fingerprint, cache miss,
 * activation, no log line) when the main thread has just waited, against the same layers called back to back.
 * Each block of 100 calls first waits, then runs the layers; the wait's own time, measured in blocks of its own
 * interleaved with them, is taken off. Waits: none, one thread-pool round trip (crypto.randomFill of a byte: a
 * wait as long as jose's signature check on the pool), and a 1 ms timer (a Lambda between invocations waits
 * far longer). For reference, the same for node:crypto's synchronous RS256 check of a token-sized input (what
 * aws-jwt-verify does): code that is not ours, slowed by the same waits.
 * `node dist-bench/bench/layers-after-a-wait.js [blocks]`; the summary goes to stderr.
 */
const blocks = Number(process.argv[2] ?? 40);
const BLOCK = 100;
const { handler } = createConnector(loadConfig({ C2C_IDENTITY_SOURCES: 'instant' }), {
  identitySources: { instant: instantIdentitySource() },
  ports: { logger: quietLogger() },
});
let issued = 0;
// Distinct tokens of a JWT's length: every call is a cache miss, as a new token's is.
const nextEvent = () => activateUserEvent(`token-${(issued += 1)}-${'x'.repeat(900)}`);
const byte = Buffer.alloc(1);
const waits: Record<string, () => Promise<unknown>> = {
  'no wait': () => Promise.resolve(),
  'one thread-pool round trip': () => new Promise((resolve) => randomFill(byte, resolve)),
  'a 1 ms timer': () => new Promise((resolve) => setTimeout(resolve, 1)),
};
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signedPart = Buffer.alloc(800, 'a');
const signature = sign('RSA-SHA256', signedPart, privateKey);
const works = {
  nothing: () => undefined,
  'our layers': async () => expectActivated(await handler(nextEvent())),
  "node:crypto's RS256 check": () => {
    if (!verify('RSA-SHA256', signedPart, publicKey, signature)) throw new Error('the signature does not verify');
  },
};
type Work = keyof typeof works;
type Task = { wait: string; work: Work };
const tasks: Task[] = Object.keys(waits).flatMap((wait) => (Object.keys(works) as Work[]).map((work) => ({ wait, work })));
const run = async ({ wait, work }: Task) => {
  for (let i = 0; i < BLOCK; i += 1) {
    await waits[wait]!();
    await works[work]();
  }
};
for (const task of tasks) for (let i = 0; i < 5; i += 1) await run(task);
const times = new Map<Task, number[]>(tasks.map((task) => [task, []]));
for (let block = 0; block < blocks; block += 1) {
  for (const task of shuffled(tasks)) {
    const started = performance.now();
    await run(task);
    times.get(task)!.push(((performance.now() - started) / BLOCK) * 1000);
  }
}
const perCall = (wait: string, work: Work) => median(times.get(tasks.find((t) => t.wait === wait && t.work === work)!)!);
for (const wait of Object.keys(waits)) {
  const cost = (work: Work) => (perCall(wait, work) - perCall(wait, 'nothing')).toFixed(1);
  process.stderr.write(
    `after ${wait} (itself ${perCall(wait, 'nothing').toFixed(1)} µs): our layers ${cost('our layers')} µs, node:crypto's check ${cost("node:crypto's RS256 check")} µs\n`,
  );
}
