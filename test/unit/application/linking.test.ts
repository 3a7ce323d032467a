import { expect } from 'chai';
import sinon from 'sinon';
import { createHash } from 'node:crypto';
import { CompleteLinking } from '#application/complete-linking.js';
import type { AccountLinkRepository } from '#application/ports/account-link-repository.js';
import type { TokenExchanger } from '#application/ports/token-exchanger.js';
import { UncheckedIdTokens } from '#adapters/jwt/unchecked-id-tokens.js';
import { InMemoryAccountLinkRepository } from '#adapters/persistence/in-memory-account-link-repository.js';
import { PersistenceUnavailable } from '#adapters/persistence/persistence-unavailable.js';
import { AccessToken } from '#domain/access-token.js';
import { AssociationNotFound } from '#domain/errors/association-not-found.js';
import { IdentityProviderUnavailable } from '#domain/errors/identity-provider-unavailable.js';
import { InvalidToken } from '#domain/errors/invalid-token.js';
import { LinkingFailed } from '#domain/errors/linking-failed.js';
import { stubConnectorClient, stubTokenRevoker } from '#main/testing/index.js';
import { FakeClock } from '#main/testing/index.js';
import { MemoryLog } from '../../support/memory-log.js';
import { oneDestination } from '../../support/one-destination.js';
import { SequenceSecrets } from '../../support/sequence-secrets.js';

const redirectUrl = 'https://app.example.com/linked?tenant=7';
const callbackUrl = 'https://link.example.com/oauth/callback';

function setUp() {
  const links = new InMemoryAccountLinkRepository();
  const clock = new FakeClock();
  const secrets = new SequenceSecrets();
  const associations = oneDestination(links, secrets, clock, { authorizationUrl: 'https://idp.example.com/authorize?prompt=consent', callbackUrl });
  const exchanger = { exchange: sinon.stub<Parameters<TokenExchanger['exchange']>, ReturnType<TokenExchanger['exchange']>>() };
  const connector = stubConnectorClient();
  exchanger.exchange.resolves({ accessToken: AccessToken.of('access-1'), refreshToken: AccessToken.of('refresh-1'), expiresAt: undefined });
  connector.activateUser.resolves({ userId: 'user-1' });
  const revoker = stubTokenRevoker();
  revoker.revoke.resolves('revoked');
  const log = new MemoryLog();
  return {
    links,
    clock,
    exchanger,
    connector,
    revoker,
    log,
    secrets,
    ...associations,
    complete: new CompleteLinking(links, exchanger, connector, new UncheckedIdTokens(), revoker, clock, log.logger, { oauthRedirectUrl: redirectUrl, callbackUrl }),
  };
}

function stateOf(authorizationUrl: string): string {
  return new URL(authorizationUrl).searchParams.get('state') ?? '';
}

function errorOf(redirectTo: string): { error: string | null; description: string | null; tenant: string | null } {
  const url = new URL(redirectTo);
  return { error: url.searchParams.get('error'), description: url.searchParams.get('error_description'), tenant: url.searchParams.get('tenant') };
}

describe('linking use cases', () => {
  describe('StartLinking', () => {
    it('creates an association in progress and an authorization URL with PKCE and a bound state', async () => {
      const { start, get } = setUp();
      const started = await start.execute();
      const url = new URL(started.authorizationUrl);

      expect(started.state).to.equal('ASSOCIATION_IN_PROGRESS');
      expect(url.origin + url.pathname).to.equal('https://idp.example.com/authorize');
      expect(Object.fromEntries(url.searchParams)).to.deep.equal({
        prompt: 'consent',
        response_type: 'code',
        client_id: 'client-1',
        redirect_uri: callbackUrl,
        scope: 'openid offline_access',
        state: `${started.associationId}.state-1`,
        code_challenge: createHash('sha256').update('verifier-1').digest('base64url'),
        code_challenge_method: 'S256',
        nonce: 'state-2',
      });
      expect(await get.execute({ associationId: started.associationId })).to.deep.equal({
        associationId: started.associationId,
        state: 'ASSOCIATION_IN_PROGRESS',
        userId: undefined,
        errorMessage: undefined,
        arn: `arn:aws:iotmanagedintegrations:us-east-1:000000000000:account-association/${started.associationId}`,
        connectorDestinationId: 'default',
        name: undefined,
        description: undefined,
        tags: undefined,
        authorizationUrl: started.authorizationUrl,
      });
    });
  });

  describe('CompleteLinking', () => {
    it('exchanges the code with the PKCE verifier, activates the user, stores the link and redirects plainly', async () => {
      const { start, complete, exchanger, connector, links, get } = setUp();
      const started = await start.execute();

      const outcome = await complete.execute({ state: stateOf(started.authorizationUrl), code: 'code-1' });

      expect(outcome).to.deep.equal({ redirectTo: redirectUrl, associationId: started.associationId, succeeded: true });
      expect(exchanger.exchange.firstCall.args[0]).to.deep.equal({ code: 'code-1', codeVerifier: 'verifier-1', redirectUri: callbackUrl });
      expect(connector.activateUser.firstCall.args[0].reveal()).to.equal('access-1');
      const view = await get.execute({ associationId: started.associationId });
      expect(view).to.deep.include({ state: 'ASSOCIATION_SUCCEEDED', userId: 'user-1' });
      const stored = await links.findById(started.associationId);
      expect(stored?.tokens?.refreshToken?.reveal()).to.equal('refresh-1');
    });

    it('exchanges a code at most once however many callbacks race', async () => {
      const { start, complete, exchanger } = setUp();
      const started = await start.execute();
      const state = stateOf(started.authorizationUrl);

      const outcomes = await Promise.all(Array.from({ length: 10 }, () => complete.execute({ state, code: 'code-1' })));

      expect(exchanger.exchange.callCount).to.equal(1);
      expect(outcomes.filter((o) => o.succeeded)).to.have.length(1);
      for (const failed of outcomes.filter((o) => !o.succeeded)) {
        expect(errorOf(failed.redirectTo).error).to.equal('invalid_request');
      }
    });

    it('refuses a replayed callback without touching the linked association', async () => {
      const { start, complete, get, exchanger } = setUp();
      const started = await start.execute();
      const state = stateOf(started.authorizationUrl);
      await complete.execute({ state, code: 'code-1' });

      const replay = await complete.execute({ state, code: 'code-1' });

      expect(replay.succeeded).to.equal(false);
      expect(errorOf(replay.redirectTo)).to.deep.equal({
        error: 'invalid_request',
        description: 'The state is unknown or was already used',
        tenant: '7',
      });
      expect(exchanger.exchange.callCount).to.equal(1);
      expect((await get.execute({ associationId: started.associationId })).state).to.equal('ASSOCIATION_SUCCEEDED');
    });

    it('does not let a forged state change the association it names', async () => {
      const { start, complete, get } = setUp();
      const started = await start.execute();

      const outcome = await complete.execute({ state: `${started.associationId}.guess`, code: 'c' });

      expect(errorOf(outcome.redirectTo).error).to.equal('invalid_request');
      expect((await get.execute({ associationId: started.associationId })).state).to.equal('ASSOCIATION_IN_PROGRESS');
    });

    for (const state of [undefined, '', 'no-separator', '.x', 'bad id!.x', 'unknown1.x']) {
      it(`answers an error redirect for the state ${JSON.stringify(state)}`, async () => {
        const { complete } = setUp();
        const outcome = await complete.execute({ state, code: 'c' });
        expect(outcome.succeeded).to.equal(false);
        expect(errorOf(outcome.redirectTo).error).to.equal('invalid_request');
      });
    }

    it('fails an association whose authorization expired (10 minutes by default)', async () => {
      const { start, complete, get, clock, exchanger } = setUp();
      const started = await start.execute();
      clock.advance(10 * 60_000);

      const outcome = await complete.execute({ state: stateOf(started.authorizationUrl), code: 'c' });

      expect(errorOf(outcome.redirectTo)).to.deep.include({ error: 'invalid_request', description: 'The authorization request expired' });
      expect(await get.execute({ associationId: started.associationId })).to.deep.include({
        state: 'ASSOCIATION_FAILED',
        errorMessage: 'The authorization request expired',
      });
      expect(exchanger.exchange.called).to.equal(false);
    });

    it('passes the platform\'s error on, sanitised, and fails the association', async () => {
      const { start, complete, get, exchanger } = setUp();
      const started = await start.execute();

      const outcome = await complete.execute({
        state: stateOf(started.authorizationUrl),
        error: 'access_denied',
        errorDescription: 'The user said <no>! & left',
      });

      expect(errorOf(outcome.redirectTo)).to.deep.equal({ error: 'access_denied', description: 'The user said no left', tenant: '7' });
      expect(await get.execute({ associationId: started.associationId })).to.deep.include({
        state: 'ASSOCIATION_FAILED',
        errorMessage: 'The user said no left',
      });
      expect(exchanger.exchange.called).to.equal(false);
    });

    const platformErrors: [string, string][] = [
      ['access_denied', 'access_denied'],
      ['interaction_required', 'interaction_required'],
      ['vendor.quota-exceeded_2', 'vendor.quota-exceeded_2'],
      ['access_denied"><script>alert(1)</script>', 'server_error'],
      ['access_denied\r\nSet-Cookie: session=stolen', 'server_error'],
      ['access denied', 'server_error'],
      ['urn:ietf:params:oauth:error', 'server_error'],
      ['e'.repeat(65), 'server_error'],
      ['', 'server_error'],
      ['accès_refusé', 'server_error'],
    ];
    for (const [error, passedOn] of platformErrors) {
      it(`passes the platform's error ${JSON.stringify(error.slice(0, 40))} on as ${passedOn}`, async () => {
        const { start, complete, get } = setUp();
        const started = await start.execute();

        const outcome = await complete.execute({ state: stateOf(started.authorizationUrl), error });

        const { error: redirected, description } = errorOf(outcome.redirectTo);
        expect(redirected).to.equal(passedOn);
        // An ErrorMessage has no dots.
        const told = `The platform answered ${passedOn.replace(/\./g, ' ')}`;
        expect(description).to.equal(told);
        expect((await get.execute({ associationId: started.associationId })).errorMessage).to.equal(told);
      });
    }

    it('passes the platform\'s error_description on only in the ErrorMessage alphabet, at most 256 characters', async () => {
      const { start, complete, get } = setUp();
      const started = await start.execute();

      const outcome = await complete.execute({
        state: stateOf(started.authorizationUrl),
        error: 'access_denied',
        errorDescription: `Denied\r\nSet-Cookie: a=b <img src=x onerror=alert(1)> ${'x'.repeat(400)}`,
      });

      const { description } = errorOf(outcome.redirectTo);
      expect(description).to.match(/^[A-Za-z0-9 _-]{1,256}$/);
      expect(description).to.match(/^Denied Set-Cookie a b img src x onerror alert 1 x+$/);
      expect((await get.execute({ associationId: started.associationId })).errorMessage).to.equal(description);
    });

    it('sends the user back with temporarily_unavailable when the store cannot write, and the state still works after', async () => {
      const { start, complete, get, links, exchanger } = setUp();
      const started = await start.execute();
      const failing = new PersistenceUnavailable('PutItem', 'links', { cause: new Error('disk full') });
      // The claim is one conditional write where the repository offers it, else a read and a save.
      const save = sinon.stub(links, 'save').rejects(failing);
      const claim = sinon.stub(links, 'claimPending').rejects(failing);

      const outcome = await complete.execute({ state: stateOf(started.authorizationUrl), code: 'code-1' });

      expect(outcome.succeeded).to.equal(false);
      expect(errorOf(outcome.redirectTo)).to.deep.include({ error: 'temporarily_unavailable', description: 'The account link store is unavailable' });
      expect(exchanger.exchange.called).to.equal(false);
      save.restore();
      claim.restore();
      expect((await get.execute({ associationId: started.associationId })).state).to.equal('ASSOCIATION_IN_PROGRESS');
      expect((await complete.execute({ state: stateOf(started.authorizationUrl), code: 'code-1' })).succeeded).to.equal(true);
    });

    it('reports a refused exchange with the platform\'s OAuth error', async () => {
      const { start, complete, get, exchanger, connector } = setUp();
      exchanger.exchange.rejects(new LinkingFailed('invalid_grant', 'The token endpoint refused the code (HTTP 400, invalid_grant).'));
      const started = await start.execute();

      const outcome = await complete.execute({ state: stateOf(started.authorizationUrl), code: 'c' });

      expect(errorOf(outcome.redirectTo).error).to.equal('invalid_grant');
      const view = await get.execute({ associationId: started.associationId });
      expect(view.state).to.equal('ASSOCIATION_FAILED');
      expect(view.errorMessage).to.match(/^[A-Za-z0-9 _-]+$/);
      expect(connector.activateUser.called).to.equal(false);
    });

    it('reports an unreachable token endpoint as temporarily_unavailable', async () => {
      const { start, complete, exchanger } = setUp();
      exchanger.exchange.rejects(new IdentityProviderUnavailable('The token endpoint gave no usable answer: HTTP 503.'));
      const started = await start.execute();
      const outcome = await complete.execute({ state: stateOf(started.authorizationUrl), code: 'c' });
      expect(errorOf(outcome.redirectTo).error).to.equal('temporarily_unavailable');
    });

    it('fails the association when the connector refuses the token', async () => {
      const { start, complete, get, connector } = setUp();
      connector.activateUser.rejects(new InvalidToken('bad'));
      const started = await start.execute();

      const outcome = await complete.execute({ state: stateOf(started.authorizationUrl), code: 'c' });

      expect(errorOf(outcome.redirectTo)).to.deep.include({
        error: 'server_error',
        description: 'The connector could not activate the user INVALID_TOKEN',
      });
      expect((await get.execute({ associationId: started.associationId })).state).to.equal('ASSOCIATION_FAILED');
    });

    it('fails when the callback carries neither code nor error', async () => {
      const { start, complete } = setUp();
      const started = await start.execute();
      const outcome = await complete.execute({ state: stateOf(started.authorizationUrl) });
      expect(errorOf(outcome.redirectTo).description).to.equal('The callback carries no code');
    });
  });

  describe('the store\'s work per callback', () => {
    /** The repository's calls, by method, on the way to an in-memory store. */
    function counting(links: InMemoryAccountLinkRepository, claimsInOneWrite: boolean) {
      const calls: Record<string, number> = {};
      const count = (name: string) => (calls[name] = (calls[name] ?? 0) + 1);
      const repository: AccountLinkRepository = {
        create: (link) => (count('create'), links.create(link)),
        findById: (id) => (count('findById'), links.findById(id)),
        findByUserId: (userId) => (count('findByUserId'), links.findByUserId(userId)),
        save: (link, version) => (count('save'), links.save(link, version)),
        list: (query) => (count('list'), links.list(query)),
        delete: (id, version) => (count('delete'), links.delete(id, version)),
        ...(claimsInOneWrite
          ? { claimPending: (id: string, state: string, now: Date, finishBy: Date) => (count('claimPending'), links.claimPending(id, state, now, finishBy)) }
          : {}),
      };
      return { repository, calls };
    }

    for (const claimsInOneWrite of [true, false]) {
      const kind = claimsInOneWrite ? 'that claims in one write' : 'without claimPending';
      it(`completes a link with a repository ${kind}, exchanging once however many callbacks race`, async () => {
        const { links, clock, exchanger, connector, revoker, log } = setUp();
        const { repository, calls } = counting(links, claimsInOneWrite);
        const secrets = new SequenceSecrets();
        const started = await oneDestination(repository, secrets, clock, { clientId: 'c', callbackUrl, scope: 's' }).start.execute();
        const complete = new CompleteLinking(repository, exchanger, connector, new UncheckedIdTokens(), revoker, clock, log.logger, {
          oauthRedirectUrl: redirectUrl,
          callbackUrl,
        });
        const state = stateOf(started.authorizationUrl);

        const first = await complete.execute({ state, code: 'code-1' });
        const storeWork = { ...calls };
        const raced = await Promise.all(Array.from({ length: 5 }, () => complete.execute({ state, code: 'code-1' })));

        expect(first.succeeded).to.equal(true);
        expect(raced.every((outcome) => !outcome.succeeded)).to.equal(true);
        expect(exchanger.exchange.callCount).to.equal(1);
        expect(exchanger.exchange.firstCall.args[0].codeVerifier).to.equal('verifier-1');
        expect(storeWork).to.deep.equal(claimsInOneWrite ? { create: 1, claimPending: 1, save: 1 } : { create: 1, findById: 1, save: 2 });
        expect((await links.findById(started.associationId))?.state).to.equal('ASSOCIATION_SUCCEEDED');
      });
    }

    it('still fails an expired round trip, whose claim finds nothing, after reading the link', async () => {
      const { start, complete, get, clock, exchanger } = setUp();
      const started = await start.execute();
      clock.advance(10 * 60_000);

      const outcome = await complete.execute({ state: stateOf(started.authorizationUrl), code: 'c' });

      expect(errorOf(outcome.redirectTo).description).to.equal('The authorization request expired');
      expect((await get.execute({ associationId: started.associationId })).state).to.equal('ASSOCIATION_FAILED');
      expect(exchanger.exchange.called).to.equal(false);
    });
  });

  describe('RefreshAssociation', () => {
    it('issues a new round trip; the old state no longer works; the link keeps its state until relinked', async () => {
      const { start, complete, refresh, get, connector } = setUp();
      const started = await start.execute();
      await complete.execute({ state: stateOf(started.authorizationUrl), code: 'c1' });

      const { authorizationUrl } = await refresh.execute({ associationId: started.associationId });
      expect(stateOf(authorizationUrl)).not.to.equal(stateOf(started.authorizationUrl));
      expect((await get.execute({ associationId: started.associationId })).state).to.equal('ASSOCIATION_SUCCEEDED');

      connector.activateUser.resolves({ userId: 'user-1' });
      const relinked = await complete.execute({ state: stateOf(authorizationUrl), code: 'c2' });
      expect(relinked.succeeded).to.equal(true);
    });

    it('refuses an unknown association with ASSOCIATION_NOT_FOUND and a malformed id with INVALID_REQUEST', async () => {
      const { refresh } = setUp();
      const missing = await refresh.execute({ associationId: 'nope' }).catch((e: unknown) => e);
      expect(missing).to.be.instanceOf(AssociationNotFound).with.property('code', 'ASSOCIATION_NOT_FOUND');
      const malformed = await refresh.execute({ associationId: '../etc' }).catch((e: unknown) => e);
      expect(malformed).to.have.property('code', 'INVALID_REQUEST');
    });
  });
});
