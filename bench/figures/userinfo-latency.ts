import { randomBytes } from 'node:crypto';
import type { AxiosInstance } from 'axios';
import { Agent, get } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { Bench, type Task } from 'tinybench';
import { loadConfig } from '#main/config/load-config.js';
import { createConnector } from '#main/create-connector.js';
import { TOKENS } from '#main/tokens.js';
import { activateUserEvent, expectActivated } from '../support/connector-event.js';
import { budget, formatMs, formatRatio, knownLimit, type FigureResult } from '../support/report.js';
import type { BenchSettings } from '../support/settings.js';
import { round } from '../support/stats.js';
import { sendJson, startLoopbackServer } from '#main/testing/index.js';

const NO_CACHE = 'ours, distinct tokens (no cache)';
const CACHED = 'ours, same token again (cache path)';
const AXIOS = 'axios.get alone, the connector\'s own client';
const BARE = 'bare node:http keep-alive GET';
const BUDGET_P99_MS = 3;
/**
 * The regression guard while the budget is a known limit: axios alone misses 3 ms at p99 on the 2-core machine, and
 * ours measured 3.7–8.3 ms in the fresh-clone CI runs (the bare GET's own p99 up to 3.8 ms), 23.7 ms under load 15–20.
 */
const FLOOR_P99_MS = 15;

/**
 * Figure 3: ActivateUser through the handler with the userinfo source, against a loopback server that
 * answers after a fixed delay. Each sample is the caller's latency minus the time the server itself spent on
 * that request (measured inside the server), so the figure is what we add: HTTP client, parsing, validation.
 * Calls are sequential, so the n-th server timing belongs to the n-th call. When a call does not reach the
 * server (answered from a cache), nothing is subtracted.
 */
export async function measureUserinfoLatency(settings: BenchSettings['userinfo']): Promise<FigureResult> {
  const serverTimes: number[] = [];
  const server = await startLoopbackServer(async (request, response) => {
    const started = performance.now();
    await sleep(settings.serverLatencyMs);
    const token = (request.headers['authorization'] ?? '').replace(/^Bearer /, '');
    sendJson(response, 200, { sub: `user-${token.slice(-12)}`, email: 'bench@example.com' });
    serverTimes.push(performance.now() - started);
  });
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const userinfoUrl = `${server.url}/userinfo`;
    const { container, handler } = createConnector(loadConfig({ C2C_USERINFO_URL: userinfoUrl }));
    const http = container.get<AxiosInstance>(TOKENS.HttpClient);
    const sameEvent = activateUserEvent(opaqueToken());
    const bareToken = opaqueToken();

    const added = async (call: () => Promise<void>) => {
      const before = serverTimes.length;
      const started = performance.now();
      await call();
      const elapsed = performance.now() - started;
      const serverMs = serverTimes.length > before ? serverTimes[serverTimes.length - 1]! : 0;
      return { overriddenDuration: Math.max(0, elapsed - serverMs) };
    };
    const bench = new Bench({
      name: 'userinfo latency',
      time: 0,
      iterations: settings.iterations,
      warmupTime: 0,
      warmupIterations: settings.warmup,
      throws: true,
    });
    bench
      .add(BARE, () => added(() => bareGet(userinfoUrl, bareToken, agent)), { async: true })
      .add(AXIOS, () => added(() => axiosGet(http, userinfoUrl, opaqueToken())), { async: true })
      .add(NO_CACHE, () => added(async () => expectActivated(await handler(activateUserEvent(opaqueToken())))), { async: true })
      .add(CACHED, () => added(async () => expectActivated(await handler(sameEvent))), { async: true });
    await bench.run();

    const stats = Object.fromEntries(bench.tasks.map((task) => [task.name, latency(task)]));
    const noCache = stats[NO_CACHE]!;
    const cached = stats[CACHED]!;
    const bare = stats[BARE]!;
    const axiosAlone = stats[AXIOS]!;
    const worstP99 = Math.max(noCache.p99, cached.p99);
    return {
      rows: [
        {
          figure: '3',
          measure: `userinfo (${settings.serverLatencyMs} ms server), added p50/p99, no cache`,
          ours: `${formatMs(noCache.p50)} / ${formatMs(noCache.p99)}`,
          baseline: `bare GET ${formatMs(bare.p50)} / ${formatMs(bare.p99)}`,
          ratio: formatRatio(noCache.p99 / bare.p99),
          budget: budget(
            `p99 ≤ ${BUDGET_P99_MS} ms`,
            noCache.p99 <= BUDGET_P99_MS,
            knownLimit(`p99 ≤ ${FLOOR_P99_MS} ms`, noCache.p99 <= FLOOR_P99_MS),
          ),
        },
        {
          figure: '3',
          measure: `userinfo (${settings.serverLatencyMs} ms server), added p50/p99, no cache`,
          ours: `${formatMs(noCache.p50)} / ${formatMs(noCache.p99)}`,
          baseline: `axios.get alone ${formatMs(axiosAlone.p50)} / ${formatMs(axiosAlone.p99)}`,
          ratio: formatRatio(noCache.p99 / axiosAlone.p99),
        },
        {
          figure: '3',
          measure: `userinfo (${settings.serverLatencyMs} ms server), added p50/p99, same token`,
          ours: `${formatMs(cached.p50)} / ${formatMs(cached.p99)}`,
          baseline: `bare GET ${formatMs(bare.p50)} / ${formatMs(bare.p99)}`,
          ratio: formatRatio(cached.p99 / bare.p99),
          budget: budget(`p99 ≤ ${BUDGET_P99_MS} ms`, cached.p99 <= BUDGET_P99_MS),
        },
      ],
      data: {
        serverLatencyMs: settings.serverLatencyMs,
        samplesPerPath: settings.iterations,
        addedLatencyMs: stats,
        budgetP99Ms: BUDGET_P99_MS,
        worstP99Ms: round(worstP99, 3),
      },
    };
  } finally {
    agent.destroy();
    await server.close();
  }
}

function opaqueToken(): string {
  return randomBytes(24).toString('base64url');
}

/** What the userinfo source sends, without the connector around it: how much of the figure is axios's own. */
async function axiosGet(http: AxiosInstance, url: string, token: string): Promise<void> {
  const response = await http.get<string>(url, { timeout: 2000, headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' } });
  if (response.status !== 200) throw new Error(`userinfo answered ${response.status}`);
  JSON.parse(response.data);
}

function bareGet(url: string, token: string, agent: Agent): Promise<void> {
  return new Promise((resolve, reject) => {
    get(url, { agent, headers: { authorization: `Bearer ${token}`, accept: 'application/json' } }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => {
        try {
          JSON.parse(body);
          resolve();
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      });
      response.on('error', reject);
    }).on('error', reject);
  });
}

function latency(task: Task): { p50: number; p99: number; mean: number; max: number } {
  const result = task.result;
  if (result.state !== 'completed') throw new Error(`${task.name}: ${result.state}`);
  const { p50, p99, mean, max } = result.latency;
  return { p50: round(p50, 3), p99: round(p99, 3), mean: round(mean, 3), max: round(max, 3) };
}
