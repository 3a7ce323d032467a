import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClassicLevel } from 'classic-level';
import { TOKENS } from '#main/tokens.js';
import { startLinkingWorld, type LinkingWorld } from '../test/support/linking-service.js';
import { linkThroughOurService, linkWithBareClient, startAssociation, type StepTimer } from './figures/linking-flow.js';
import { median, shuffled } from './support/stats.js';

/**
 * Not a benchmark: where figure 6's flow spends the time the bare client does not. The same world, flows and
 * rounds as the figure (our service at the default log level, in one process with the authorization server and
 * the user's client), with every step the client sees timed, and inside our service the use cases and the
 * ports they wait for: the store's writes, the code exchange, the ID token's check, the activation. Last, a
 * LevelDB put of an item's size alone in this process, back to back and after 3 ms idle, for comparison with
 * the store's writes inside the flow.
 * `node dist-bench/bench/linking-flow-parts.js [rounds]` (20 flows a path a round); the summary goes to stderr.
 */
const rounds = Number(process.argv[2] ?? 10);
const FLOWS_PER_ROUND = 20;
const WARMUP = 40;

type Path = 'ours' | 'bare';
/** The order of the summary: each step the client sees, and indented under it what our service does in it. */
const PARTS = [
  'start',
  '  StartLinking',
  '    store: create (write)',
  'authorize',
  'callback',
  '  CompleteLinking',
  '    store: claim (write)',
  '    code exchange',
  '    ID token check',
  '    activation',
  '    store: save the outcome (write)',
  'exchange',
] as const;
type Part = (typeof PARTS)[number] | 'flow';
const totals: Record<Path, Map<Part, number>> = { ours: new Map(), bare: new Map() };
let current: Path = 'ours';
let measuring = false;
const add = (path: Path, part: Part, ms: number) => {
  if (measuring) totals[path].set(part, (totals[path].get(part) ?? 0) + ms);
};

async function timed<T>(part: Part, work: () => Promise<T>): Promise<T> {
  const path = current;
  const startedAt = performance.now();
  try {
    return await work();
  } finally {
    add(path, part, performance.now() - startedAt);
  }
}
const stepTimer: StepTimer = (step, work) => timed(asPart(step), work);

function asPart(step: string): Part {
  const part = PARTS.find((known) => known === step);
  if (part === undefined) throw new Error(`the flow timed a step this summary does not know: ${step}`);
  return part;
}

/** Times a method of a singleton the container holds, which the use cases call through the same object. */
function timeMethod(instance: object, method: string, part: Part): void {
  const target = instance as Record<string, unknown>;
  const original = target[method];
  if (typeof original !== 'function') throw new Error(`no ${method} to time for ${part}`);
  target[method] = (...args: unknown[]) => timed(part, () => (original as (...a: unknown[]) => Promise<unknown>).apply(instance, args));
}

function timeOurService(world: LinkingWorld): void {
  const get = (token: symbol) => world.container.get<object>(token);
  timeMethod(get(TOKENS.StartLinking), 'execute', '  StartLinking');
  timeMethod(get(TOKENS.CompleteLinking), 'execute', '  CompleteLinking');
  const links = get(TOKENS.AccountLinkRepository);
  timeMethod(links, 'create', '    store: create (write)');
  timeMethod(links, 'claimPending', '    store: claim (write)');
  timeMethod(links, 'save', '    store: save the outcome (write)');
  timeMethod(get(TOKENS.TokenExchanger), 'exchange', '    code exchange');
  timeMethod(get(TOKENS.IdTokenVerifier), 'verify', '    ID token check');
  timeMethod(get(TOKENS.ConnectorClient), 'activateUser', '    activation');
}

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

const world = await startLinkingWorld({ identitySource: 'jwt', logAsDeployed: true });
let flows = 0;
try {
  timeOurService(world);
  const template = new URL((await startAssociation(world)).authorizationUrl);
  const paths: Record<Path, () => Promise<void>> = {
    ours: () => linkThroughOurService(world, stepTimer),
    bare: () => linkWithBareClient(world, template, stepTimer),
  };
  const runFlow = async (path: Path) => {
    current = path;
    await timed('flow', paths[path]);
  };
  for (let i = 0; i < WARMUP; i += 1) for (const path of shuffled(['ours', 'bare'] as const)) await runFlow(path);
  measuring = true;
  for (let round = 0; round < rounds; round += 1) {
    for (const path of shuffled(['ours', 'bare'] as const)) for (let flow = 0; flow < FLOWS_PER_ROUND; flow += 1) await runFlow(path);
    flows += FLOWS_PER_ROUND;
  }
} finally {
  measuring = false;
  await world.stop();
}

const perFlow = (path: Path, part: Part) => (totals[path].get(part) ?? 0) / flows;
const [ours, bare] = [perFlow('ours', 'flow'), perFlow('bare', 'flow')];
const lines = [
  `${flows} flows a path: ours ${ours.toFixed(2)} ms a flow, the bare client ${bare.toFixed(2)} ms (${(bare / ours).toFixed(2)}×), ours ${(ours - bare).toFixed(2)} ms longer`,
  ...(['ours', 'bare'] as const).flatMap((path) => [
    `${path}:`,
    ...PARTS.filter((part) => totals[path].has(part)).map((part) => `  ${part.padEnd(40)} ${perFlow(path, part).toFixed(3)} ms`),
  ]),
  `a LevelDB put of 1.7 KB alone in this process, p50: back to back ${(await putAlone(1_000, 0)).toFixed(0)} µs, after 3 ms idle ${(await putAlone(300, 3)).toFixed(0)} µs`,
];
process.stderr.write(`${lines.join('\n')}\n`);
