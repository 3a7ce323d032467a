import { randomUUID } from 'node:crypto';
import {
  AWS,
  JOSE,
  JOSE_THEN_ALONE,
  MIX_AWS,
  MIX_JOSE,
  MIX_OURS,
  NODE_CRYPTO,
  ON_THE_MAIN_THREAD,
  ON_THE_POOL,
  OURS,
  OURS_ALONE,
  RETRY,
  WEBCRYPTO,
  type CallTimes,
  type HandlerChildInput,
  type HandlerChildOutput,
  type MixSide,
} from '../child/handler-child.js';
import { runChild, type ChildRun } from '../support/child-process.js';
import { serveJwksOverHttps } from '../support/jwks-over-https.js';
import { budget, formatRate, formatRatio, knownLimit, type FigureResult, type Row } from '../support/report.js';
import type { BenchSettings } from '../support/settings.js';
import { median, round, shuffled } from '../support/stats.js';
import { TokenFactory } from '#main/testing/index.js';

const ISSUER = 'https://issuer.bench.example';
const AUDIENCE = 'urn:c2c:connector';

/** The log levels the handler figures run at: the default first (what users run), then warn, labelled. */
const LEVELS = [
  { label: 'LOG_LEVEL default (info)', env: {} },
  { label: 'LOG_LEVEL=warn', env: { LOG_LEVEL: 'warn' } },
] as const;

/**
 * Figures 7 (the realistic mix, the headline), 1 and 2: the connector's Lambda handler in a child process
 * configured as a Lambda (see bench/child/handler-child.ts), once at the default log level and once at warn,
 * each against its baselines in the same process and the same moments.
 */
export async function measureHandlerThroughput(settings: BenchSettings['handler'], mix: BenchSettings['mix']): Promise<FigureResult> {
  const factory = await TokenFactory.create({ issuer: ISSUER, audience: AUDIENCE, alg: 'RS256' });
  const jwks = await serveJwksOverHttps(factory.jwks());
  try {
    const perRound = settings.warmup + settings.iterations;
    const pool = await signDistinct(factory, settings.jitWarmup * 2 + settings.rounds * perRound, 'f1');
    const users = await signDistinct(factory, mix.users, 'mix');
    const warmupUsers = await signDistinct(factory, mix.warmupCalls, 'mix-warm');
    const sequence = shuffledUses(mix.users, mix.usesPerUser);
    const spacedUsers = await signDistinct(factory, mix.spaced.users, 'spaced');
    const input: HandlerChildInput = {
      settings,
      mix,
      jwks: factory.jwks(),
      issuer: ISSUER,
      audience: AUDIENCE,
      pool,
      retry: await factory.sign({ sub: 'retry-user' }),
      users,
      warmupUsers,
      sequence,
      spaced: { users: spacedUsers, sequence: shuffledUses(mix.spaced.users, mix.usesPerUser) },
    };
    const env = { PATH: process.env['PATH'], NODE_EXTRA_CA_CERTS: jwks.certPath, C2C_JWKS_URI: jwks.uri, C2C_JWT_ISSUER: ISSUER, C2C_JWT_AUDIENCE: AUDIENCE };
    const runs: { label: string; run: ChildRun<HandlerChildOutput>; logged: boolean }[] = [];
    for (const level of LEVELS) {
      const run = await runChild<HandlerChildInput, HandlerChildOutput>('handler-child', { ...env, ...level.env }, input);
      const logged = level.env === LEVELS[0].env;
      // Measuring the wrong thing is worse than not measuring: at info every invocation writes its line.
      if (logged && run.stdoutLines < run.output.ourInvocations) {
        throw new Error(`at the default level the connector wrote ${run.stdoutLines} log lines for ${run.output.ourInvocations} invocations`);
      }
      runs.push({ label: level.label, run, logged });
    }
    const rows: Row[] = [];
    for (const { label, run, logged } of runs) rows.push(...mixRows(run.output, label, logged));
    for (const { label, run } of runs) rows.push(spacedMixRow(run.output, label, mix.spaced.waitMs));
    rows.push(...hitAtInfoRows(runs[0]!.run.output, runs[1]!.run.output));
    rows.push(signatureCheckRow(runs[0]!.run.output), poolRoundTripRow(runs[0]!.run.output));
    for (const { label, run, logged } of runs) rows.push(...figureOneRows(run.output, label, logged));
    const fig2 = runs[0]!.run.output.rounds;
    const retryVsFirst = median(fig2.map((r) => r[RETRY]! / r[OURS]!));
    rows.push({
      figure: '2',
      measure: `ActivateUser retry of the same token (${LEVELS[0].label})`,
      ours: formatRate(median(fig2.map((r) => r[RETRY]!))),
      baseline: `first verification ${formatRate(median(fig2.map((r) => r[OURS]!)))}`,
      ratio: formatRatio(retryVsFirst),
      budget: budget('≥ 10×', retryVsFirst >= 10),
    });
    return {
      rows,
      data: {
        algorithm: 'RS256 (2048-bit)',
        keysOver: 'https from 127.0.0.1 (NODE_EXTRA_CA_CERTS), fetched by each side itself',
        tokensPerKindPerRound: settings.iterations,
        mix: { users: mix.users, usesPerUser: mix.usesPerUser, chunk: mix.chunk, spaced: mix.spaced },
        byLevel: Object.fromEntries(
          runs.map(({ label, run }) => [
            label,
            {
              logLines: run.stdoutLines,
              logBytes: run.stdoutBytes,
              ourInvocations: run.output.ourInvocations,
              opsPerSecondByRound: run.output.rounds.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Math.round(v)]))),
              mix: run.output.mix,
              spacedMix: run.output.spacedMix,
              signatureChecksUs: run.output.signatureChecks,
              poolRoundTripsUs: run.output.poolRoundTrips,
              mixChunkMs: run.output.mixChunks.map((c) => Object.fromEntries(Object.entries(c).map(([k, v]) => [k, round(v, 2)]))),
            },
          ]),
        ),
      },
    };
  } finally {
    await jwks.close();
  }
}

/**
 * The floors of our layers, as a share of `jose.jwtVerify`'s own time a token in the same run: the machine's speed
 * moved that time from 91 to 364 µs between runs, and a floor in µs failed on a slow run what a ratio held
 * (README "Performance"). Measured 0.36–0.78 at the default level (the log line included), 0.11–0.35 at warn.
 */
const LAYERS_FLOOR_OF_JOSE = { logged: 1.0, quiet: 0.5 } as const;
/**
 * Figure 1's floors against jose: 0.60× at `warn`; at the default level every call also writes its log line, whose
 * cost grows as the machine slows (0.56× in the slowest CI run, 0.59–0.74× otherwise), hence 0.45×.
 */
const VERSUS_JOSE_FLOOR = { logged: 0.45, quiet: 0.6 } as const;
/** Figure 7's p99 against aws-jwt-verify's: 1.2–3.8× measured, 4.5× once, re-measured in a slow CI run. */
const MIX_P99_FLOOR = 6;

function figureOneRows(output: HandlerChildOutput, label: string, logged: boolean): Row[] {
  const { rounds } = output;
  const ratio = (a: string, b: string) => median(rounds.map((r) => r[a]! / r[b]!));
  const rate = (name: string) => median(rounds.map((r) => r[name]!));
  const oursVsJose = ratio(OURS, JOSE);
  // What our layers add to a new token: the difference of the mean times per call, round by round.
  const overJoseUs = median(rounds.map((r) => 1e6 / r[OURS]! - 1e6 / r[JOSE]!));
  const joseUs = 1e6 / rate(JOSE);
  // Without a verification the whole call is our layers: envelope, fingerprint, cache miss, activation, line.
  const aloneUs = 1e6 / rate(OURS_ALONE);
  // The same layers, not around jose's verification but after it, one after the other.
  const afterJoseUs = median(rounds.map((r) => 1e6 / r[JOSE_THEN_ALONE]! - 1e6 / r[JOSE]!));
  const layersFloor = logged ? LAYERS_FLOOR_OF_JOSE.logged : LAYERS_FLOOR_OF_JOSE.quiet;
  const joseFloor = logged ? VERSUS_JOSE_FLOOR.logged : VERSUS_JOSE_FLOOR.quiet;
  return [
    {
      figure: '1',
      measure: `ActivateUser, JWT, keys cached, distinct tokens (${label})`,
      ours: formatRate(rate(OURS)),
      baseline: `jose.jwtVerify ${formatRate(rate(JOSE))}`,
      ratio: formatRatio(oursVsJose),
      budget: budget('≥ 0.90×', oursVsJose >= 0.9, knownLimit(`≥ ${joseFloor.toFixed(2)}×`, oursVsJose >= joseFloor)),
    },
    {
      figure: '1',
      measure: `our layers over jose.jwtVerify, per new token (${label})`,
      ours: `${overJoseUs.toFixed(1)} µs`,
      baseline: `jose.jwtVerify ${joseUs.toFixed(1)} µs a token`,
      ratio: formatRatio(1 + overJoseUs / joseUs),
      budget: budget('≤ 15 µs', overJoseUs <= 15, knownLimit(`≤ ${layersFloor.toFixed(1)}× jose's time`, overJoseUs <= layersFloor * joseUs)),
    },
    {
      figure: '1',
      measure: `our layers, no verification (a source that answers at once), per new token: alone; after a jose.jwtVerify (${label})`,
      ours: `${aloneUs.toFixed(1)} µs alone; ${afterJoseUs.toFixed(1)} µs after jose`,
      baseline: `our layers over jose (the row above) ${overJoseUs.toFixed(1)} µs`,
      ratio: formatRatio(afterJoseUs / overJoseUs),
    },
    {
      figure: '1',
      measure: `ActivateUser, JWT, keys cached, distinct tokens (${label})`,
      ours: formatRate(rate(OURS)),
      baseline: `aws-jwt-verify ${formatRate(rate(AWS))}`,
      ratio: formatRatio(ratio(OURS, AWS)),
    },
  ];
}

/**
 * Figure 7's cache hits at the default level against the same hits at warn (two children of this run, the same
 * sequence): what the invocation's log line costs a hit, the budgets being ≤ 2× and a line ≤ 10 µs. The ratio is a
 * known limit: the line's one write(2) to a pipe whose reader shares the two cores costs about as much as a hit
 * (README "Performance"); measured 1.6–2.35×, and 2.83–3.44× at load 13, hence its floor. The line's own cost
 * measured 6.9–7.7 µs at loads 1–2; its floor allows for a machine three times as slow.
 */
const HIT_AT_INFO_FLOOR = 4;
const LOG_LINE_FLOOR_US = 30;

function hitAtInfoRows(info: HandlerChildOutput, warn: HandlerChildOutput): Row[] {
  const [atInfo, atWarn] = [info.mix[MIX_OURS]!.hitP50Us, warn.mix[MIX_OURS]!.hitP50Us];
  const ratio = atInfo / atWarn;
  const lineUs = atInfo - atWarn;
  return [
    {
      figure: '7',
      measure: `realistic mix: our cache hits, p50, ${LEVELS[0].label} against ${LEVELS[1].label}`,
      ours: `${atInfo.toFixed(1)} µs (log line written)`,
      baseline: `${atWarn.toFixed(1)} µs at warn`,
      ratio: formatRatio(ratio),
      budget: budget('≤ 2×', ratio <= 2, knownLimit(`≤ ${HIT_AT_INFO_FLOOR}×`, ratio <= HIT_AT_INFO_FLOOR)),
    },
    {
      figure: '7',
      measure: "the invocation's log line: a cache hit at the default level less the same hit at warn (p50s, as above)",
      ours: `${lineUs.toFixed(1)} µs a line (serialised, written to the pipe)`,
      baseline: `the hit at warn ${atWarn.toFixed(1)} µs`,
      ratio: formatRatio(lineUs / atWarn),
      budget: budget('≤ 10 µs', lineUs <= 10, knownLimit(`≤ ${LOG_LINE_FLOOR_US} µs`, lineUs <= LOG_LINE_FLOOR_US)),
    },
  ];
}

/**
 * Why figure 7's p99 is a known limit: its p99 falls among the first uses, each a signature check by jose, which
 * calls WebCrypto. No budget: the row shows, in the same run, what that check costs against node:crypto's
 * synchronous one, which the aws-jwt-verify handler makes.
 */
function signatureCheckRow(output: HandlerChildOutput): Row {
  const [webCrypto, nodeCrypto] = [output.signatureChecks[WEBCRYPTO], output.signatureChecks[NODE_CRYPTO]];
  return {
    figure: '7',
    measure: 'what a first use waits for: one RS256 signature check alone, one after another (p99 against p99)',
    ours: `jose's crypto.subtle.verify ${times(webCrypto)}`,
    baseline: `aws-jwt-verify's crypto.verify (synchronous) ${times(nodeCrypto)}`,
    ratio: formatRatio(webCrypto.p99Us / nodeCrypto.p99Us),
  };
}

/**
 * What the signature check's trip through the thread pool costs by itself on this machine: the job handed to a
 * worker, the worker woken, the main thread woken back. No budget: it is the part of the row above (and of every
 * embedded-store write) that neither jose nor we can shorten.
 */
function poolRoundTripRow(output: HandlerChildOutput): Row {
  const [pool, inPlace] = [output.poolRoundTrips[ON_THE_POOL], output.poolRoundTrips[ON_THE_MAIN_THREAD]];
  return {
    figure: '7',
    measure: "the thread pool's round trip alone: one random byte, on the pool against on the main thread (p50 against p50)",
    ours: `crypto.randomFill ${times(pool)}`,
    baseline: `crypto.randomFillSync ${times(inPlace)}`,
    ratio: formatRatio(pool.p50Us / inPlace.p50Us),
  };
}

function times(t: CallTimes): string {
  return `p50 ${t.p50Us.toFixed(t.p50Us < 10 ? 1 : 0)} µs, p99 ${t.p99Us.toFixed(t.p99Us < 10 ? 1 : 0)} µs`;
}

function mixRows(output: HandlerChildOutput, label: string, defaultLevel: boolean): Row[] {
  const { mix, mixChunks } = output;
  const [ours, aws, jose] = [mix[MIX_OURS]!, mix[MIX_AWS]!, mix[MIX_JOSE]!];
  const callsPerSecond = (side: typeof ours) => (side.calls / side.totalMs) * 1000;
  // Decided on the chunks: each chunk's calls went through every side within the same second or two.
  const vsAws = median(mixChunks.map((chunk) => chunk[MIX_AWS]! / chunk[MIX_OURS]!));
  const vsJose = median(mixChunks.map((chunk) => chunk[MIX_JOSE]! / chunk[MIX_OURS]!));
  const minimum = defaultLevel ? 1.5 : 2;
  const p99Ratio = ours.p99Us / aws.p99Us;
  const side = (s: typeof ours) => `${formatRate(callsPerSecond(s), 'calls/s')}, p99 ${s.p99Us.toFixed(0)} µs`;
  const measure = `realistic mix: ${mix[MIX_OURS]!.calls.toLocaleString('en-US')} uses (each token's first a verification), ${label}`;
  return [
    {
      figure: '7',
      measure: `${measure}: throughput`,
      ours: side(ours),
      baseline: `aws-jwt-verify handler ${side(aws)}`,
      ratio: formatRatio(vsAws),
      budget: budget(`≥ ${minimum.toFixed(1)}×`, vsAws >= minimum),
    },
    {
      figure: '7',
      measure: `${measure}: p99 latency`,
      ours: ourLatencies(ours),
      baseline: peerLatencies(aws, jose),
      ratio: formatRatio(p99Ratio),
      budget: budget('p99 ≤ 1.5×', p99Ratio <= 1.5, knownLimit(`p99 ≤ ${MIX_P99_FLOOR}×`, p99Ratio <= MIX_P99_FLOOR)),
    },
    {
      figure: '7',
      measure: `${measure}: throughput`,
      ours: side(ours),
      baseline: `jose handler, no cache ${side(jose)}`,
      ratio: formatRatio(vsJose),
    },
  ];
}

/**
 * Figure 7 with a wait on a timer before every use, on every side: a Lambda sleeps between invocations, and code
 * that runs after a sleep runs slower (README "Performance"), the peers' too, while the back-to-back mix lets the
 * aws-jwt-verify handler, which never sleeps, run hot. No budget: the budgets judge the back-to-back mix.
 */
function spacedMixRow(output: HandlerChildOutput, label: string, waitMs: number): Row {
  const [ours, aws, jose] = [output.spacedMix[MIX_OURS]!, output.spacedMix[MIX_AWS]!, output.spacedMix[MIX_JOSE]!];
  return {
    figure: '7',
    measure: `the mix as a Lambda takes it: ${ours.calls.toLocaleString('en-US')} uses, each after a ${waitMs} ms wait, ${label}: p99 latency`,
    ours: ourLatencies(ours),
    baseline: peerLatencies(aws, jose),
    ratio: formatRatio(ours.p99Us / aws.p99Us),
  };
}

function ourLatencies(ours: MixSide): string {
  return `p99 ${ours.p99Us.toFixed(0)} µs, p50 ${ours.p50Us.toFixed(1)} µs; first uses p99 ${ours.firstUseP99Us.toFixed(0)} µs`;
}

function peerLatencies(aws: MixSide, jose: MixSide): string {
  return `aws-jwt-verify handler p99 ${aws.p99Us.toFixed(0)} µs, p50 ${aws.p50Us.toFixed(1)} µs; jose handler p99 ${jose.p99Us.toFixed(0)} µs`;
}

/** Each of `users` used `usesPerUser` times, in one shuffled sequence of user indices. */
function shuffledUses(users: number, usesPerUser: number): number[] {
  return shuffled(Array.from({ length: users * usesPerUser }, (_, i) => i % users));
}

/** Signed a batch at a time: WebCrypto signs on the thread pool, so both cores take part. */
async function signDistinct(factory: TokenFactory, count: number, prefix: string): Promise<string[]> {
  const tokens: string[] = [];
  for (let i = 0; i < count; i += 64) {
    const batch = Array.from({ length: Math.min(64, count - i) }, (_, j) => factory.sign({ sub: `${prefix}-user-${i + j}`, jti: randomUUID() }));
    tokens.push(...(await Promise.all(batch)));
  }
  return tokens;
}
