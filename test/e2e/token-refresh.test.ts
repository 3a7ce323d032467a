import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'chai';
import axios from 'axios';
import { NodeSecretGenerator } from '#adapters/crypto/node-secret-generator.js';
import { SystemClock } from '#adapters/clock/system-clock.js';
import type { ConnectorResponseEnvelope } from '#adapters/connector-envelope/connector-response.js';
import { EnsureFreshAccessToken } from '#application/ensure-fresh-access-token.js';
import type { AccountLinkRepository } from '#application/ports/account-link-repository.js';
import type { TokenRefresher } from '#application/ports/token-refresher.js';
import type { AccessToken } from '#domain/access-token.js';
import { RefreshTokenExpired } from '#domain/errors/refresh-token-expired.js';
import { TokenRefreshPolicy } from '#domain/token-refresh-policy.js';
import { TOKENS } from '#main/tokens.js';
import type { AssociationAnswer } from '../support/association-answer.js';
import { authorizeWithBrowserlessClient } from '../support/authorize-with-browserless-client.js';
import { oauthClientFor } from '../support/dev-authorization-server-fixture.js';
import { expectDomainError } from '../support/expect-domain-error.js';
import { OAUTH_REDIRECT_URL, startLinkingWorld, type LinkingWorld } from '../support/linking-service.js';

const http = axios.create({ validateStatus: () => true, maxRedirects: 0 });

/** Access tokens of the authorization server live this long; the service renews only what has expired (margin 0). */
const ACCESS_TOKEN_TTL_S = 2;

async function link(world: LinkingWorld, id?: string): Promise<string> {
  let authorizationUrl: string;
  if (id === undefined) {
    const created = await http.post<AssociationAnswer>(`${world.baseUrl}/account-associations`);
    expect(created.status).to.equal(201);
    id = created.data.AccountAssociationId;
    authorizationUrl = created.data.OAuthAuthorizationUrl;
  } else {
    const refreshed = await http.post<AssociationAnswer>(`${world.baseUrl}/account-associations/${id}/refresh`);
    expect(refreshed.status).to.equal(200);
    authorizationUrl = refreshed.data.OAuthAuthorizationUrl;
  }
  const user = world.authorizationServer.users[0]!;
  const callback = await authorizeWithBrowserlessClient({ authorizationUrl, username: user.username, password: user.password, consent: 'allow' });
  const answer = await http.get(callback.toString());
  expect(answer.headers['location']).to.equal(OAUTH_REDIRECT_URL);
  return id;
}

async function association(world: LinkingWorld, id: string): Promise<AssociationAnswer> {
  const answer = await http.get<AssociationAnswer>(`${world.baseUrl}/account-associations/${id}`);
  expect(answer.status).to.equal(200);
  return answer.data;
}

/** Waits until the access token stored for the association has expired, on the wall clock the service reads too. */
async function untilExpired(world: LinkingWorld, id: string): Promise<void> {
  const expiresAt = (await links(world).findById(id))?.tokens?.expiresAt;
  expect(expiresAt, 'the platform said when the access token expires').to.be.instanceOf(Date);
  await sleep(Math.max(0, expiresAt!.getTime() - Date.now()) + 50);
}

function links(world: LinkingWorld): AccountLinkRepository {
  return world.container.get<AccountLinkRepository>(TOKENS.AccountLinkRepository);
}

/** What the connector makes of a token: ActivateUser over its HTTP entry, the way managed integrations' operations reach it. */
async function activate(world: LinkingWorld, token: AccessToken): Promise<ConnectorResponseEnvelope> {
  const answer = await http.post<ConnectorResponseEnvelope>(`${world.baseUrl}/connector`, {
    header: { auth: { token: token.reveal(), type: 'OAuth2.0' } },
    payload: { operationName: 'AWS.ActivateUser', operationVersion: '1.0.0', connectorId: 'c2c-account-linking' },
  });
  return answer.data;
}

describe('tokens kept fresh by the emulated managed-integrations side, against the real authorization server', function () {
  this.timeout(60_000);

  describe('access tokens of two seconds, refresh tokens rotated on every use', () => {
    let world: LinkingWorld;

    before(async () => {
      world = await startLinkingWorld({
        // Opaque tokens, introspected by the connector: an expired one is refused there, so "resolvable" is checked for real.
        identitySource: 'introspection',
        authorizationServerOptions: { accessTokenTtlS: ACCESS_TOKEN_TTL_S, rotateRefreshTokens: true },
        env: { C2C_TOKEN_REFRESH_MARGIN_S: '0' },
      });
    });
    after(() => world.stop());

    const fresh = () => world.container.get<EnsureFreshAccessToken>(TOKENS.EnsureFreshAccessToken);

    it('20 concurrent needs after expiry cause exactly one refresh grant at the server; the new token reaches the connector and works', async () => {
      const id = await link(world);
      const before = (await links(world).findById(id))!.tokens!;
      expect((await activate(world, before.accessToken)).header.responseCode).to.equal(200);
      await untilExpired(world, id);
      expect((await activate(world, before.accessToken)).header.responseCode, 'the old token no longer resolves').to.equal(401);
      const grantsBefore = world.authorizationServer.grantsIssued('refresh_token');

      const tokens = await Promise.all(Array.from({ length: 20 }, () => fresh().execute({ associationId: id })));

      expect(world.authorizationServer.grantsIssued('refresh_token') - grantsBefore).to.equal(1);
      expect(tokens.every((token) => token.equals(tokens[0]!))).to.equal(true);
      expect(tokens[0]!.equals(before.accessToken)).to.equal(false);
      const activated = await activate(world, tokens[0]!);
      expect(activated.header.responseCode).to.equal(200);
      expect(activated.payload.userId).to.equal(world.authorizationServer.users[0]!.accountId);
      const after = (await links(world).findById(id))!;
      expect(after.tokens!.refreshToken!.equals(before.refreshToken!), 'the rotated refresh token is stored').to.equal(false);
      expect(after.tokens!.accessToken.equals(tokens[0]!)).to.equal(true);
      expect(after.refreshLease).to.equal(undefined);

      // The stored refresh token is the live one: the next renewal works, again with one grant.
      await untilExpired(world, id);
      await Promise.all(Array.from({ length: 5 }, () => fresh().execute({ associationId: id })));
      expect(world.authorizationServer.grantsIssued('refresh_token') - grantsBefore).to.equal(2);
      expect((await association(world, id)).AssociationState).to.equal('ASSOCIATION_SUCCEEDED');
    });

    it('two processes sharing the store, 10 needs each after expiry: one refresh grant (the lease on the link)', async () => {
      const id = await link(world);
      await untilExpired(world, id);
      const grantsBefore = world.authorizationServer.grantsIssued('refresh_token');
      const other = new EnsureFreshAccessToken(
        links(world),
        world.container.get<TokenRefresher>(TOKENS.TokenRefresher),
        new NodeSecretGenerator(),
        new SystemClock(),
        new TokenRefreshPolicy({ marginMs: 0 }),
        { deadlineMs: 10_000, pollMs: 20 },
      );

      const tokens = await Promise.all([
        ...Array.from({ length: 10 }, () => fresh().execute({ associationId: id })),
        ...Array.from({ length: 10 }, () => other.execute({ associationId: id })),
      ]);

      expect(world.authorizationServer.grantsIssued('refresh_token') - grantsBefore).to.equal(1);
      expect(tokens.every((token) => token.equals(tokens[0]!))).to.equal(true);
      expect((await activate(world, tokens[0]!)).header.responseCode).to.equal(200);
      expect((await association(world, id)).AssociationState, 'no second use of a rotated refresh token').to.equal('ASSOCIATION_SUCCEEDED');
    });

    it('a grant revoked at the server: REFRESH_TOKEN_EXPIRED (with ErrorMessage in Get), then StartAccountAssociationRefresh and a new callback link it again', async () => {
      const id = await link(world);
      const accountId = world.authorizationServer.users[0]!.accountId;
      expect(await world.authorizationServer.revokeGrantsOf(accountId)).to.be.greaterThan(0);
      await untilExpired(world, id);

      await expectDomainError(fresh().execute({ associationId: id }), { type: RefreshTokenExpired, code: 'REFRESH_TOKEN_EXPIRED' });

      const expired = await association(world, id);
      expect(expired.AssociationState).to.equal('REFRESH_TOKEN_EXPIRED');
      expect(expired.ErrorMessage).to.match(/^[A-Za-z0-9 _-]+$/).and.contain('invalid_grant');
      expect(expired.UserId).to.equal(accountId);

      await link(world, id);

      const relinked = await association(world, id);
      expect(relinked.AssociationState).to.equal('ASSOCIATION_SUCCEEDED');
      expect(relinked).to.not.have.property('ErrorMessage');
      const token = await fresh().execute({ associationId: id });
      expect((await activate(world, token)).header.responseCode).to.equal(200);
    });
  });

  describe('DELETE after expiry, the connector running as its own service (which revokes nothing)', () => {
    let world: LinkingWorld;

    before(async () => {
      world = await startLinkingWorld({
        identitySource: 'userinfo',
        remoteConnector: true,
        authorizationServerOptions: { accessTokenTtlS: ACCESS_TOKEN_TTL_S },
        env: { C2C_TOKEN_REFRESH_MARGIN_S: '0' },
      });
    });
    after(() => world.stop());

    it('renews the access token first, and revokes the refresh token at the platform: introspection says inactive', async () => {
      const id = await link(world);
      const refreshToken = (await links(world).findById(id))!.tokens!.refreshToken!;
      const client = oauthClientFor(world.authorizationServer);
      expect((await client.introspect(refreshToken.reveal())).body['active']).to.equal(true);
      await untilExpired(world, id);
      const grantsBefore = world.authorizationServer.grantsIssued('refresh_token');

      const deleted = await http.delete(`${world.baseUrl}/account-associations/${id}`);

      expect(deleted.status).to.equal(200);
      expect(world.authorizationServer.grantsIssued('refresh_token') - grantsBefore, 'renewed before DeactivateUser').to.equal(1);
      expect((await client.introspect(refreshToken.reveal())).body['active']).to.equal(false);
      expect((await http.get(`${world.baseUrl}/account-associations/${id}`)).status).to.equal(404);
    });
  });
});
