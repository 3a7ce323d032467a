import type { DevAuthorizationServer } from '#adapters/dev-authorization-server/dev-authorization-server.js';
import type { DevUser } from '#adapters/dev-authorization-server/dev-authorization-server-options.js';
import { authorizeWithBrowserlessClient } from './authorize-with-browserless-client.js';
import { OAuthTestClient } from './oauth-test-client.js';
import { createPkcePair } from './pkce.js';

/** An OAuth test client registered at a running development authorization server, for its first redirect URI. */
export function oauthClientFor(server: DevAuthorizationServer): OAuthTestClient {
  const redirectUri = server.client.redirectUris[0];
  if (redirectUri === undefined) throw new Error('The development authorization server has no redirect URI.');
  return new OAuthTestClient({
    authorizationUrl: server.authorizationUrl,
    tokenUrl: server.tokenUrl,
    revocationUrl: server.revocationUrl,
    introspectionUrl: server.introspectionUrl,
    clientId: server.client.clientId,
    clientSecret: server.client.clientSecret,
    redirectUri,
  });
}

export interface IssuedTokens {
  readonly accessToken: string;
  readonly refreshToken: string;
}

/** Signs a user in (the server's first by default), allows access and exchanges the code: the whole happy path in one call. */
export async function obtainTokens(
  server: DevAuthorizationServer,
  client = oauthClientFor(server),
  user: DevUser | undefined = server.users[0],
): Promise<IssuedTokens> {
  if (user === undefined) throw new Error('The development authorization server has no user.');
  const pkce = createPkcePair();
  const redirect = await authorizeWithBrowserlessClient({
    authorizationUrl: client.authorizationRequest(pkce, server.scope),
    username: user.username,
    password: user.password,
    consent: 'allow',
  });
  const code = redirect.searchParams.get('code');
  if (code === null) throw new Error(`No code in the redirect (error: ${redirect.searchParams.get('error') ?? 'none'}).`);
  const answer = await client.exchangeCode(code, pkce.verifier);
  const { access_token: accessToken, refresh_token: refreshToken } = answer.body;
  if (answer.status !== 200 || typeof accessToken !== 'string' || typeof refreshToken !== 'string') {
    throw new Error(`The token endpoint answered HTTP ${answer.status} without both tokens.`);
  }
  return { accessToken, refreshToken };
}
