import { createHash, randomBytes } from 'node:crypto';
import { Bench, type Task } from 'tinybench';
import { authorizeWithBrowserlessClient } from '../../test/support/authorize-with-browserless-client.js';
import { OAUTH_REDIRECT_URL, startLinkingWorld, type LinkingWorld } from '../../test/support/linking-service.js';
import { budget, formatMs, formatRatio, knownLimit, type FigureResult } from '../support/report.js';
import type { BenchSettings } from '../support/settings.js';
import { round } from '../support/stats.js';

const OURS = 'ours: start → authorize → callback (exchange, activate, store) → redirect';
const BARE = 'bare OAuth client: authorize → token exchange';

/**
 * Figure 6: whole linking flows against the embedded authorization server (oidc-provider), the user played
 * by the HTTP-driven browserless client, one flow at a time. The baseline is the authorization server's own
 * share: a bare client that builds the same authorization request and exchanges the code itself, with none
 * of our service (no association, no storage, no activation, no redirect).
 */
export async function measureLinkingFlow(settings: BenchSettings['linking']): Promise<FigureResult> {
  const world = await startLinkingWorld({ identitySource: 'jwt', logAsDeployed: true });
  try {
    const template = new URL((await startAssociation(world)).authorizationUrl);
    const bench = new Bench({
      name: 'linking flow',
      time: 0,
      iterations: settings.iterations,
      warmupTime: 0,
      warmupIterations: settings.warmup,
      throws: true,
    });
    bench.add(OURS, () => linkThroughOurService(world), { async: true }).add(BARE, () => linkWithBareClient(world, template), { async: true });
    await bench.run();
    const [ours, bare] = [stats(bench.tasks.find((t) => t.name === OURS)!), stats(bench.tasks.find((t) => t.name === BARE)!)];
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
      data: { flowsPerPath: settings.iterations, [OURS]: ours, [BARE]: bare, ratio: round(ratio, 3) },
    };
  } finally {
    await world.stop();
  }
}

async function startAssociation(world: LinkingWorld): Promise<{ id: string; authorizationUrl: string }> {
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

async function linkThroughOurService(world: LinkingWorld): Promise<void> {
  const { authorizationUrl } = await startAssociation(world);
  const callback = await authorizeWithBrowserlessClient({ authorizationUrl, ...demoUser(world), consent: 'allow' });
  const answer = await fetch(callback, { redirect: 'manual' });
  await answer.arrayBuffer();
  if (answer.status !== 302 || answer.headers.get('location') !== OAUTH_REDIRECT_URL) {
    throw new Error(`the callback answered ${answer.status} to ${answer.headers.get('location') ?? 'nowhere'}`);
  }
}

async function linkWithBareClient(world: LinkingWorld, template: URL): Promise<void> {
  const verifier = randomBytes(32).toString('base64url');
  const url = new URL(template);
  url.searchParams.set('state', randomBytes(24).toString('base64url'));
  url.searchParams.set('code_challenge', createHash('sha256').update(verifier).digest('base64url'));
  const callback = await authorizeWithBrowserlessClient({ authorizationUrl: url.toString(), ...demoUser(world), consent: 'allow' });
  const code = callback.searchParams.get('code');
  if (code === null) throw new Error(`no code in ${callback.search}`);
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
  const tokens = (await exchanged.json()) as { access_token?: string };
  if (exchanged.status !== 200 || tokens.access_token === undefined) throw new Error(`the token endpoint answered ${exchanged.status}`);
}

function stats(task: Task): { flowsPerSecond: number; p50: number; p99: number; mean: number } {
  const result = task.result;
  if (result.state !== 'completed') throw new Error(`${task.name}: ${result.state}`);
  return {
    flowsPerSecond: round(1000 / result.latency.mean, 2),
    p50: round(result.latency.p50, 1),
    p99: round(result.latency.p99, 1),
    mean: round(result.latency.mean, 1),
  };
}
