import { createHash, randomBytes } from 'node:crypto';
import { authorizeWithBrowserlessClient } from '../../test/support/authorize-with-browserless-client.js';
import { OAUTH_REDIRECT_URL, type LinkingWorld } from '../../test/support/linking-service.js';

/** Figure 6's two flows, for the figure and for the tools that take them apart. */

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
