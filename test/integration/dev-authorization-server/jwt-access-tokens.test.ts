import { SystemClock } from '#adapters/clock/system-clock.js';
import { expect } from 'chai';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { Deadline } from '#application/deadline.js';
import { AccessToken } from '#domain/access-token.js';
import { DevAuthorizationServer } from '#adapters/dev-authorization-server/dev-authorization-server.js';
import { JoseTokenVerifier } from '#adapters/jwt/jose-token-verifier.js';
import { RemoteJwksKeyStore } from '#adapters/jwt/remote-jwks-key-store.js';
import { createHttpClient } from '#adapters/outbound-http/http-client.js';
import { authorizeWithBrowserlessClient } from '../../support/authorize-with-browserless-client.js';
import { MemoryLog } from '../../support/memory-log.js';
import { oauthClientFor, obtainTokens } from '../../support/dev-authorization-server-fixture.js';
import type { OAuthTestClient } from '../../support/oauth-test-client.js';
import { createPkcePair } from '../../support/pkce.js';

/** Real time: these tests run against real servers whose answers (and hangs) take real time. */
const clock = new SystemClock();

describe('DevAuthorizationServer issuing JWT access tokens', () => {
  const redirectUri = 'http://127.0.0.1:9/oauth/callback';
  const user = { accountId: 'user-jwt-1', username: 'alice', password: 'correct horse', email: 'alice@example.com', name: 'Alice' };
  const server = new DevAuthorizationServer({
    client: { clientId: 'linker', clientSecret: 'linker-secret', redirectUris: [redirectUri] },
    resource: 'urn:c2c:connector',
    users: [user],
    accessTokenFormat: 'jwt',
  });
  let client: OAuthTestClient;
  let verifier: JoseTokenVerifier;

  before(async () => {
    await server.start();
    client = oauthClientFor(server);
    const keys = new RemoteJwksKeyStore(createHttpClient(), clock, { jwksUri: server.jwksUri }, new MemoryLog().logger);
    verifier = new JoseTokenVerifier(keys, clock, { issuer: server.issuer, audiences: [server.resource] });
  });

  after(() => server.stop());

  async function authorize(state: string): Promise<{ code: string; codeVerifier: string }> {
    const pkce = createPkcePair();
    const redirect = await authorizeWithBrowserlessClient({
      authorizationUrl: client.authorizationRequest(pkce, server.scope, state),
      username: user.username,
      password: user.password,
      consent: 'allow',
    });
    expect(`${redirect.origin}${redirect.pathname}`).to.equal(redirectUri);
    expect(redirect.searchParams.get('state')).to.equal(state);
    const code = redirect.searchParams.get('code');
    if (code === null) throw new Error(`No code in the redirect: ${redirect.searchParams.get('error') ?? ''}`);
    return { code, codeVerifier: pkce.verifier };
  }

  async function userIdOf(accessToken: string): Promise<string> {
    const result = await verifier.identify(AccessToken.of(accessToken), Deadline.in(1500, clock));
    if (!result.recognised) throw new Error(`The verifier did not recognise the token: ${result.reason}`);
    return result.claims.userId;
  }

  it('runs authorization code + PKCE with client_secret_basic to an RS256 JWT access token and a refresh token', async () => {
    const { code, codeVerifier } = await authorize('state-basic');
    const answer = await client.exchangeCode(code, codeVerifier, 'client_secret_basic');
    expect(answer.status).to.equal(200);
    expect(answer.body).to.include({ token_type: 'Bearer', expires_in: 3600 });
    expect(answer.body['refresh_token']).to.be.a('string').and.not.equal('');
    const accessToken = String(answer.body['access_token']);
    expect(decodeProtectedHeader(accessToken)).to.include({ alg: 'RS256', typ: 'at+jwt' });
    expect(decodeJwt(accessToken)).to.include({ iss: server.issuer, aud: 'urn:c2c:connector', sub: user.accountId });
  });

  it('issues an access token that JoseTokenVerifier accepts with the server\'s issuer, JWKS and resource', async () => {
    const { accessToken } = await obtainTokens(server, client);
    expect(await userIdOf(accessToken)).to.equal(user.accountId);
  });

  it('accepts client_secret_post at the token endpoint too', async () => {
    const { code, codeVerifier } = await authorize('state-post');
    const answer = await client.exchangeCode(code, codeVerifier, 'client_secret_post');
    expect(answer.status).to.equal(200);
    expect(await userIdOf(String(answer.body['access_token']))).to.equal(user.accountId);
  });

  it('refreshes to a new JWT access token for the connector', async () => {
    const { refreshToken } = await obtainTokens(server, client);
    const answer = await client.refresh(refreshToken);
    expect(answer.status).to.equal(200);
    expect(await userIdOf(String(answer.body['access_token']))).to.equal(user.accountId);
  });

  it('stops refreshing once the refresh token is revoked', async () => {
    const { refreshToken } = await obtainTokens(server, client);
    expect((await client.revoke(refreshToken, 'refresh_token')).status).to.equal(200);
    const answer = await client.refresh(refreshToken);
    expect(answer.status).to.equal(400);
    expect(answer.body['error']).to.equal('invalid_grant');
  });

  it('exchanges a code only once', async () => {
    const { code, codeVerifier } = await authorize('state-once');
    expect((await client.exchangeCode(code, codeVerifier)).status).to.equal(200);
    const second = await client.exchangeCode(code, codeVerifier);
    expect(second.status).to.equal(400);
    expect(second.body['error']).to.equal('invalid_grant');
  });

  it('refuses a code exchange with the wrong PKCE verifier', async () => {
    const { code } = await authorize('state-pkce');
    const answer = await client.exchangeCode(code, createPkcePair().verifier);
    expect(answer.status).to.equal(400);
    expect(answer.body['error']).to.equal('invalid_grant');
  });

  it('requires PKCE: an authorization request without a challenge goes back to the client with invalid_request', async () => {
    const url = new URL(client.authorizationRequest(createPkcePair(), server.scope, 'state-no-pkce'));
    url.searchParams.delete('code_challenge');
    url.searchParams.delete('code_challenge_method');
    const response = await fetch(url, { redirect: 'manual' });
    expect(response.status).to.equal(303);
    const location = new URL(response.headers.get('location') ?? '');
    expect(`${location.origin}${location.pathname}`).to.equal(redirectUri);
    expect(location.searchParams.get('error')).to.equal('invalid_request');
    expect(location.searchParams.get('state')).to.equal('state-no-pkce');
  });

  it('publishes discovery metadata matching its getters', async () => {
    const response = await fetch(server.discoveryUrl);
    const metadata = (await response.json()) as Record<string, unknown>;
    expect(metadata).to.include({
      issuer: server.issuer,
      authorization_endpoint: server.authorizationUrl,
      token_endpoint: server.tokenUrl,
      userinfo_endpoint: server.userinfoUrl,
      jwks_uri: server.jwksUri,
      revocation_endpoint: server.revocationUrl,
      introspection_endpoint: server.introspectionUrl,
    });
    expect(metadata['code_challenge_methods_supported']).to.deep.equal(['S256']);
    expect(metadata['token_endpoint_auth_methods_supported']).to.include.members(['client_secret_basic', 'client_secret_post']);
  });
});
