import { TOKENS } from '#main/tokens.js';
import type { LinkingWorld } from '../../test/support/linking-service.js';
import { linkThroughOurService, linkWithBareClient, type StepTimer } from './linking-flows.js';
import { shuffled } from './stats.js';

export type FlowPath = 'ours' | 'bare';

/** Each step the user's client sees and, indented under it, what our service does in it: the order of a summary. */
export const FLOW_PARTS = [
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
export type FlowPart = (typeof FLOW_PARTS)[number] | 'flow';

export interface FlowParts {
  readonly flowsPerPath: number;
  /** Milliseconds a flow, by part; a part a path does not have is absent. */
  readonly msPerFlow: Readonly<Record<FlowPath, ReadonlyMap<FlowPart, number>>>;
}

/** What figure 6's row on the parts reports: ours' excess over the bare client, and its main parts. */
export interface FlowExcess {
  readonly oursMs: number;
  readonly bareMs: number;
  readonly excessMs: number;
  readonly writesMs: number;
  readonly activationMs: number;
  /** Each request to our service less the use case it runs: HTTP, routing, the user's `fetch`. */
  readonly httpMs: number;
  /** Our exchange (axios, inside the callback) less the bare client's (`fetch`). */
  readonly exchangeOverBareMs: number;
  /** The same requests to the authorization server on both paths: what differs is the machine's minute. */
  readonly authorizeOverBareMs: number;
  /** Our use cases' own work: the excess less everything above. */
  readonly restMs: number;
}

/**
 * Runs figure 6's two flows with every step and, inside our service, the use cases and the ports they wait for
 * timed. The timing wraps the container's singletons for good: call it last on a world, after what it measures.
 */
export async function timeFlowParts(world: LinkingWorld, template: URL, size: { rounds: number; flowsPerRound: number }): Promise<FlowParts> {
  const totals: Record<FlowPath, Map<FlowPart, number>> = { ours: new Map(), bare: new Map() };
  let path: FlowPath = 'ours';
  const timed = async <T>(part: FlowPart, work: () => Promise<T>): Promise<T> => {
    const on = path;
    const startedAt = performance.now();
    try {
      return await work();
    } finally {
      totals[on].set(part, (totals[on].get(part) ?? 0) + performance.now() - startedAt);
    }
  };
  instrument(world, timed);
  const stepTimer: StepTimer = (step, work) => timed(asPart(step), work);
  const flows: Record<FlowPath, () => Promise<void>> = {
    ours: () => linkThroughOurService(world, stepTimer),
    bare: () => linkWithBareClient(world, template, stepTimer),
  };
  for (let round = 0; round < size.rounds; round += 1) {
    for (const next of shuffled(['ours', 'bare'] as const)) {
      path = next;
      for (let flow = 0; flow < size.flowsPerRound; flow += 1) await timed('flow', flows[next]);
    }
  }
  const flowsPerPath = size.rounds * size.flowsPerRound;
  const perFlow = (map: Map<FlowPart, number>) => new Map([...map].map(([part, ms]) => [part, ms / flowsPerPath]));
  return { flowsPerPath, msPerFlow: { ours: perFlow(totals.ours), bare: perFlow(totals.bare) } };
}

export function excessOf({ msPerFlow }: FlowParts): FlowExcess {
  const ours = (part: FlowPart) => msPerFlow.ours.get(part) ?? 0;
  const bare = (part: FlowPart) => msPerFlow.bare.get(part) ?? 0;
  const [oursMs, bareMs] = [ours('flow'), bare('flow')];
  const excessMs = oursMs - bareMs;
  const writesMs = ours('    store: create (write)') + ours('    store: claim (write)') + ours('    store: save the outcome (write)');
  const activationMs = ours('    activation');
  const httpMs = ours('start') - ours('  StartLinking') + ours('callback') - ours('  CompleteLinking');
  const exchangeOverBareMs = ours('    code exchange') - bare('exchange');
  const authorizeOverBareMs = ours('authorize') - bare('authorize');
  const restMs = excessMs - writesMs - activationMs - httpMs - exchangeOverBareMs - authorizeOverBareMs;
  return { oursMs, bareMs, excessMs, writesMs, activationMs, httpMs, exchangeOverBareMs, authorizeOverBareMs, restMs };
}

type Timed = <T>(part: FlowPart, work: () => Promise<T>) => Promise<T>;

function instrument(world: LinkingWorld, timed: Timed): void {
  const get = (token: symbol) => world.container.get<object>(token);
  const timeMethod = (instance: object, method: string, part: FlowPart) => {
    const target = instance as Record<string, unknown>;
    const original = target[method];
    if (typeof original !== 'function') throw new Error(`no ${method} to time for ${part}`);
    target[method] = (...args: unknown[]) => timed(part, () => (original as (...a: unknown[]) => Promise<unknown>).apply(instance, args));
  };
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

function asPart(step: string): FlowPart {
  const part = FLOW_PARTS.find((known) => known === step);
  if (part === undefined) throw new Error(`the flow timed a step the summary does not know: ${step}`);
  return part;
}
