import { startLinkingWorld } from '../../test/support/linking-service.js';
import { excessOf, timeFlowParts } from '../support/flow-parts.js';
import { linkThroughOurService, linkWithBareClient, startAssociation } from '../support/linking-flows.js';
import { budget, formatMs, formatRatio, knownLimit, type FigureResult } from '../support/report.js';
import type { BenchSettings } from '../support/settings.js';
import { quantile, round, shuffled } from '../support/stats.js';

const OURS = 'ours: start → authorize → callback (exchange, activate, store) → redirect';
const BARE = 'bare OAuth client: authorize → token exchange';
const PATHS = [OURS, BARE] as const;
type Path = (typeof PATHS)[number];

/**
 * Figure 6: whole linking flows against the embedded authorization server (oidc-provider), the user played
 * by the HTTP-driven browserless client, one flow at a time. The baseline is the authorization server's own
 * share: a bare client that builds the same authorization request and exchanges the code itself, with none
 * of our service (no association, no storage, no activation, no redirect). Both paths warm up first (a
 * service runs warm; the first flows also compile oidc-provider for both), then run in rounds, in random
 * order within each round, so that neither side gets a quieter minute of the machine.
 */
export async function measureLinkingFlow(settings: BenchSettings['linking']): Promise<FigureResult> {
  const world = await startLinkingWorld({ identitySource: 'jwt', logAsDeployed: true });
  try {
    const template = new URL((await startAssociation(world)).authorizationUrl);
    const paths: Record<Path, () => Promise<void>> = {
      [OURS]: () => linkThroughOurService(world),
      [BARE]: () => linkWithBareClient(world, template),
    };
    for (let i = 0; i < settings.warmup; i += 1) {
      for (const path of shuffled(PATHS)) await paths[path]();
    }
    const latencies: Record<Path, number[]> = { [OURS]: [], [BARE]: [] };
    for (let round = 0; round < settings.rounds; round += 1) {
      for (const path of shuffled(PATHS)) {
        for (let flow = 0; flow < settings.flowsPerRound; flow += 1) {
          const startedAt = performance.now();
          await paths[path]();
          latencies[path].push(performance.now() - startedAt);
        }
      }
    }
    const [ours, bare] = [stats(latencies[OURS]), stats(latencies[BARE])];
    const ratio = ours.flowsPerSecond / bare.flowsPerSecond;
    // Last, since it wraps the world's ports for good: where ours' excess goes, on flows of their own.
    const parts = await timeFlowParts(world, template, { rounds: Math.max(3, Math.round(settings.rounds / 3)), flowsPerRound: settings.flowsPerRound });
    const excess = excessOf(parts);
    const ms = (value: number) => value.toFixed(2);
    const signed = (value: number) => `${value >= 0 ? '+' : '−'}${Math.abs(value).toFixed(2)}`;
    const ownExcessMs = excess.excessMs - excess.authorizeOverBareMs;
    return {
      rows: [
        {
          figure: '6',
          measure: 'linking flow vs embedded authorization server, sequential: flows/s, p99',
          ours: `${ours.flowsPerSecond.toFixed(1)} flows/s, p99 ${formatMs(ours.p99, 0)}`,
          baseline: `bare client ${bare.flowsPerSecond.toFixed(1)} flows/s, p99 ${formatMs(bare.p99, 0)}`,
          ratio: formatRatio(ratio),
          budget: budget('≥ 0.70×', ratio >= 0.7, knownLimit('≥ 0.35×', ratio >= 0.35)),
        },
        {
          figure: '6',
          measure: "linking flow, where ours' excess goes, ms a flow (each step and port timed, on flows after those above)",
          ours:
            `3 writes ${ms(excess.writesMs)}, activation ${ms(excess.activationMs)}, HTTP to our service ${ms(excess.httpMs)}, ` +
            `exchange ${signed(excess.exchangeOverBareMs)}, our use cases' own ${ms(excess.restMs)}`,
          baseline:
            `ours ${ms(excess.oursMs)} against the bare client's ${ms(excess.bareMs)} ms: ${ms(excess.excessMs)} more ` +
            `(authorize, the same requests, ${signed(excess.authorizeOverBareMs)})`,
          ratio: formatRatio((excess.writesMs + excess.activationMs + excess.httpMs) / ownExcessMs),
        },
      ],
      data: {
        warmupFlowsPerPath: settings.warmup,
        flowsPerPath: latencies[OURS].length,
        [OURS]: ours,
        [BARE]: bare,
        ratio: round(ratio, 3),
        parts: {
          flowsPerPath: parts.flowsPerPath,
          msPerFlow: { ours: Object.fromEntries(parts.msPerFlow.ours), bare: Object.fromEntries(parts.msPerFlow.bare) },
          excess,
        },
      },
    };
  } finally {
    await world.stop();
  }
}

function stats(latenciesMs: readonly number[]): { flowsPerSecond: number; p50: number; p99: number; mean: number } {
  const mean = latenciesMs.reduce((sum, value) => sum + value, 0) / latenciesMs.length;
  return { flowsPerSecond: round(1000 / mean, 2), p50: round(quantile(latenciesMs, 0.5), 1), p99: round(quantile(latenciesMs, 0.99), 1), mean: round(mean, 1) };
}
