import { SystemClock } from '#adapters/clock/system-clock.js';
import { expect } from 'chai';
import { Deadline } from '#application/deadline.js';
import { AccessToken } from '#domain/access-token.js';
import { DevAuthorizationServer } from '#adapters/dev-authorization-server/dev-authorization-server.js';
import { createHttpClient } from '#adapters/outbound-http/http-client.js';
import { AxiosUserInfoLookup } from '#adapters/userinfo/axios-user-info-lookup.js';
import { oauthClientFor, obtainTokens } from '../../support/dev-authorization-server-fixture.js';
import { claimsOf, declineReasonOf } from '../../support/identity-outcomes.js';
import type { OAuthTestClient } from '../../support/oauth-test-client.js';

/** Real time: these tests run against real servers whose answers (and hangs) take real time. */
const clock = new SystemClock();

describe('DevAuthorizationServer issuing opaque access tokens', () => {
  const user = { accountId: 'user-opaque-1', username: 'bob', password: 'bob-password', email: 'bob@example.com', name: 'Bob' };
  const otherUser = { accountId: 'user-opaque-2', username: 'carol', password: 'carol-password', email: 'carol@example.com', name: 'Carol' };
  const server = new DevAuthorizationServer({
    client: { redirectUris: ['http://127.0.0.1:9/oauth/callback'] },
    users: [user, otherUser],
    accessTokenFormat: 'opaque',
  });
  let client: OAuthTestClient;
  let userinfo: AxiosUserInfoLookup;

  before(async () => {
    await server.start();
    client = oauthClientFor(server);
    userinfo = new AxiosUserInfoLookup(createHttpClient(), { url: server.userinfoUrl });
  });

  after(() => server.stop());

  function identify(accessToken: string) {
    return userinfo.identify(AccessToken.of(accessToken), Deadline.in(1500, clock));
  }

  it('issues an opaque access token that AxiosUserInfoLookup resolves to the user\'s account id', async () => {
    const { accessToken } = await obtainTokens(server, client);
    expect(accessToken.split('.')).to.have.length(1);
    const identity = await claimsOf(identify(accessToken));
    expect(identity).to.include({ userId: user.accountId, subject: user.accountId, source: 'userinfo' });
  });

  it('tells its users apart: each one\'s token resolves to that user\'s account id', async () => {
    const { accessToken } = await obtainTokens(server, client, otherUser);
    const identity = await claimsOf(identify(accessToken));
    expect(identity.userId).to.equal(otherUser.accountId);
  });

  it('introspects its opaque access tokens', async () => {
    const { accessToken } = await obtainTokens(server, client);
    const answer = await client.introspect(accessToken);
    expect(answer.status).to.equal(200);
    expect(answer.body).to.include({ active: true, sub: user.accountId, client_id: server.client.clientId, token_type: 'Bearer' });
  });

  it('revokes an access token (RFC 7009): userinfo then declines it (401) and introspection says inactive', async () => {
    const { accessToken } = await obtainTokens(server, client);
    const revoked = await client.revoke(accessToken, 'access_token');
    expect(revoked.status).to.equal(200);
    expect(await declineReasonOf(identify(accessToken))).to.contain('HTTP 401');
    expect((await client.introspect(accessToken)).body).to.deep.equal({ active: false });
  });

  it('refreshes to a new access token that userinfo accepts', async () => {
    const { refreshToken } = await obtainTokens(server, client);
    const answer = await client.refresh(refreshToken, 'client_secret_post');
    expect(answer.status).to.equal(200);
    const identity = await claimsOf(identify(String(answer.body['access_token'])));
    expect(identity.userId).to.equal(user.accountId);
  });

  it('declines a made-up token at userinfo (401)', async () => {
    expect(await declineReasonOf(identify('not-a-token-this-server-issued'))).to.contain('HTTP 401');
  });
});
