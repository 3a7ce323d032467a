import { SystemClock } from '#adapters/clock/system-clock.js';
import { expect } from 'chai';
import { Deadline } from '#application/deadline.js';
import { AccessToken } from '#domain/access-token.js';
import { DomainError } from '#domain/errors/domain-error.js';
import { DevAuthorizationServer } from '#adapters/dev-authorization-server/dev-authorization-server.js';
import { createHttpClient } from '#adapters/outbound-http/http-client.js';
import { AxiosUserInfoLookup } from '#adapters/userinfo/axios-user-info-lookup.js';
import { oauthClientFor, obtainTokens } from '../../support/dev-authorization-server-fixture.js';
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

  async function lookupError(accessToken: string): Promise<DomainError> {
    try {
      await userinfo.lookup(AccessToken.of(accessToken), Deadline.in(1500, clock));
    } catch (error) {
      if (error instanceof DomainError) return error;
      throw error;
    }
    throw new Error('userinfo accepted the token');
  }

  it('issues an opaque access token that AxiosUserInfoLookup resolves to the user\'s account id', async () => {
    const { accessToken } = await obtainTokens(server, client);
    expect(accessToken.split('.')).to.have.length(1);
    const identity = await userinfo.lookup(AccessToken.of(accessToken), Deadline.in(1500, clock));
    expect(identity).to.include({ userId: user.accountId, subject: user.accountId, source: 'userinfo' });
  });

  it('tells its users apart: each one\'s token resolves to that user\'s account id', async () => {
    const { accessToken } = await obtainTokens(server, client, otherUser);
    const identity = await userinfo.lookup(AccessToken.of(accessToken), Deadline.in(1500, clock));
    expect(identity.userId).to.equal(otherUser.accountId);
  });

  it('introspects its opaque access tokens', async () => {
    const { accessToken } = await obtainTokens(server, client);
    const answer = await client.introspect(accessToken);
    expect(answer.status).to.equal(200);
    expect(answer.body).to.include({ active: true, sub: user.accountId, client_id: server.client.clientId, token_type: 'Bearer' });
  });

  it('revokes an access token (RFC 7009): userinfo then rejects it as INVALID_TOKEN and introspection as inactive', async () => {
    const { accessToken } = await obtainTokens(server, client);
    const revoked = await client.revoke(accessToken, 'access_token');
    expect(revoked.status).to.equal(200);
    expect((await lookupError(accessToken)).code).to.equal('INVALID_TOKEN');
    expect((await client.introspect(accessToken)).body).to.deep.equal({ active: false });
  });

  it('refreshes to a new access token that userinfo accepts', async () => {
    const { refreshToken } = await obtainTokens(server, client);
    const answer = await client.refresh(refreshToken, 'client_secret_post');
    expect(answer.status).to.equal(200);
    const identity = await userinfo.lookup(AccessToken.of(String(answer.body['access_token'])), Deadline.in(1500, clock));
    expect(identity.userId).to.equal(user.accountId);
  });

  it('rejects a made-up token at userinfo as INVALID_TOKEN', async () => {
    expect((await lookupError('not-a-token-this-server-issued')).code).to.equal('INVALID_TOKEN');
  });
});
