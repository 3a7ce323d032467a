import type { FigureResult } from '../support/report.js';
import type { BenchSettings } from '../support/settings.js';

/**
 * A figure that runs the connector in the bench's own process, moved to a process of its own: the connector
 * logs at the default level, as deployed, onto a stdout that the parent drains (and counts) instead of the
 * bench's table.
 */
export type FigureInChild =
  | { readonly figure: 'userinfoLatency'; readonly settings: BenchSettings['userinfo'] }
  | { readonly figure: 'linkingFlow'; readonly settings: BenchSettings['linking'] };

async function measure(input: FigureInChild): Promise<FigureResult> {
  switch (input.figure) {
    case 'userinfoLatency':
      return (await import('../figures/userinfo-latency.js')).measureUserinfoLatency(input.settings);
    case 'linkingFlow':
      return (await import('../figures/linking-flow.js')).measureLinkingFlow(input.settings);
  }
}

process.once('message', (input: FigureInChild) => {
  measure(input).then(
    (output) => process.send?.({ output }, () => process.exit(0)),
    (error: unknown) => process.send?.({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) }, () => process.exit(1)),
  );
});
