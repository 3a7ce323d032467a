import { spawn, type ChildProcess } from 'node:child_process';
import autocannon from 'autocannon';
import { activateUserEvent } from '../support/connector-event.js';
import { REPO_ROOT } from '../support/paths.js';
import { budget, formatMs, formatRate, formatRatio, knownLimit, type FigureResult } from '../support/report.js';
import type { BenchSettings } from '../support/settings.js';
import { median, round } from '../support/stats.js';
import { sendJson, startLoopbackServer, TokenFactory } from '#main/testing/index.js';

const ISSUER = 'https://issuer.bench.example';
const AUDIENCE = 'urn:c2c:connector';

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
 * Figure 5: `POST /connector` with autocannon against our HTTP entry and against a bare fastify route
 * answering a constant, each server alone in a child process, same connections and duration, alternating.
 * Every request carries the same valid token (what autocannon sends): the cache, when present, answers it.
 */
export async function measureHttpThroughput(settings: BenchSettings['http']): Promise<FigureResult> {
  const factory = await TokenFactory.create({ issuer: ISSUER, audience: AUDIENCE, alg: 'RS256' });
  const jwksServer = await startLoopbackServer((_request, response) => sendJson(response, 200, factory.jwks()));
  const body = JSON.stringify(activateUserEvent(await factory.sign({ sub: 'http-user' })));
  const env = { ...process.env, C2C_JWKS_URI: `${jwksServer.url}/jwks`, C2C_JWT_ISSUER: ISSUER, C2C_JWT_AUDIENCE: AUDIENCE };
  const targets: Target[] = [];
  try {
    const bare = await startTarget('bare', env);
    targets.push(bare);
    const ours = await startTarget('connector', env);
    targets.push(ours);
    const load = (target: Target, durationS: number) => fire(`${target.url}/connector`, body, settings.connections, durationS);

    await load(bare, settings.warmupS);
    await load(ours, settings.warmupS);
    const rounds: { bare: Load; ours: Load }[] = [];
    for (let r = 0; r < settings.rounds; r += 1) {
      const bareLoad = await load(bare, settings.durationS);
      const oursLoad = await load(ours, settings.durationS);
      if (oursLoad.non2xx > 0 || oursLoad.errors > 0) {
        throw new Error(`POST /connector answered ${oursLoad.non2xx} non-2xx and ${oursLoad.errors} errors under load`);
      }
      rounds.push({ bare: bareLoad, ours: oursLoad });
    }
    const ratio = median(rounds.map((r) => r.ours.requestsPerSecond / r.bare.requestsPerSecond));
    const oursRate = median(rounds.map((r) => r.ours.requestsPerSecond));
    const bareRate = median(rounds.map((r) => r.bare.requestsPerSecond));
    const oursP99 = median(rounds.map((r) => r.ours.p99Ms));
    const bareP99 = median(rounds.map((r) => r.bare.p99Ms));
    return {
      rows: [
        {
          figure: '5',
          measure: `POST /connector, autocannon ${settings.connections} conns × ${settings.durationS} s, same token`,
          ours: `${formatRate(oursRate, 'req/s')}, p99 ${formatMs(oursP99, 0)}`,
          baseline: `bare fastify ${formatRate(bareRate, 'req/s')}, p99 ${formatMs(bareP99, 0)}`,
          ratio: formatRatio(ratio),
          budget: budget('≥ 0.70×', ratio >= 0.7, knownLimit('≥ 0.50×', ratio >= 0.5)),
        },
      ],
      data: { connections: settings.connections, durationS: settings.durationS, rounds, ratio: round(ratio, 3) },
    };
  } finally {
    for (const target of targets) target.child.kill();
    await jwksServer.close();
  }
}

async function fire(url: string, body: string, connections: number, durationS: number): Promise<Load> {
  const result = await autocannon({
    url,
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json' },
    connections,
    duration: durationS,
  });
  return {
    requestsPerSecond: result.requests.average,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

function startTarget(kind: 'bare' | 'connector', env: NodeJS.ProcessEnv): Promise<Target> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [`${REPO_ROOT}dist-bench/bench/servers/http-target.js`, kind], {
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`the ${kind} server exited ${code} before listening`)));
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split('\n')[0];
      if (output.includes('\n') && line !== undefined) resolve({ url: line.trim(), child });
    });
  });
}
