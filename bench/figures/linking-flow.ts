import { createHash, randomBytes } from 'node:crypto';
import { authorizeWithBrowserlessClient } from '../../test/support/authorize-with-browserless-client.js';
import { OAUTH_REDIRECT_URL, startLinkingWorld, type LinkingWorld } from '../../test/support/linking-service.js';
import { budget, formatMs, formatRatio, knownLimit, type FigureResult } from '../support/report.js';
import type { BenchSettings } from '../support/settings.js';
import { round, shuffled } from '../support/stats.js';

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
      ],
      data: { warmupFlowsPerPath: settings.warmup, flowsPerPath: latencies[OURS].length, [OURS]: ours, [BARE]: bare, ratio: round(ratio, 3) },
    };
  } finally {
    await world.stop();
  }
}

/** Times one step of a flow; the figure's own runs pass none (`untimed`). */
export type StepTimer = <T>(step: string, work: () => Promise<T>) => Promise<T>;
const untimed: StepTimer = (_step, work) => work();

export async function startAssociation(world: LinkingWorld): Promise<{ id: string; authorizationUrl: string }> {
  const created = await fetch(`${world.baseUrl}/account-associations`, { method: 'POST' });
  if (created.status !== 201) throw new Error(`POST /account-associations answered ${created.status}`);
  const body = (await created.json()) as { AccountAssociationId: string; OAuthAuthorizationUrl: string };
  return { id: body.AccountAssociationId, authorizationUrl: body.OAuthAuthorizationUrl };
}

function demoUser(world: LinkingWorld): { username: string; password: string } {
  const user = world.authorizationServer.users[0];
  if (user === undefined) throw new Error('the authorization server has no user');
  return user;
}

export async function linkThroughOurService(world: LinkingWorld, time: StepTimer = untimed): Promise<void> {
  const { authorizationUrl } = await time('start', () => startAssociation(world));
  const callback = await time('authorize', () => authorizeWithBrowserlessClient({ authorizationUrl, ...demoUser(world), consent: 'allow' }));
  const answer = await time('callback', async () => {
    const response = await fetch(callback, { redirect: 'manual' });
    await response.arrayBuffer();
    return response;
  });
  if (answer.status !== 302 || answer.headers.get('location') !== OAUTH_REDIRECT_URL) {
    throw new Error(`the callback answered ${answer.status} to ${answer.headers.get('location') ?? 'nowhere'}`);
  }
}

export async function linkWithBareClient(world: LinkingWorld, template: URL, time: StepTimer = untimed): Promise<void> {
  const verifier = randomBytes(32).toString('base64url');
  const url = new URL(template);
  url.searchParams.set('state', randomBytes(24).toString('base64url'));
  url.searchParams.set('code_challenge', createHash('sha256').update(verifier).digest('base64url'));
  const callback = await time('authorize', () => authorizeWithBrowserlessClient({ authorizationUrl: url.toString(), ...demoUser(world), consent: 'allow' }));
  const code = callback.searchParams.get('code');
  if (code === null) throw new Error(`no code in ${callback.search}`);
  const tokens = await time('exchange', () => exchangeCode(world, template, code, verifier));
  if (tokens.access_token === undefined) throw new Error('the token endpoint answered no access token');
}

async function exchangeCode(world: LinkingWorld, template: URL, code: string, verifier: string): Promise<{ access_token?: string }> {
  const { clientId, clientSecret } = world.authorizationServer.client;
  const exchanged = await fetch(world.authorizationServer.tokenUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString('base64')}`,
    },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: template.searchParams.get('redirect_uri') ?? '',
      code_verifier: verifier,
    }).toString(),
  });
  if (exchanged.status !== 200) throw new Error(`the token endpoint answered ${exchanged.status}`);
  return (await exchanged.json()) as { access_token?: string };
}

function stats(latenciesMs: readonly number[]): { flowsPerSecond: number; p50: number; p99: number; mean: number } {
  const sorted = [...latenciesMs].sort((x, y) => x - y);
  const at = (quantile: number) => sorted[Math.min(sorted.length - 1, Math.floor(quantile * sorted.length))] ?? NaN;
  const mean = sorted.reduce((sum, value) => sum + value, 0) / sorted.length;
  return { flowsPerSecond: round(1000 / mean, 2), p50: round(at(0.5), 1), p99: round(at(0.99), 1), mean: round(mean, 1) };
}
