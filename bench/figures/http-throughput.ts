import { fork, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import { activateUserEvent } from '../support/connector-event.js';
import { REPO_ROOT } from '../support/paths.js';
import { budget, formatMs, formatRate, formatRatio, knownLimit, type FigureResult, type Row } from '../support/report.js';
import type { BenchSettings } from '../support/settings.js';
import { median, round, shuffled } from '../support/stats.js';
import { sendJson, startLoopbackServer, TokenFactory } from '#main/testing/index.js';

const ISSUER = 'https://issuer.bench.example';
const AUDIENCE = 'urn:c2c:connector';
/** More distinct tokens than the identity cache keeps (10 000 by default): sent in turn, every one is a miss. */
const DISTINCT_TOKENS = 10_500;

type Kind = 'bare' | 'bare-jose' | 'connector';

/** The known limits' floors (README "Performance", figure 5), at the default log level: the same token measured 0.31–0.57×. */
const FLOORS = { same: 0.25, distinct: 0.5 } as const;

interface Target {
  readonly url: string;
  readonly child: ChildProcess;
}

interface Load {
  readonly requestsPerSecond: number;
  readonly p99Ms: number;
  readonly non2xx: number;
  readonly errors: number;
}

/**
 * Figure 5: `POST /connector` with autocannon against our HTTP entry and against bare fastify routes, each
 * server alone in a child process, same connections and duration, in a new random order every round; each
 * ratio is the median of the rounds' ratios. Two cases: every request with the same token (the cache answers
 * it; the baseline answers a constant), and every request with a token new to the connector (the baseline
 * verifies it with jose.jwtVerify, the least a distinct token needs).
 */
export async function measureHttpThroughput(settings: BenchSettings['http']): Promise<FigureResult> {
  const factory = await TokenFactory.create({ issuer: ISSUER, audience: AUDIENCE, alg: 'RS256' });
  const jwksServer = await startLoopbackServer((_request, response) => sendJson(response, 200, factory.jwks()));
  const sameBody = JSON.stringify(activateUserEvent(await factory.sign({ sub: 'http-user' })));
  const distinctBodies = await signBodies(factory, DISTINCT_TOKENS);
  let nextDistinct = 0;
  const distinctBody = () => distinctBodies[nextDistinct++ % distinctBodies.length]!;
  const env = {
    PATH: process.env['PATH'],
    C2C_JWKS_URI: `${jwksServer.url}/jwks`,
    C2C_JWT_ISSUER: ISSUER,
    C2C_JWT_AUDIENCE: AUDIENCE,
    C2C_BENCH_JWKS: JSON.stringify(factory.jwks()),
  };
  // What the connector logs goes to a process of its own, as a container runtime or the Lambda agent reads it.
  const drain = spawn(process.execPath, ['-e', 'process.stdin.resume()'], { stdio: ['pipe', 'ignore', 'inherit'] });
  const targets: Target[] = [];
  try {
    const start = async (kind: Kind) => {
      const target = await startTarget(kind, env, drain);
      targets.push(target);
      return target;
    };
    const [bare, bareJose, ours] = [await start('bare'), await start('bare-jose'), await start('connector')];
    const cases = {
      same: { baseline: bare, body: () => sameBody },
      distinct: { baseline: bareJose, body: distinctBody },
    } as const;
    const load = (target: Target, body: () => string, durationS: number) =>
      fire(`${target.url}/connector`, body, settings.connections, durationS);
    for (const { baseline, body } of Object.values(cases)) {
      await load(baseline, body, settings.warmupS);
      await load(ours, body, settings.warmupS);
    }
    const rounds: Record<'same' | 'distinct', { baseline: Load; ours: Load }[]> = { same: [], distinct: [] };
    for (let r = 0; r < settings.rounds; r += 1) {
      for (const name of shuffled(['same', 'distinct'] as const)) {
        const { baseline, body } = cases[name];
        const measured: Partial<{ baseline: Load; ours: Load }> = {};
        for (const side of shuffled(['baseline', 'ours'] as const)) {
          measured[side] = await load(side === 'ours' ? ours : baseline, body, settings.durationS);
        }
        const oursLoad = measured.ours!;
        if (oursLoad.non2xx > 0 || oursLoad.errors > 0) {
          throw new Error(`POST /connector (${name} token) answered ${oursLoad.non2xx} non-2xx and ${oursLoad.errors} errors under load`);
        }
        rounds[name].push({ baseline: measured.baseline!, ours: oursLoad });
      }
    }
    const rows: Row[] = [];
    for (const [name, label, baselineName] of [
      ['same', 'same token', 'bare fastify'],
      ['distinct', 'distinct tokens', 'bare fastify + jose.jwtVerify'],
    ] as const) {
      const measured = rounds[name];
      const ratio = median(measured.map((r) => r.ours.requestsPerSecond / r.baseline.requestsPerSecond));
      const side = (pick: (r: { baseline: Load; ours: Load }) => Load) =>
        `${formatRate(median(measured.map((r) => pick(r).requestsPerSecond)), 'req/s')}, p99 ${formatMs(median(measured.map((r) => pick(r).p99Ms)), 0)}`;
      rows.push({
        figure: '5',
        measure: `POST /connector, autocannon ${settings.connections} conns × ${settings.durationS} s, ${label}, median of ${settings.rounds} rounds`,
        ours: side((r) => r.ours),
        baseline: `${baselineName} ${side((r) => r.baseline)}`,
        ratio: formatRatio(ratio),
        budget: budget('≥ 0.70×', ratio >= 0.7, knownLimit(`≥ ${FLOORS[name].toFixed(2)}×`, ratio >= FLOORS[name])),
      });
    }
    return {
      rows,
      data: {
        connections: settings.connections,
        durationS: settings.durationS,
        distinctTokens: DISTINCT_TOKENS,
        rounds,
        ratios: Object.fromEntries(
          Object.entries(rounds).map(([name, measured]) => [name, measured.map((r) => round(r.ours.requestsPerSecond / r.baseline.requestsPerSecond, 3))]),
        ),
      },
    };
  } finally {
    for (const target of targets) target.child.kill();
    drain.kill();
    await jwksServer.close();
  }
}

async function fire(url: string, body: () => string, connections: number, durationS: number): Promise<Load> {
  const result = await autocannon({
    url,
    connections,
    duration: durationS,
    requests: [{ method: 'POST', headers: { 'content-type': 'application/json' }, setupRequest: (request) => ({ ...request, body: body() }) }],
  });
  return {
    requestsPerSecond: result.requests.average,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

function startTarget(kind: Kind, env: NodeJS.ProcessEnv, drain: ChildProcess): Promise<Target> {
  return new Promise((resolve, reject) => {
    const stdout = drain.stdin ?? 'ignore';
    const child = fork(`${REPO_ROOT}dist-bench/bench/servers/http-target.js`, [kind], { env, stdio: ['ignore', stdout, 'inherit', 'ipc'] });
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`the ${kind} server exited ${code} before listening`)));
    child.once('message', (message: { url: string }) => resolve({ url: message.url, child }));
  });
}

async function signBodies(factory: TokenFactory, count: number): Promise<string[]> {
  const bodies: string[] = [];
  for (let i = 0; i < count; i += 64) {
    const batch = Array.from({ length: Math.min(64, count - i) }, (_, j) => factory.sign({ sub: `http-user-${i + j}`, jti: randomUUID() }));
    for (const token of await Promise.all(batch)) bodies.push(JSON.stringify(activateUserEvent(token)));
  }
  return bodies;
}
