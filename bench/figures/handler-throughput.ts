import { randomUUID } from 'node:crypto';
import { JwtVerifier } from 'aws-jwt-verify';
import type { Jwks } from 'aws-jwt-verify/jwk';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { Bench, type Task } from 'tinybench';
import type { LambdaContextLike } from '#adapters/lambda/lambda-handler.js';
import { loadConfig } from '#main/config/load-config.js';
import { createConnector } from '#main/create-connector.js';
import { activateUserEvent, expectActivated } from '../support/connector-event.js';
import { budget, formatRate, formatRatio, knownLimit, type FigureResult } from '../support/report.js';
import type { BenchSettings } from '../support/settings.js';
import { median, round, shuffled } from '../support/stats.js';
import { sendJson, startLoopbackServer, TokenFactory } from '#main/testing/index.js';

const ISSUER = 'https://issuer.bench.example';
const AUDIENCE = 'urn:c2c:connector';
const ALGORITHMS = ['RS256', 'ES256', 'PS256', 'EdDSA'];
/** What the connector's verifier checks, so that jose does the same work. */
const JOSE_OPTIONS = { issuer: ISSUER, audience: AUDIENCE, algorithms: ALGORITHMS, clockTolerance: 5, requiredClaims: ['exp'] };

const OURS = 'ours: handler(event), distinct tokens';
const JOSE = 'jose.jwtVerify, local key set';
const AWS = 'aws-jwt-verify JwtVerifier, cached keys';
const RETRY = 'ours: handler(event), same token again';

/**
 * Figures 1 and 2. The connector's Lambda handler (container built once, keys cached) against the raw
 * libraries on the same RS256 tokens; every token is verified once per kind, so an identity cache cannot
 * help figure 1. Figure 2 sends one token over and over: a cache answers it from memory.
 */
export async function measureHandlerThroughput(settings: BenchSettings['handler']): Promise<FigureResult> {
  const factory = await TokenFactory.create({ issuer: ISSUER, audience: AUDIENCE, alg: 'RS256' });
  const jwksServer = await startLoopbackServer((_request, response) => sendJson(response, 200, factory.jwks()));
  try {
    const config = loadConfig({
      LOG_LEVEL: 'warn',
      C2C_JWKS_URI: `${jwksServer.url}/jwks`,
      C2C_JWT_ISSUER: ISSUER,
      C2C_JWT_AUDIENCE: AUDIENCE,
    });
    const { handler } = createConnector(config);
    const joseKeys = createLocalJWKSet(factory.jwks());
    const awsVerifier = JwtVerifier.create({ issuer: ISSUER, audience: AUDIENCE, jwksUri: `${jwksServer.url}/jwks` });
    // hydrate() would fetch over https only; cacheJwks() puts the same key set in the same cache.
    awsVerifier.cacheJwks(JSON.parse(JSON.stringify(factory.jwks())) as Jwks);

    const perRound = settings.warmup + settings.iterations;
    const pool = await signDistinct(factory, settings.jitWarmup * 2 + settings.rounds * perRound);
    // Both verifying paths run a while before any round is timed, as in a warm Lambda: otherwise the first
    // round compares interpreted code with jose's few hot functions.
    for (const token of pool.splice(0, settings.jitWarmup)) expectActivated(await handler(activateUserEvent(token), lambdaContext()));
    for (const token of pool.splice(0, settings.jitWarmup)) await jwtVerify(token, joseKeys, JOSE_OPTIONS);
    const retryEvent = activateUserEvent(await factory.sign({ sub: 'retry-user' }));
    // The retried token was verified once already: what a retry after a lost answer looks like.
    expectActivated(await handler(retryEvent));

    const rounds: Record<string, number>[] = [];
    for (let r = 0; r < settings.rounds; r += 1) {
      const tokens = pool.slice(r * perRound, (r + 1) * perRound);
      const events = tokens.map(activateUserEvent);
      const contexts = tokens.map(lambdaContext);
      const next = counters();
      const bench = new Bench({
        name: `handler round ${r + 1}`,
        time: 0,
        iterations: settings.iterations,
        warmupTime: 0,
        warmupIterations: settings.warmup,
        throws: true,
      });
      const tasks: [string, () => Promise<void>][] = [
        [OURS, async () => {
          const i = next(OURS);
          expectActivated(await handler(events[i]!, contexts[i]));
        }],
        [JOSE, async () => {
          await jwtVerify(tokens[next(JOSE)]!, joseKeys, JOSE_OPTIONS);
        }],
        [AWS, async () => {
          await awsVerifier.verify(tokens[next(AWS)]!);
        }],
        [RETRY, async () => expectActivated(await handler(retryEvent, lambdaContext()))],
      ];
      for (const [name, fn] of shuffled(tasks)) bench.add(name, fn, { async: true });
      await bench.run();
      rounds.push(Object.fromEntries(bench.tasks.map((task) => [task.name, opsPerSecond(task)])));
    }

    const ratio = (a: string, b: string) => median(rounds.map((round) => round[a]! / round[b]!));
    const rate = (name: string) => median(rounds.map((round) => round[name]!));
    const oursVsJose = ratio(OURS, JOSE);
    const oursVsAws = ratio(OURS, AWS);
    const retryVsFirst = ratio(RETRY, OURS);
    return {
      rows: [
        {
          figure: '1',
          measure: 'ActivateUser, JWT, keys cached, distinct tokens',
          ours: formatRate(rate(OURS)),
          baseline: `jose.jwtVerify ${formatRate(rate(JOSE))}`,
          ratio: formatRatio(oursVsJose),
          budget: budget('≥ 0.90×', oursVsJose >= 0.9, knownLimit('≥ 0.60×', oursVsJose >= 0.6)),
        },
        {
          figure: '1',
          measure: 'ActivateUser, JWT, keys cached, distinct tokens',
          ours: formatRate(rate(OURS)),
          baseline: `aws-jwt-verify ${formatRate(rate(AWS))}`,
          ratio: formatRatio(oursVsAws),
        },
        {
          figure: '2',
          measure: 'ActivateUser retry of the same token',
          ours: formatRate(rate(RETRY)),
          baseline: `first verification ${formatRate(rate(OURS))}`,
          ratio: formatRatio(retryVsFirst),
          budget: budget('≥ 10×', retryVsFirst >= 10),
        },
      ],
      data: {
        algorithm: 'RS256 (2048-bit)',
        tokensPerKindPerRound: settings.iterations,
        warmupPerRound: settings.warmup,
        opsPerSecondByRound: rounds.map((round) => Object.fromEntries(Object.entries(round).map(([k, v]) => [k, Math.round(v)]))),
        opsPerSecondMedian: { [OURS]: Math.round(rate(OURS)), [JOSE]: Math.round(rate(JOSE)), [AWS]: Math.round(rate(AWS)), [RETRY]: Math.round(rate(RETRY)) },
        ratios: { oursVsJose: round(oursVsJose, 3), oursVsAwsJwtVerify: round(oursVsAws, 3), retryVsFirst: round(retryVsFirst, 3) },
      },
    };
  } finally {
    await jwksServer.close();
  }
}

/** One index per task into the round's tokens: each token is used once per kind (warm-up included). */
function counters(): (name: string) => number {
  const positions = new Map<string, number>();
  return (name) => {
    const position = positions.get(name) ?? 0;
    positions.set(name, position + 1);
    return position;
  };
}

/** What the Lambda runtime passes with every invocation: its own request id and the time left. */
function lambdaContext(): LambdaContextLike {
  return { awsRequestId: randomUUID(), getRemainingTimeInMillis: () => 2000 };
}

/** Signed a batch at a time: WebCrypto signs on the thread pool, so both cores take part. */
async function signDistinct(factory: TokenFactory, count: number): Promise<string[]> {
  const tokens: string[] = [];
  for (let i = 0; i < count; i += 64) {
    const batch = Array.from({ length: Math.min(64, count - i) }, (_, j) => factory.sign({ sub: `user-${i + j}`, jti: randomUUID() }));
    tokens.push(...(await Promise.all(batch)));
  }
  return tokens;
}

/** Throughput as the mean says it (1 / mean latency), not the mean of per-sample rates, which favours fast outliers. */
function opsPerSecond(task: Task): number {
  const result = task.result;
  if (result.state !== 'completed') throw new Error(`${task.name}: ${result.state}`);
  return 1000 / result.latency.mean;
}
