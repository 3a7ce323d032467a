import { expect } from 'chai';
import sinon from 'sinon';
import { CompleteLinking, DEFAULT_CLAIM_MARGIN_MS } from '#application/complete-linking.js';
import { DeleteAssociation } from '#application/delete-association.js';
import type { IdTokenVerifier } from '#application/ports/id-token-verifier.js';
import type { TokenExchanger } from '#application/ports/token-exchanger.js';
import { UncheckedIdTokens } from '#adapters/jwt/unchecked-id-tokens.js';
import { PersistenceUnavailable } from '#adapters/persistence/persistence-unavailable.js';
import { AccessToken } from '#domain/access-token.js';
import { AUTHORIZATION_EXPIRED, type AccountLink } from '#domain/account-link.js';
import { IdentityProviderUnavailable } from '#domain/errors/identity-provider-unavailable.js';
import { LinkingFailed } from '#domain/errors/linking-failed.js';
import type { LinkedTokens } from '#domain/linked-tokens.js';
import { FakeClock, InMemoryAccountLinkRepository, stubConnectorClient, stubTokenRevoker } from '#main/testing/index.js';
import { MemoryLog } from '../../support/memory-log.js';
import { oneDestination } from '../../support/one-destination.js';
import { SequenceSecrets } from '../../support/sequence-secrets.js';

const redirectUrl = 'https://app.example.com/linked?tenant=7';
const callbackUrl = 'https://link.example.com/oauth/callback';
const DEADLINE_MS = 10_000;

function tokensNumbered(n: number): LinkedTokens {
  return { accessToken: AccessToken.of(`access-${n}`), refreshToken: AccessToken.of(`refresh-${n}`), expiresAt: undefined };
}

/** A promise the test settles: an exchange or an activation held while something else happens. */
function held<T>(): { promise: Promise<T>; release: (value: T) => void } {
  let release!: (value: T) => void;
  const promise = new Promise<T>((resolve) => (release = resolve));
  return { promise, release };
}

function setUp(idTokens: IdTokenVerifier = new UncheckedIdTokens()) {
  const links = new InMemoryAccountLinkRepository();
  const clock = new FakeClock();
  const secrets = new SequenceSecrets();
  const exchanger = { exchange: sinon.stub<Parameters<TokenExchanger['exchange']>, ReturnType<TokenExchanger['exchange']>>() };
  let exchanges = 0;
  exchanger.exchange.callsFake(async () => tokensNumbered(++exchanges));
  const connector = stubConnectorClient();
  connector.activateUser.resolves({ userId: 'user-1' });
  connector.deactivateUser.resolves();
  const revoker = stubTokenRevoker();
  revoker.revoke.resolves('revoked');
  const log = new MemoryLog();
  const complete = new CompleteLinking(links, exchanger, connector, idTokens, revoker, clock, log.logger, {
    oauthRedirectUrl: redirectUrl,
    callbackUrl,
    deadlineMs: DEADLINE_MS,
  });
  return {
    links,
    clock,
    exchanger,
    connector,
    revoker,
    log,
    complete,
    ...oneDestination(links, secrets, clock, { callbackUrl }),
    remove: new DeleteAssociation(links, connector, clock),
  };
}

type World = ReturnType<typeof setUp>;

function stateOf(authorizationUrl: string): string {
  return new URL(authorizationUrl).searchParams.get('state') ?? '';
}

function errorOf(redirectTo: string): { error: string | null; description: string | null; tenant: string | null } {
  const url = new URL(redirectTo);
  return { error: url.searchParams.get('error'), description: url.searchParams.get('error_description'), tenant: url.searchParams.get('tenant') };
}

/** Which tokens were revoked, by value and hint, in order. */
function revoked(world: World): string[] {
  return world.revoker.revoke.getCalls().map((call) => `${call.args[1]}:${call.args[0].reveal()}`);
}

/** A linked association (user-1, tokens 1) with a relink round trip in flight: its authorization URL. */
async function linkedThenRelinking(world: World): Promise<{ associationId: string; relinkUrl: string }> {
  const started = await world.start.execute();
  expect((await world.complete.execute({ state: stateOf(started.authorizationUrl), code: 'code-1' })).succeeded).to.equal(true);
  const { authorizationUrl } = await world.refresh.execute({ associationId: started.associationId });
  return { associationId: started.associationId, relinkUrl: authorizationUrl };
}

describe('CompleteLinking when something fails after the callback', () => {
  describe('a relink completed by another user', () => {
    it('redirects with access_denied, keeps the first user and its tokens, records why, and revokes the new tokens', async () => {
      const world = setUp();
      const { associationId, relinkUrl } = await linkedThenRelinking(world);
      world.connector.activateUser.resolves({ userId: 'user-2' });

      const outcome = await world.complete.execute({ state: stateOf(relinkUrl), code: 'code-2' });

      expect(outcome.succeeded).to.equal(false);
      expect(errorOf(outcome.redirectTo)).to.deep.equal({
        error: 'access_denied',
        description: 'The platform account is not the one this association is linked to',
        tenant: '7',
      });
      const stored = await world.links.findById(associationId);
      expect(stored?.state).to.equal('ASSOCIATION_SUCCEEDED');
      expect(stored?.userId).to.equal('user-1');
      expect(stored?.tokens?.accessToken.reveal()).to.equal('access-1');
      expect(stored?.errorMessage).to.equal('The platform account is not the one this association is linked to');
      expect(revoked(world)).to.deep.equal(['refresh_token:refresh-2', 'access_token:access-2']);
    });

    it('revokes even when the failure cannot be recorded (the store is down by then)', async () => {
      const world = setUp();
      const { associationId, relinkUrl } = await linkedThenRelinking(world);
      world.connector.activateUser.resolves({ userId: 'user-2' });
      const save = sinon.stub(world.links, 'save').rejects(new PersistenceUnavailable('PutItem', 'links', { cause: new Error('down') }));

      const outcome = await world.complete.execute({ state: stateOf(relinkUrl), code: 'code-2' });

      expect(errorOf(outcome.redirectTo).error).to.equal('access_denied');
      expect(revoked(world)).to.deep.equal(['refresh_token:refresh-2', 'access_token:access-2']);
      save.restore();
      expect((await world.links.findById(associationId))?.userId).to.equal('user-1');
    });
  });

  describe('a request racing the code exchange', () => {
    it('a DELETE: the association is gone, the user is redirected with an error, the tokens are revoked', async () => {
      const world = setUp();
      const started = await world.start.execute();
      const exchange = held<LinkedTokens>();
      world.exchanger.exchange.callsFake(() => exchange.promise);

      const completing = world.complete.execute({ state: stateOf(started.authorizationUrl), code: 'code-1' });
      await world.remove.execute({ associationId: started.associationId });
      exchange.release(tokensNumbered(7));
      const outcome = await completing;

      expect(outcome.succeeded).to.equal(false);
      expect(errorOf(outcome.redirectTo)).to.deep.include({ error: 'invalid_request', description: 'The association changed while it was being linked' });
      expect(await world.links.findById(started.associationId)).to.equal(undefined);
      expect(revoked(world)).to.deep.equal(['refresh_token:refresh-7', 'access_token:access-7']);
    });

    it('a refresh: the new round trip is left alone and still completes; the raced tokens are revoked', async () => {
      const world = setUp();
      const started = await world.start.execute();
      const exchange = held<LinkedTokens>();
      world.exchanger.exchange.onFirstCall().callsFake(() => exchange.promise);

      const completing = world.complete.execute({ state: stateOf(started.authorizationUrl), code: 'code-1' });
      const { authorizationUrl } = await world.refresh.execute({ associationId: started.associationId });
      exchange.release(tokensNumbered(7));
      const outcome = await completing;

      expect(errorOf(outcome.redirectTo).error).to.equal('invalid_request');
      expect(revoked(world)).to.deep.equal(['refresh_token:refresh-7', 'access_token:access-7']);
      const during = await world.get.execute({ associationId: started.associationId });
      expect(during).to.deep.include({ state: 'ASSOCIATION_IN_PROGRESS', errorMessage: undefined });
      expect((await world.complete.execute({ state: stateOf(authorizationUrl), code: 'code-2' })).succeeded).to.equal(true);
      expect((await world.links.findById(started.associationId))?.tokens?.accessToken.reveal()).to.equal('access-1');
    });
  });

  describe('the store failing at the final write', () => {
    it('redirects with temporarily_unavailable, fails the association with a reason, and revokes the tokens', async () => {
      const world = setUp();
      const started = await world.start.execute();
      const save = world.links.save.bind(world.links);
      sinon.stub(world.links, 'save').callsFake(async (link: AccountLink, version: number) => {
        if (link.state === 'ASSOCIATION_SUCCEEDED') throw new PersistenceUnavailable('PutItem', 'links', { cause: new Error('throttled') });
        return save(link, version);
      });

      const outcome = await world.complete.execute({ state: stateOf(started.authorizationUrl), code: 'code-1' });

      expect(errorOf(outcome.redirectTo)).to.deep.include({ error: 'temporarily_unavailable', description: 'The account link store is unavailable' });
      expect(await world.get.execute({ associationId: started.associationId })).to.deep.include({
        state: 'ASSOCIATION_FAILED',
        errorMessage: 'The account link store is unavailable',
      });
      expect(revoked(world)).to.deep.equal(['refresh_token:refresh-1', 'access_token:access-1']);
    });

    it('keeps the link, and revokes nothing, when the write failed only in its answer (the store applied it)', async () => {
      const world = setUp();
      const started = await world.start.execute();
      const save = world.links.save.bind(world.links);
      sinon.stub(world.links, 'save').callsFake(async (link: AccountLink, version: number) => {
        await save(link, version);
        if (link.state === 'ASSOCIATION_SUCCEEDED') throw new PersistenceUnavailable('PutItem', 'links', { cause: new Error('socket hang up') });
      });

      const outcome = await world.complete.execute({ state: stateOf(started.authorizationUrl), code: 'code-1' });

      expect(outcome).to.deep.include({ succeeded: true, redirectTo: redirectUrl });
      expect(world.revoker.revoke.called).to.equal(false);
      expect((await world.get.execute({ associationId: started.associationId })).state).to.equal('ASSOCIATION_SUCCEEDED');
    });
  });

  describe('a bug', () => {
    it('after the exchange: server_error redirect, the failure recorded, the tokens revoked, the error logged by name only', async () => {
      const world = setUp();
      const started = await world.start.execute();
      const save = world.links.save.bind(world.links);
      sinon.stub(world.links, 'save').callsFake(async (link: AccountLink, version: number) => {
        if (link.state === 'ASSOCIATION_SUCCEEDED') throw new TypeError('Cannot read properties of undefined (access-1)');
        return save(link, version);
      });

      const outcome = await world.complete.execute({ state: stateOf(started.authorizationUrl), code: 'code-1' });

      expect(errorOf(outcome.redirectTo)).to.deep.include({ error: 'server_error', description: 'The account link could not be completed' });
      expect((await world.get.execute({ associationId: started.associationId })).state).to.equal('ASSOCIATION_FAILED');
      expect(revoked(world)).to.deep.equal(['refresh_token:refresh-1', 'access_token:access-1']);
      const line = world.log.entries().find((entry) => entry['msg'] === 'The callback failed after the code exchange');
      expect(line).to.deep.include({ errorName: 'TypeError', associationId: started.associationId });
      expect(world.log.lines.join('\n')).not.to.include('access-1');
    });

    it('before the exchange: server_error redirect, never a throw', async () => {
      const world = setUp();
      const started = await world.start.execute();
      sinon.stub(world.links, 'claimPending').rejects(new RangeError('bug'));

      const outcome = await world.complete.execute({ state: stateOf(started.authorizationUrl), code: 'code-1' });

      expect(errorOf(outcome.redirectTo)).to.deep.include({ error: 'server_error', tenant: '7' });
      expect(world.exchanger.exchange.called).to.equal(false);
    });

    it('a userId the connector answers that cannot be linked: server_error, tokens revoked', async () => {
      const world = setUp();
      const started = await world.start.execute();
      world.connector.activateUser.resolves({ userId: 'not a valid/user id' });

      const outcome = await world.complete.execute({ state: stateOf(started.authorizationUrl), code: 'code-1' });

      expect(errorOf(outcome.redirectTo).error).to.equal('server_error');
      expect(revoked(world)).to.deep.equal(['refresh_token:refresh-1', 'access_token:access-1']);
      expect((await world.get.execute({ associationId: started.associationId })).state).to.equal('ASSOCIATION_FAILED');
    });
  });

  describe('an ID token refused after a successful exchange', () => {
    it('redirects with invalid_grant, fails the association, and revokes the tokens the exchange gave', async () => {
      const world = setUp({ verify: sinon.stub<Parameters<IdTokenVerifier['verify']>, ReturnType<IdTokenVerifier['verify']>>().rejects(new LinkingFailed('invalid_grant', 'The ID token carries another nonce.')) });
      const started = await world.start.execute();

      const outcome = await world.complete.execute({ state: stateOf(started.authorizationUrl), code: 'code-1' });

      expect(errorOf(outcome.redirectTo).error).to.equal('invalid_grant');
      expect((await world.get.execute({ associationId: started.associationId })).state).to.equal('ASSOCIATION_FAILED');
      expect(world.connector.activateUser.called).to.equal(false);
      expect(revoked(world)).to.deep.equal(['refresh_token:refresh-1', 'access_token:access-1']);
    });
  });

  describe('revocation', () => {
    it('a revocation endpoint that fails changes nothing for the user; the failure is logged without the token', async () => {
      const world = setUp();
      const { relinkUrl } = await linkedThenRelinking(world);
      world.connector.activateUser.resolves({ userId: 'user-2' });
      world.revoker.revoke.rejects(new IdentityProviderUnavailable('The revocation endpoint timed out.'));

      const outcome = await world.complete.execute({ state: stateOf(relinkUrl), code: 'code-2' });

      expect(errorOf(outcome.redirectTo).error).to.equal('access_denied');
      expect(world.revoker.revoke.callCount).to.equal(2);
      const warnings = world.log.entries().filter((entry) => entry['msg'] === 'A token of an exchange whose result was not kept could not be revoked');
      expect(warnings.map((entry) => entry['hint'])).to.deep.equal(['refresh_token', 'access_token']);
      expect(warnings[0]).to.deep.include({ errorCode: 'IDENTITY_PROVIDER_UNAVAILABLE' });
      expect(world.log.lines.join('\n')).not.to.match(/refresh-2|access-2/);
    });

    it('revokes nothing when the exchange itself failed (there is nothing to revoke)', async () => {
      const world = setUp();
      const started = await world.start.execute();
      world.exchanger.exchange.rejects(new IdentityProviderUnavailable('The token endpoint timed out.'));

      await world.complete.execute({ state: stateOf(started.authorizationUrl), code: 'code-1' });

      expect(world.revoker.revoke.called).to.equal(false);
    });
  });

  describe('the claim\'s deadline', () => {
    it('is written with the claim: the link\'s deadline plus the margin', async () => {
      const world = setUp();
      const started = await world.start.execute();
      const claimedAt = world.clock.now();
      world.exchanger.exchange.callsFake(() => new Promise(() => undefined));

      void world.complete.execute({ state: stateOf(started.authorizationUrl), code: 'code-1' });
      await Promise.resolve();

      const stored = await world.links.findById(started.associationId);
      expect(stored?.claimExpiresAt?.getTime()).to.equal(claimedAt.getTime() + DEADLINE_MS + DEFAULT_CLAIM_MARGIN_MS);
    });

    it('past it, a claim whose claimant died reads ASSOCIATION_FAILED, stored so; before it, in progress', async () => {
      const world = setUp();
      const started = await world.start.execute();
      world.exchanger.exchange.callsFake(() => new Promise(() => undefined));
      void world.complete.execute({ state: stateOf(started.authorizationUrl), code: 'code-1' });
      await Promise.resolve();

      world.clock.advance(DEADLINE_MS + DEFAULT_CLAIM_MARGIN_MS - 1);
      expect((await world.get.execute({ associationId: started.associationId })).state).to.equal('ASSOCIATION_IN_PROGRESS');
      world.clock.advance(1);
      expect(await world.get.execute({ associationId: started.associationId })).to.deep.include({
        state: 'ASSOCIATION_FAILED',
        errorMessage: AUTHORIZATION_EXPIRED,
      });
      expect((await world.links.findById(started.associationId))?.state).to.equal('ASSOCIATION_FAILED');
    });

    it('a claimant that finishes past it stores no result: it fails the association, revokes and redirects with an error', async () => {
      const world = setUp();
      const started = await world.start.execute();
      const activation = held<{ userId: string }>();
      world.connector.activateUser.callsFake(() => activation.promise);

      const completing = world.complete.execute({ state: stateOf(started.authorizationUrl), code: 'code-1' });
      await new Promise((resolve) => setImmediate(resolve));
      world.clock.advance(DEADLINE_MS + DEFAULT_CLAIM_MARGIN_MS);
      activation.release({ userId: 'user-1' });
      const outcome = await completing;

      expect(errorOf(outcome.redirectTo)).to.deep.include({ error: 'temporarily_unavailable', description: AUTHORIZATION_EXPIRED });
      expect(await world.get.execute({ associationId: started.associationId })).to.deep.include({
        state: 'ASSOCIATION_FAILED',
        userId: undefined,
        errorMessage: AUTHORIZATION_EXPIRED,
      });
      expect(revoked(world)).to.deep.equal(['refresh_token:refresh-1', 'access_token:access-1']);
    });

    it('a late claimant that a reader already failed loses the compare-and-set: the association stays FAILED, the tokens are revoked', async () => {
      const world = setUp();
      const started = await world.start.execute();
      const activation = held<{ userId: string }>();
      world.connector.activateUser.callsFake(() => activation.promise);

      const completing = world.complete.execute({ state: stateOf(started.authorizationUrl), code: 'code-1' });
      await new Promise((resolve) => setImmediate(resolve));
      world.clock.advance(DEADLINE_MS + DEFAULT_CLAIM_MARGIN_MS);
      expect((await world.get.execute({ associationId: started.associationId })).state).to.equal('ASSOCIATION_FAILED');
      const failedVersion = (await world.links.findById(started.associationId))?.version;
      activation.release({ userId: 'user-1' });
      const outcome = await completing;

      expect(outcome.succeeded).to.equal(false);
      const stored = await world.links.findById(started.associationId);
      expect(stored?.version).to.equal(failedVersion);
      expect(stored?.state).to.equal('ASSOCIATION_FAILED');
      expect(revoked(world)).to.deep.equal(['refresh_token:refresh-1', 'access_token:access-1']);
    });
  });

  describe('an abandoned round trip', () => {
    it('reads ASSOCIATION_FAILED once its authorization request expired; a relink round trip just ends', async () => {
      const world = setUp();
      const abandoned = await world.start.execute();
      const { associationId: relinked } = await linkedThenRelinking(world);

      world.clock.advance(10 * 60_000 - 1);
      expect((await world.get.execute({ associationId: abandoned.associationId })).state).to.equal('ASSOCIATION_IN_PROGRESS');
      world.clock.advance(1);

      expect(await world.get.execute({ associationId: abandoned.associationId })).to.deep.include({
        state: 'ASSOCIATION_FAILED',
        errorMessage: AUTHORIZATION_EXPIRED,
      });
      expect(await world.get.execute({ associationId: relinked })).to.deep.include({ state: 'ASSOCIATION_SUCCEEDED', userId: 'user-1', errorMessage: undefined });
      expect((await world.links.findById(relinked))?.pending).to.equal(undefined);
    });

    it('costs no write to read while nothing has expired', async () => {
      const world = setUp();
      const started = await world.start.execute();
      const save = sinon.spy(world.links, 'save');

      await world.get.execute({ associationId: started.associationId });

      expect(save.called).to.equal(false);
    });
  });
});
