import { expect } from 'chai';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { Deadline } from '#application/deadline.js';
import { AccessToken } from '#domain/access-token.js';
import { DevAuthorizationServer } from '#adapters/dev-authorization-server/dev-authorization-server.js';
import { JoseTokenVerifier } from '#adapters/jwt/jose-token-verifier.js';
import { RemoteJwksKeyStore } from '#adapters/jwt/remote-jwks-key-store.js';
import { createHttpClient } from '#adapters/outbound-http/http-client.js';
import { authorizeWithBrowserlessClient } from '../../support/authorize-with-browserless-client.js';
import { OAuthTestClient } from '../../support/oauth-test-client.js';
import { createPkcePair } from '../../support/pkce.js';

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

  before(async () => {
    await server.start();
    client = new OAuthTestClient({
      authorizationUrl: server.authorizationUrl,
      tokenUrl: server.tokenUrl,
      revocationUrl: server.revocationUrl,
      introspectionUrl: server.introspectionUrl,
      clientId: 'linker',
      clientSecret: 'linker-secret',
      redirectUri,
    });
  });

  after(() => server.stop());

  async function authorize(): Promise<{ code: string; verifier: string }> {
    const pkce = createPkcePair();
    const finalUrl = await authorizeWithBrowserlessClient({
      authorizationUrl: client.authorizationRequest(pkce, server.scope, 'state-jwt'),
      username: user.username,
      password: user.password,
      consent: 'allow',
    });
    expect(`${finalUrl.origin}${finalUrl.pathname}`).to.equal(redirectUri);
    expect(finalUrl.searchParams.get('state')).to.equal('state-jwt');
    const code = finalUrl.searchParams.get('code');
    expect(code).to.be.a('string').and.not.empty;
    return { code: code ?? '', verifier: pkce.verifier };
  }

  it('runs the authorization-code flow with PKCE and client_secret_basic to an access and a refresh token', async () => {
    const { code, verifier } = await authorize();
    const answer = await client.exchangeCode(code, verifier, 'client_secret_basic');
    console.log(answer);
    expect(answer.status).to.equal(200);
    expect(answer.body['token_type']).to.equal('Bearer');
    expect(answer.body['access_token']).to.be.a('string');
    expect(answer.body['refresh_token']).to.be.a('string');
    const accessToken = String(answer.body['access_token']);
    console.log(decodeProtectedHeader(accessToken), decodeJwt(accessToken));
  });
});
