/** How much work each figure does. `--short` (or BENCH_SHORT=1) keeps the whole run near 30 s for CI. */
export interface BenchSettings {
  readonly short: boolean;
  /**
   * Figures 1 and 2: many short rounds of tinybench tasks in shuffled order, the median of their ratios: both sides
   * of a ratio see the same moment of the machine. Each iteration verifies a token never seen before.
   */
  readonly handler: { readonly rounds: number; readonly jitWarmup: number; readonly warmup: number; readonly iterations: number };
  /**
   * Figure 7, the realistic mix: `users` tokens used `usesPerUser` times each, in one shuffled sequence, run a
   * `chunk` of uses at a time by every side in turn; `warmupCalls` other tokens warm each side up first. Then
   * `spaced`: other users, each use after a wait of `waitMs` on a timer, as a Lambda waits for its next event.
   */
  readonly mix: {
    readonly users: number;
    readonly usesPerUser: number;
    readonly chunk: number;
    readonly warmupCalls: number;
    readonly spaced: { readonly users: number; readonly waitMs: number };
  };
  /** Figure 3: sequential ActivateUser calls per path against the userinfo server. */
  readonly userinfo: { readonly warmup: number; readonly iterations: number; readonly serverLatencyMs: number };
  /** Figure 4: fresh processes of each kind, interleaved. */
  readonly coldStart: { readonly runs: number };
  /** Figure 5: autocannon rounds (the baseline and ours in random order, per case), at least 3: each ratio is their median. */
  readonly http: { readonly rounds: number; readonly durationS: number; readonly warmupS: number; readonly connections: number };
  /**
   * Figure 6: `warmup` flows per path (interleaved) before anything is timed, then `rounds` rounds in which each
   * path, in random order, completes `flowsPerRound` flows one after another.
   */
  readonly linking: { readonly warmup: number; readonly rounds: number; readonly flowsPerRound: number };
}

export function readSettings(argv: readonly string[], env: NodeJS.ProcessEnv): BenchSettings {
  const short = argv.includes('--short') || (env['BENCH_SHORT'] !== undefined && env['BENCH_SHORT'] !== '0' && env['BENCH_SHORT'] !== '');
  return short
    ? {
        short,
        handler: { rounds: 24, jitWarmup: 1000, warmup: 10, iterations: 100 },
        mix: { users: 1000, usesPerUser: 20, chunk: 500, warmupCalls: 300, spaced: { users: 200, waitMs: 1 } },
        userinfo: { warmup: 5, iterations: 100, serverLatencyMs: 20 },
        coldStart: { runs: 15 },
        http: { rounds: 3, durationS: 2, warmupS: 1, connections: 10 },
        linking: { warmup: 20, rounds: 6, flowsPerRound: 10 },
      }
    : {
        short,
        handler: { rounds: 40, jitWarmup: 2000, warmup: 20, iterations: 200 },
        mix: { users: 1000, usesPerUser: 20, chunk: 500, warmupCalls: 1000, spaced: { users: 250, waitMs: 1 } },
        userinfo: { warmup: 10, iterations: 400, serverLatencyMs: 20 },
        coldStart: { runs: 30 },
        http: { rounds: 3, durationS: 8, warmupS: 2, connections: 10 },
        linking: { warmup: 40, rounds: 20, flowsPerRound: 10 },
      };
}
