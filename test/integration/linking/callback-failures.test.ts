import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import axios from 'axios';
import { DevAuthorizationServer } from '#adapters/dev-authorization-server/dev-authorization-server.js';
import { DEFAULT_DEV_USER, type DevUser } from '#adapters/dev-authorization-server/dev-authorization-server-options.js';
import { PersistenceUnavailable } from '#adapters/persistence/persistence-unavailable.js';
import type { AccountLinkRepository, ClaimedCallback } from '#application/ports/account-link-repository.js';
import type { AccountLink } from '#domain/account-link.js';
import { loadConfig } from '#main/config/load-config.js';
import { createConnector, type Connector } from '#main/create-connector.js';
import { freePort } from '#main/sandbox/free-port.js';
import type { AssociationAnswer } from '../../support/association-answer.js';
import { authorizeWithBrowserlessClient } from '../../support/authorize-with-browserless-client.js';
import { oauthClientFor } from '../../support/dev-authorization-server-fixture.js';
import { startDynaliteLinkStore, type DynaliteLinkStore } from '../../support/dynalite-link-store.js';
import type { OAuthTestClient } from '../../support/oauth-test-client.js';
import { RecordingTokenProxy, type IssuedPair } from '../../support/recording-token-proxy.js';

const OAUTH_REDIRECT_URL = 'http://127.0.0.1:9/linked?from=test';
const OTHER_USER: DevUser = { accountId: 'other-user-2', username: 'other', password: 'other-password', email: 'other@example.com', name: 'Other User' };
const http = axios.create({ validateStatus: () => true, maxRedirects: 0 });

/** The embedded store's table, with a switch that makes the callback's final write fail as a store outage does. */
class StoreFailingAtTheFinalWrite implements AccountLinkRepository {
  failFinalWrites = false;

  constructor(private readonly inner: AccountLinkRepository) {}

  create(link: AccountLink): Promise<void> {
    return this.inner.create(link);
  }
  findById(associationId: string): Promise<AccountLink | undefined> {
    return this.inner.findById(associationId);
  }
  findByUserId(userId: string): Promise<AccountLink | undefined> {
    return this.inner.findByUserId(userId);
  }
  async save(link: AccountLink, expectedVersion: number): Promise<void> {
    if (this.failFinalWrites && link.state === 'ASSOCIATION_SUCCEEDED') {
      throw new PersistenceUnavailable('PutItem', 'c2c-account-links', { cause: new Error('ProvisionedThroughputExceededException') });
    }
    return this.inner.save(link, expectedVersion);
  }
  delete(associationId: string, expectedVersion: number): Promise<void> {
    return this.inner.delete(associationId, expectedVersion);
  }
  claimPending(associationId: string, state: string, now: Date, finishBy: Date): Promise<ClaimedCallback | undefined> {
    if (this.inner.claimPending === undefined) throw new Error('the table claims in one write');
    return this.inner.claimPending(associationId, state, now, finishBy);
  }
}

describe('callback failures over HTTP, against the real authorization server (opaque tokens, revocation checked by introspection)', function () {
  this.timeout(30_000);
  let authorizationServer: DevAuthorizationServer;
  let proxy: RecordingTokenProxy;
  let dynalite: DynaliteLinkStore;
  let store: StoreFailingAtTheFinalWrite;
  let service: Connector;
  let baseUrl: string;
  let client: OAuthTestClient;

  before(async () => {
    const port = await freePort('127.0.0.1');
    const callbackUrl = `http://127.0.0.1:${port}/oauth/callback`;
    authorizationServer = new DevAuthorizationServer({ accessTokenFormat: 'opaque', users: [DEFAULT_DEV_USER, OTHER_USER], client: { redirectUris: [callbackUrl] } });
    await authorizationServer.start();
    client = oauthClientFor(authorizationServer);
    proxy = new RecordingTokenProxy(authorizationServer.tokenUrl);
    const tokenUrl = await proxy.start();
    dynalite = await startDynaliteLinkStore();
    store = new StoreFailingAtTheFinalWrite(dynalite.table);
    const config = loadConfig({
      LOG_LEVEL: 'silent',
      PORT: String(port),
      C2C_USERINFO_URL: authorizationServer.userinfoUrl,
      C2C_AUTHORIZATION_URL: authorizationServer.authorizationUrl,
      C2C_TOKEN_URL: tokenUrl,
      C2C_REVOCATION_URL: authorizationServer.revocationUrl,
      C2C_CLIENT_ID: authorizationServer.client.clientId,
      C2C_CLIENT_SECRET: authorizationServer.client.clientSecret,
      C2C_SCOPE: 'openid offline_access',
      C2C_CALLBACK_URL: callbackUrl,
      C2C_OAUTH_REDIRECT_URL: OAUTH_REDIRECT_URL,
      C2C_TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64url'),
    });
    service = createConnector(config, { ports: { accountLinkRepository: store } });
    baseUrl = await service.listen();
  });

  after(async () => {
    await service?.close();
    await dynalite?.stop();
    await proxy?.stop();
    await authorizationServer?.stop();
  });

  afterEach(() => {
    store.failFinalWrites = false;
    proxy.release();
  });

  async function startAssociation(): Promise<{ id: string; authorizationUrl: string }> {
    const created = await http.post<AssociationAnswer>(`${baseUrl}/account-associations`);
    expect(created.status).to.equal(201);
    return { id: created.data.AccountAssociationId, authorizationUrl: created.data.OAuthAuthorizationUrl };
  }

  function signIn(authorizationUrl: string, user: DevUser = DEFAULT_DEV_USER): Promise<URL> {
    return authorizeWithBrowserlessClient({ authorizationUrl, username: user.username, password: user.password, consent: 'allow' });
  }

  async function association(id: string): Promise<{ status: number; data: AssociationAnswer }> {
    return http.get<AssociationAnswer>(`${baseUrl}/account-associations/${id}`);
  }

  /** The redirect the callback answered: always a 302 to the customer's page, never a page of its own. */
  function redirectOf(answer: { status: number; headers: Record<string, unknown>; data: unknown }): URL {
    expect(answer.status).to.equal(302);
    expect(answer.data).to.equal('');
    const location = new URL(String(answer.headers['location']));
    expect(location.origin + location.pathname).to.equal('http://127.0.0.1:9/linked');
    expect(location.searchParams.get('from')).to.equal('test');
    return location;
  }

  async function expectRevoked(tokens: IssuedPair | undefined): Promise<void> {
    expect(tokens).to.not.equal(undefined);
    expect((await client.introspect(tokens!.accessToken)).body).to.deep.equal({ active: false });
    const refreshed = await client.refresh(tokens!.refreshToken ?? '');
    expect(refreshed.status).to.equal(400);
    expect(refreshed.body['error']).to.equal('invalid_grant');
  }

  it('a relink by another user: redirect with access_denied, the association still the first user\'s, the second user\'s tokens revoked', async () => {
    const { id, authorizationUrl } = await startAssociation();
    expect(redirectOf(await http.get((await signIn(authorizationUrl)).toString())).search).to.equal('?from=test');
    const firstTokens = proxy.issued.at(-1);
    const refreshed = await http.post<{ OAuthAuthorizationUrl: string }>(`${baseUrl}/account-associations/${id}/refresh`);

    const answer = await http.get((await signIn(refreshed.data.OAuthAuthorizationUrl, OTHER_USER)).toString());

    const location = redirectOf(answer);
    expect(location.searchParams.get('error')).to.equal('access_denied');
    expect(location.searchParams.get('error_description')).to.match(/^[A-Za-z0-9 _-]+$/);
    const after = await association(id);
    expect(after.data).to.deep.include({ AssociationState: 'ASSOCIATION_SUCCEEDED', UserId: DEFAULT_DEV_USER.accountId });
    expect(after.data.ErrorMessage).to.equal('The platform account is not the one this association is linked to');
    const secondTokens = proxy.issued.at(-1);
    expect(secondTokens?.accessToken).to.not.equal(firstTokens?.accessToken);
    await expectRevoked(secondTokens);
    expect((await client.introspect(firstTokens!.accessToken)).body).to.deep.include({ active: true, sub: DEFAULT_DEV_USER.accountId });
  });

  it('a DELETE racing the code exchange: the association stays deleted, the user is redirected with an error, the tokens are revoked', async () => {
    const { id, authorizationUrl } = await startAssociation();
    const callback = await signIn(authorizationUrl);
    const exchanged = proxy.hold();
    const completing = http.get(callback.toString());
    await exchanged;

    expect((await http.delete(`${baseUrl}/account-associations/${id}`)).status).to.equal(204);
    proxy.release();
    const answer = await completing;

    expect(redirectOf(answer).searchParams.get('error')).to.equal('invalid_request');
    expect((await association(id)).status).to.equal(404);
    await expectRevoked(proxy.issued.at(-1));
  });

  it('the store failing at the final write: redirect with temporarily_unavailable, ASSOCIATION_FAILED with a reason, the tokens revoked', async () => {
    const { id, authorizationUrl } = await startAssociation();
    const callback = await signIn(authorizationUrl);
    store.failFinalWrites = true;

    const answer = await http.get(callback.toString());

    expect(redirectOf(answer).searchParams.get('error')).to.equal('temporarily_unavailable');
    store.failFinalWrites = false;
    expect((await association(id)).data).to.deep.include({
      AssociationState: 'ASSOCIATION_FAILED',
      ErrorMessage: 'The account link store is unavailable',
    });
    await expectRevoked(proxy.issued.at(-1));
  });
});
