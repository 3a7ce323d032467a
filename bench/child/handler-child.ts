import { createPublicKey, randomFill, randomFillSync, randomUUID, verify, webcrypto } from 'node:crypto';
import { JwtVerifier } from 'aws-jwt-verify';
import type { Jwks } from 'aws-jwt-verify/jwk';
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from 'jose';
import type { ConnectorLambdaHandler, LambdaContextLike } from '#adapters/lambda/lambda-handler.js';
import { loadConfig } from '#main/config/load-config.js';
import { createConnector } from '#main/create-connector.js';
import { activateUserEvent, expectActivated, type EnvelopeLike } from '../support/connector-event.js';
import { instantIdentitySource } from '../support/instant-identity-source.js';
import type { BenchSettings } from '../support/settings.js';
import { quantile, shuffled } from '../support/stats.js';

/**
 * Figures 1, 2 and 7 in a process of their own, configured as a Lambda is: `dist/main/lambda.js` composes the
 * connector from this process's environment (LOG_LEVEL as the parent passed it, default info), keys come over
 * https from the parent, and stdout (one JSON line per invocation at info) is a pipe the parent drains, as the
 * Lambda runtime's. The parent sends the tokens and the key set; the answer goes back over IPC.
 */
export interface HandlerChildInput {
  readonly settings: BenchSettings['handler'];
  readonly mix: BenchSettings['mix'];
  readonly jwks: JSONWebKeySet;
  readonly issuer: string;
  readonly audience: string;
  /** Distinct tokens for figure 1: JIT warm-up of both paths, then the rounds. */
  readonly pool: readonly string[];
  /** Figure 2's token, verified once before the rounds. */
  readonly retry: string;
  /** Figure 7: one token per user, then the shuffled sequence of uses (indices into users). */
  readonly users: readonly string[];
  readonly warmupUsers: readonly string[];
  readonly sequence: readonly number[];
  /** Figure 7 as a Lambda takes it: users of their own, each use after a wait of `mix.spaced.waitMs`. */
  readonly spaced: { readonly users: readonly string[]; readonly sequence: readonly number[] };
}

export interface MixSide {
  readonly calls: number;
  readonly totalMs: number;
  readonly p50Us: number;
  readonly p99Us: number;
  readonly maxUs: number;
  /** The calls answered from our cache (a user's later uses; every use after the first on the peers' sides too). */
  readonly hitP50Us: number;
  /** A user's first use: a verification on every side. */
  readonly firstUseP99Us: number;
}

export interface HandlerChildOutput {
  /** Figure 1 and 2: ops/s of every task, round by round. */
  readonly rounds: Record<string, number>[];
  /** Figure 7: per side, over the whole sequence; and per chunk, each side's time on the same calls. */
  readonly mix: Record<string, MixSide>;
  readonly mixChunks: Record<string, number>[];
  /** The same sides through the spaced mix: its latencies; its totals include the waits and mean nothing. */
  readonly spacedMix: Record<string, MixSide>;
  /** How many times our handler was invoked here: the parent checks the log lines against it. */
  readonly ourInvocations: number;
  /** What a first use waits for: one RS256 signature check, alone, by each crypto API. */
  readonly signatureChecks: Record<typeof WEBCRYPTO | typeof NODE_CRYPTO, CallTimes>;
  /** What the thread pool's round trip costs by itself: the least work, there and on the main thread. */
  readonly poolRoundTrips: Record<typeof ON_THE_POOL | typeof ON_THE_MAIN_THREAD, CallTimes>;
}

export interface CallTimes {
  readonly p50Us: number;
  readonly p99Us: number;
  readonly meanUs: number;
}

export const OURS = 'ours: handler(event), distinct tokens';
export const JOSE = 'jose.jwtVerify, local key set';
export const AWS = 'aws-jwt-verify JwtVerifier, cached keys';
export const RETRY = 'ours: handler(event), same token again';
export const OURS_ALONE = 'ours: handler(event), distinct tokens, an identity source that answers at once';
export const JOSE_THEN_ALONE = 'jose.jwtVerify, then the same token through a connector like OURS_ALONE';
export const MIX_OURS = 'ours: dist/main/lambda.js handler';
export const MIX_AWS = 'aws-jwt-verify handler (bench/peer)';
export const MIX_JOSE = 'jose handler without cache (bench/peer)';
export const WEBCRYPTO = 'crypto.subtle.verify (jose)';
export const NODE_CRYPTO = 'crypto.verify, synchronous (aws-jwt-verify)';
export const ON_THE_POOL = 'crypto.randomFill of 1 byte (thread pool)';
export const ON_THE_MAIN_THREAD = 'crypto.randomFillSync of 1 byte';

const JOSE_OPTIONS = { algorithms: ['RS256', 'ES256', 'PS256', 'EdDSA'], clockTolerance: 5, requiredClaims: ['exp'] };

async function run(input: HandlerChildInput): Promise<HandlerChildOutput> {
  const { handler } = (await import('#main/lambda.js')) as { handler: ConnectorLambdaHandler };
  const peers = {
    [MIX_AWS]: (await import('../peer/aws-jwt-verify-handler.js')).handler,
    [MIX_JOSE]: (await import('../peer/jose-handler.js')).handler,
  };
  let ourInvocations = 0;
  const ours = async (event: Record<string, unknown>, context: LambdaContextLike = lambdaContext()): Promise<EnvelopeLike> => {
    ourInvocations += 1;
    return handler(event, context);
  };
  // Two, each with a cache of its own: figure 1 sends both tasks the same tokens, each of which must be a miss.
  const [alone, afterJose] = [handlerWithoutVerification(), handlerWithoutVerification()].map(
    (handle) =>
      async (event: Record<string, unknown>, context: LambdaContextLike = lambdaContext()): Promise<EnvelopeLike> => {
        ourInvocations += 1;
        return handle(event, context);
      },
  );
  const rounds = await figureOne(input, ours, { alone: alone!, afterJose: afterJose! });
  const handlers = { [MIX_OURS]: ours, ...peers };
  const warmEvents = input.warmupUsers.map(activateUserEvent);
  for (const handle of Object.values(handlers)) for (const event of warmEvents) expectActivated((await handle(event)) as EnvelopeLike);
  const { sides, chunks } = await realisticMix(input.users, input.sequence, input.mix.chunk, handlers, 0);
  const spaced = await realisticMix(input.spaced.users, input.spaced.sequence, input.mix.chunk, handlers, input.mix.spaced.waitMs);
  return {
    rounds,
    mix: sides,
    mixChunks: chunks,
    spacedMix: spaced.sides,
    ourInvocations,
    signatureChecks: await signatureChecks(input),
    poolRoundTrips: await poolRoundTrips(),
  };
}

/**
 * Figure 1's layers by themselves: the connector composed as dist/main/lambda.js composes it, from the same
 * environment, but with one identity source, which answers every token at once without verifying it.
 */
function handlerWithoutVerification(): ConnectorLambdaHandler {
  const identitySources = { instant: instantIdentitySource() };
  return createConnector(loadConfig({ ...process.env, C2C_IDENTITY_SOURCES: 'instant' }), { identitySources }).handler;
}

/** Figures 1 and 2: the tasks in a new random order every round, every token new to every task. */
type OurHandler = (event: Record<string, unknown>, context?: LambdaContextLike) => Promise<EnvelopeLike>;

async function figureOne(input: HandlerChildInput, ours: OurHandler, withoutVerification: { alone: OurHandler; afterJose: OurHandler }) {
  const { settings } = input;
  const options = { ...JOSE_OPTIONS, issuer: input.issuer, audience: input.audience };
  const joseKeys = createLocalJWKSet(input.jwks);
  const awsVerifier = JwtVerifier.create({ issuer: input.issuer, audience: input.audience, jwksUri: 'https://127.0.0.1/unused' });
  awsVerifier.cacheJwks(JSON.parse(JSON.stringify(input.jwks)) as Jwks);
  const pool = [...input.pool];
  // Both verifying paths run a while before any round is timed, as in a warm Lambda.
  for (const token of pool.splice(0, settings.jitWarmup)) expectActivated(await ours(activateUserEvent(token)));
  for (const token of pool.splice(0, settings.jitWarmup)) await jwtVerify(token, joseKeys, options);
  // Connectors of their own, with caches of their own: the tokens `ours` has seen are new to them.
  for (const handle of Object.values(withoutVerification)) {
    for (const token of input.pool.slice(0, settings.jitWarmup)) expectActivated(await handle(activateUserEvent(token)));
  }
  const retryEvent = activateUserEvent(input.retry);
  expectActivated(await ours(retryEvent));

  const perRound = settings.warmup + settings.iterations;
  const rounds: Record<string, number>[] = [];
  for (let r = 0; r < settings.rounds; r += 1) {
    const tokens = pool.slice(r * perRound, (r + 1) * perRound);
    const events = tokens.map(activateUserEvent);
    const contexts = tokens.map(lambdaContext);
    const tasks: [string, (i: number) => Promise<unknown>][] = [
      [OURS, async (i) => expectActivated(await ours(events[i]!, contexts[i]))],
      [JOSE, (i) => jwtVerify(tokens[i]!, joseKeys, options)],
      [AWS, (i) => awsVerifier.verify(tokens[i]!)],
      [RETRY, async () => expectActivated(await ours(retryEvent))],
      [OURS_ALONE, async (i) => expectActivated(await withoutVerification.alone(events[i]!, contexts[i]))],
      [
        JOSE_THEN_ALONE,
        async (i) => {
          await jwtVerify(tokens[i]!, joseKeys, options);
          expectActivated(await withoutVerification.afterJose(events[i]!, contexts[i]));
        },
      ],
    ];
    const round: Record<string, number> = {};
    // One call at a time, as a Lambda takes them; the first `warmup` calls of a task are not timed.
    for (const [name, call] of shuffled(tasks)) {
      for (let i = 0; i < settings.warmup; i += 1) await call(i);
      const started = performance.now();
      for (let i = settings.warmup; i < perRound; i += 1) await call(i);
      round[name] = (settings.iterations / (performance.now() - started)) * 1000;
    }
    rounds.push(round);
  }
  return rounds;
}

type Handler = (event: Record<string, unknown>) => Promise<unknown>;

/**
 * Figure 7: the same shuffled sequence of uses through each handler, a chunk at a time with the sides in a
 * new random order every chunk, so that each chunk's times are taken in the same moment of the machine. Our
 * handler keeps its cache across chunks: a user's first use is a verification, the later ones are hits.
 * With `waitMs`, each use waits that long on a timer before it is timed, as a Lambda waits for its next event.
 */
async function realisticMix(users: readonly string[], sequence: readonly number[], chunkSize: number, handlers: Record<string, Handler>, waitMs: number) {
  const names = Object.keys(handlers);
  const userEvents = users.map(activateUserEvent);
  const latencies: Record<string, Float64Array> = Object.fromEntries(names.map((name) => [name, new Float64Array(sequence.length)]));
  const totals: Record<string, number> = Object.fromEntries(names.map((name) => [name, 0]));
  const chunks: Record<string, number>[] = [];
  const wait = () => new Promise((resolve) => setTimeout(resolve, waitMs));
  for (let start = 0; start < sequence.length; start += chunkSize) {
    const end = Math.min(start + chunkSize, sequence.length);
    const chunk: Record<string, number> = {};
    for (const name of shuffled(names)) {
      const handle = handlers[name]!;
      const times = latencies[name]!;
      const chunkStarted = performance.now();
      for (let i = start; i < end; i += 1) {
        if (waitMs > 0) await wait();
        const started = performance.now();
        const answer = (await handle(userEvents[sequence[i]!]!)) as EnvelopeLike;
        times[i] = performance.now() - started;
        expectActivated(answer);
      }
      chunk[name] = performance.now() - chunkStarted;
      totals[name]! += chunk[name];
    }
    chunks.push(chunk);
  }
  const seen = new Set<number>();
  const firstUse = sequence.map((user) => {
    if (seen.has(user)) return false;
    seen.add(user);
    return true;
  });
  const quantileUs = (valuesMs: readonly number[], q: number) => quantile(valuesMs, q) * 1000;
  const sides = Object.fromEntries(
    names.map((name) => {
      const all = [...latencies[name]!];
      const hits = all.filter((_, i) => !firstUse[i]);
      const firsts = all.filter((_, i) => firstUse[i]);
      const side: MixSide = {
        calls: all.length,
        totalMs: totals[name]!,
        p50Us: quantileUs(all, 0.5),
        p99Us: quantileUs(all, 0.99),
        maxUs: quantileUs(all, 1),
        hitP50Us: quantileUs(hits, 0.5),
        firstUseP99Us: quantileUs(firsts, 0.99),
      };
      return [name, side];
    }),
  );
  return { sides, chunks };
}

/**
 * The signature check alone, on the mix's tokens, one after another as a Lambda takes them: WebCrypto's, which
 * jose calls and Node runs on its thread pool (the main thread waits for a worker and is woken back), and
 * node:crypto's synchronous one on the main thread, which aws-jwt-verify calls. A chunk at a time, in a new
 * random order every chunk.
 */
async function signatureChecks(input: HandlerChildInput): Promise<HandlerChildOutput['signatureChecks']> {
  const jwk = input.jwks.keys[0]!;
  const cryptoKey = await webcrypto.subtle.importKey('jwk', jwk, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['verify']);
  const keyObject = createPublicKey({ key: { ...jwk }, format: 'jwk' });
  const signed = input.users.map((token) => {
    const dot = token.lastIndexOf('.');
    return { data: Buffer.from(token.slice(0, dot)), signature: Buffer.from(token.slice(dot + 1), 'base64url') };
  });
  const checks: Record<keyof HandlerChildOutput['signatureChecks'], (i: number) => Promise<boolean> | boolean> = {
    [WEBCRYPTO]: (i) => webcrypto.subtle.verify('RSASSA-PKCS1-v1_5', cryptoKey, signed[i]!.signature, signed[i]!.data),
    [NODE_CRYPTO]: (i) => verify('RSA-SHA256', signed[i]!.data, keyObject, signed[i]!.signature),
  };
  return timeOneAfterAnother(checks, signed.length, (name) => `${name} refused a signature the bench made`);
}

/** The thread pool's round trip with next to no work in it (one random byte), against the same work done in place. */
function poolRoundTrips(): Promise<HandlerChildOutput['poolRoundTrips']> {
  const byte = Buffer.alloc(1);
  const checks: Record<keyof HandlerChildOutput['poolRoundTrips'], () => Promise<boolean> | boolean> = {
    [ON_THE_POOL]: () => new Promise((resolve, reject) => randomFill(byte, (error) => (error === null ? resolve(true) : reject(error)))),
    [ON_THE_MAIN_THREAD]: () => randomFillSync(byte) === byte,
  };
  return timeOneAfterAnother(checks, 10_000, (name) => `${name} failed`);
}

/**
 * Times `count` calls of each check, one after another as a Lambda takes them, a chunk of 100 at a time with
 * the checks in a new random order every chunk; the first chunk warms every path and is not counted.
 */
async function timeOneAfterAnother<K extends string>(
  checks: Record<K, (i: number) => Promise<boolean> | boolean>,
  count: number,
  failure: (name: K) => string,
): Promise<Record<K, CallTimes>> {
  const names = Object.keys(checks) as K[];
  const times = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<K, number[]>;
  for (let start = 0; start < count; start += 100) {
    for (const name of shuffled(names)) {
      for (let i = start; i < Math.min(start + 100, count); i += 1) {
        const started = performance.now();
        if (!(await checks[name](i))) throw new Error(failure(name));
        if (start > 0) times[name].push((performance.now() - started) * 1000);
      }
    }
  }
  const summary = (valuesUs: number[]): CallTimes => ({
    p50Us: quantile(valuesUs, 0.5),
    p99Us: quantile(valuesUs, 0.99),
    meanUs: valuesUs.reduce((sum, value) => sum + value, 0) / valuesUs.length,
  });
  return Object.fromEntries(names.map((name) => [name, summary(times[name])])) as Record<K, CallTimes>;
}

function lambdaContext(): LambdaContextLike {
  return { awsRequestId: randomUUID(), getRemainingTimeInMillis: () => 2000 };
}

process.once('message', (input: HandlerChildInput) => {
  run(input).then(
    (output) => process.send?.({ output }, () => process.exit(0)),
    (error: unknown) => process.send?.({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) }, () => process.exit(1)),
  );
});
