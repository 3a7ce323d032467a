import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClassicLevel } from 'classic-level';
import { startLinkingWorld, type LinkingWorld } from '../test/support/linking-service.js';
import { excessOf, FLOW_PARTS, timeFlowParts } from './support/flow-parts.js';
import { linkThroughOurService, linkWithBareClient, startAssociation } from './support/linking-flows.js';
import { median, shuffled } from './support/stats.js';

/**
 * Not a benchmark: where figure 6's flow spends the time the bare client does not, in more detail than the
 * figure's own row on it. The same world and flows (our service at the default log level, in one process with
 * the authorization server and the user's client), warmed up, then every step the client sees timed, and inside
 * our service the use cases and the ports they wait for. Then, for comparison, a request to our service that does
 * nothing (`GET /health`) beside the two the flow makes, and a LevelDB put of an item's size alone in this
 * process, back to back and after 3 ms idle, beside the store's writes inside the flow.
 * `node dist-bench/bench/linking-flow-parts.js [rounds] > /dev/null` (20 flows a path a round); the summary goes to stderr.
 */
const rounds = Number(process.argv[2] ?? 10);
const WARMUP = 40;

async function putAlone(samples: number, idleMs: number): Promise<number> {
  const folder = mkdtempSync(join(tmpdir(), 'c2c-put-alone-'));
  const db = new ClassicLevel<string, string>(folder, { valueEncoding: 'utf8' });
  try {
    await db.open();
    const value = 'x'.repeat(1_700);
    const times: number[] = [];
    for (let i = 0; i < samples; i += 1) {
      if (idleMs > 0) await new Promise((resolve) => setTimeout(resolve, idleMs));
      const startedAt = performance.now();
      await db.put(`link~${i % 100}`, `${value}${i}`);
      times.push((performance.now() - startedAt) * 1000);
    }
    return median(times.slice(samples / 5));
  } finally {
    await db.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

/** `GET /health` of our service, each right after a flow: what a request costs here before any work of ours. */
async function requestThatDoesNothing(linking: LinkingWorld, samples: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < samples; i += 1) {
    await linkThroughOurService(linking);
    const startedAt = performance.now();
    const answer = await fetch(`${linking.baseUrl}/health`);
    await answer.arrayBuffer();
    if (answer.status !== 200) throw new Error(`GET /health answered ${answer.status}`);
    times.push(performance.now() - startedAt);
  }
  return median(times);
}

const world = await startLinkingWorld({ identitySource: 'jwt', logAsDeployed: true });
const parts = await (async () => {
  try {
    const template = new URL((await startAssociation(world)).authorizationUrl);
    for (let i = 0; i < WARMUP; i += 1) {
      for (const path of shuffled(['ours', 'bare'] as const)) await (path === 'ours' ? linkThroughOurService(world) : linkWithBareClient(world, template));
    }
    // Before the parts are timed: timing wraps the world's ports for good.
    const healthMs = await requestThatDoesNothing(world, 100);
    return { ...(await timeFlowParts(world, template, { rounds, flowsPerRound: 20 })), healthMs };
  } finally {
    await world.stop();
  }
})();

const excess = excessOf(parts);
const lines = [
  `${parts.flowsPerPath} flows a path: ours ${excess.oursMs.toFixed(2)} ms a flow, the bare client ${excess.bareMs.toFixed(2)} ms ` +
    `(${(excess.bareMs / excess.oursMs).toFixed(2)}×), ours ${excess.excessMs.toFixed(2)} ms more: the 3 writes ${excess.writesMs.toFixed(2)}, ` +
    `the activation ${excess.activationMs.toFixed(2)}, HTTP to our service ${excess.httpMs.toFixed(2)}, the exchange ` +
    `${excess.exchangeOverBareMs.toFixed(2)}, authorize ${excess.authorizeOverBareMs.toFixed(2)}, our use cases' own ${excess.restMs.toFixed(2)}`,
  ...(['ours', 'bare'] as const).flatMap((path) => [
    `${path}:`,
    ...FLOW_PARTS.filter((part) => parts.msPerFlow[path].has(part)).map((part) => `  ${part.padEnd(40)} ${parts.msPerFlow[path].get(part)!.toFixed(3)} ms`),
  ]),
  `GET /health of our service, right after a flow (a request before any work of ours), p50: ${parts.healthMs.toFixed(3)} ms`,
  `a LevelDB put of 1.7 KB alone in this process, p50: back to back ${(await putAlone(1_000, 0)).toFixed(0)} µs, after 3 ms idle ${(await putAlone(300, 3)).toFixed(0)} µs`,
];
process.stderr.write(`${lines.join('\n')}\n`);
