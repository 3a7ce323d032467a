import { expect } from 'chai';
import { Deadline } from '#application/deadline.js';
import { EnsureFreshAccessToken } from '#application/ensure-fresh-access-token.js';
import { AccessToken } from '#domain/access-token.js';
import { AssociationNotFound } from '#domain/errors/association-not-found.js';
import { IdentityProviderUnavailable } from '#domain/errors/identity-provider-unavailable.js';
import { IllegalAssociationTransition } from '#domain/errors/illegal-association-transition.js';
import { LinkingFailed } from '#domain/errors/linking-failed.js';
import { RefreshTokenExpired } from '#domain/errors/refresh-token-expired.js';
import type { LinkedTokens } from '#domain/linked-tokens.js';
import { TokenRefreshPolicy } from '#domain/token-refresh-policy.js';
import { FakeClock, InMemoryAccountLinkRepository, stubTokenRefresher } from '#main/testing/index.js';
import { aFailedLink, aRefreshTokenExpiredLink, aSucceededLink, someTokens } from '../../support/account-links.js';
import { expectDomainError } from '../../support/expect-domain-error.js';
import { SequenceSecrets } from '../../support/sequence-secrets.js';

const MINUTE = 60_000;

describe('EnsureFreshAccessToken', () => {
  function setUp(options: { policy?: TokenRefreshPolicy } = {}) {
    const clock = new FakeClock(new Date('2031-01-01T00:00:00Z'));
    const links = new InMemoryAccountLinkRepository();
    const refresher = stubTokenRefresher();
    const policy = options.policy ?? new TokenRefreshPolicy({ marginMs: MINUTE });
    /** One "process": its own in-flight map, the store shared. */
    const process = () => new EnsureFreshAccessToken(links, refresher, new SequenceSecrets(), clock, policy, { deadlineMs: 10_000, pollMs: 100 });
    const at = (ms: number): Date => new Date(clock.now().getTime() + ms);
    return { clock, links, refresher, fresh: process(), process, at };
  }

  function granted(at: Date, overrides: Partial<LinkedTokens> = {}): LinkedTokens {
    return someTokens({ expiresAt: new Date(at.getTime() + 60 * MINUTE), obtainedAt: at, ...overrides });
  }

  it('answers the stored access token while it is fresh, without a grant', async () => {
    const { links, refresher, fresh, at } = setUp();
    const link = aSucceededLink({ tokens: someTokens({ expiresAt: at(10 * MINUTE) }) });
    await links.create(link);

    const token = await fresh.execute({ associationId: link.associationId });

    expect(token.equals(link.tokens!.accessToken)).to.equal(true);
    expect(refresher.refresh.called).to.equal(false);
  });

  it('renews an expired access token with the stored refresh token, and stores the rotated refresh token by compare-and-set', async () => {
    const { links, refresher, fresh, at, clock } = setUp();
    const link = aSucceededLink({ tokens: someTokens({ expiresAt: at(-1) }) });
    await links.create(link);
    const renewed = granted(clock.now());
    refresher.refresh.resolves(renewed);

    const token = await fresh.execute({ associationId: link.associationId });

    expect(token.equals(renewed.accessToken)).to.equal(true);
    expect(refresher.refresh.firstCall.args[0].equals(link.tokens!.refreshToken!)).to.equal(true);
    const stored = await links.findById(link.associationId);
    expect(stored?.tokens?.accessToken.equals(renewed.accessToken)).to.equal(true);
    expect(stored?.tokens?.refreshToken?.equals(renewed.refreshToken!)).to.equal(true);
    expect(stored?.refreshLease).to.equal(undefined);
    expect(stored?.version, 'the lease, then the tokens').to.equal(link.version + 2);
  });

  it('renews one that expires within the margin', async () => {
    const { links, refresher, fresh, at, clock } = setUp();
    const link = aSucceededLink({ tokens: someTokens({ expiresAt: at(MINUTE) }) });
    await links.create(link);
    refresher.refresh.resolves(granted(clock.now()));
    await fresh.execute({ associationId: link.associationId });
    expect(refresher.refresh.callCount).to.equal(1);
  });

  it('keeps the old refresh token when the platform answers none', async () => {
    const { links, refresher, fresh, at, clock } = setUp();
    const link = aSucceededLink({ tokens: someTokens({ expiresAt: at(-1) }) });
    await links.create(link);
    refresher.refresh.resolves(granted(clock.now(), { refreshToken: undefined }));
    await fresh.execute({ associationId: link.associationId });
    const stored = await links.findById(link.associationId);
    expect(stored?.tokens?.refreshToken?.equals(link.tokens!.refreshToken!)).to.equal(true);
  });

  it('20 concurrent needs in one process share one grant', async () => {
    const { links, refresher, fresh, at, clock } = setUp();
    const link = aSucceededLink({ tokens: someTokens({ expiresAt: at(-1) }) });
    await links.create(link);
    const renewed = granted(clock.now());
    refresher.refresh.callsFake(() => new Promise((resolve) => clock.setTimer(300, () => resolve(renewed))));

    const all = Promise.all(Array.from({ length: 20 }, () => fresh.execute({ associationId: link.associationId })));
    await clock.advanceAsync(300);
    const tokens = await all;

    expect(refresher.refresh.callCount).to.equal(1);
    expect(tokens.every((token) => token.equals(renewed.accessToken))).to.equal(true);
  });

  it('processes sharing the store: the one whose lease is written makes the grant, the others wait and read its tokens', async () => {
    const { links, refresher, process, at, clock } = setUp();
    const link = aSucceededLink({ tokens: someTokens({ expiresAt: at(-1) }) });
    await links.create(link);
    const renewed = granted(clock.now());
    refresher.refresh.callsFake(() => new Promise((resolve) => clock.setTimer(450, () => resolve(renewed))));
    const processes = [process(), process(), process(), process()];

    const all = Promise.all(processes.flatMap((p) => Array.from({ length: 5 }, () => p.execute({ associationId: link.associationId }))));
    await clock.advanceAsync(1000);
    const tokens = await all;

    expect(refresher.refresh.callCount).to.equal(1);
    expect(tokens).to.have.length(20);
    expect(tokens.every((token) => token.equals(renewed.accessToken))).to.equal(true);
  });

  it('a process that finds another\'s lease sends the current access token when it has not expired yet', async () => {
    const { links, refresher, process, at } = setUp();
    const link = aSucceededLink({ tokens: someTokens({ expiresAt: at(30_000) }) });
    link.takeRefreshLease('another-process', at(15_000), at(0));
    await links.create(link);

    const token = await process().execute({ associationId: link.associationId });

    expect(token.equals(link.tokens!.accessToken)).to.equal(true);
    expect(refresher.refresh.called).to.equal(false);
  });

  it('waits for another process\'s refresh no longer than the deadline: IDENTITY_PROVIDER_UNAVAILABLE', async () => {
    const { links, refresher, process, at, clock } = setUp();
    const link = aSucceededLink({ tokens: someTokens({ expiresAt: at(-1) }) });
    link.takeRefreshLease('a-process-that-hangs', at(60_000), at(0));
    await links.create(link);

    const outcome = process().execute({ associationId: link.associationId, deadline: Deadline.in(2_000, clock) });
    const settled = expectDomainError(outcome, { type: IdentityProviderUnavailable, code: 'IDENTITY_PROVIDER_UNAVAILABLE' });
    await clock.advanceAsync(2_100);
    await settled;
    expect(refresher.refresh.called).to.equal(false);
  });

  it('takes over a lease that lapsed (its holder died) and makes the grant', async () => {
    const { links, refresher, process, at, clock } = setUp();
    const link = aSucceededLink({ tokens: someTokens({ expiresAt: at(-1) }) });
    link.takeRefreshLease('a-process-that-died', at(-1), at(-20_000));
    await links.create(link);
    const renewed = granted(clock.now());
    refresher.refresh.resolves(renewed);

    const token = await process().execute({ associationId: link.associationId });

    expect(token.equals(renewed.accessToken)).to.equal(true);
    expect(refresher.refresh.callCount).to.equal(1);
  });

  it('a refresh token the platform refuses (invalid_grant): REFRESH_TOKEN_EXPIRED with an ErrorMessage, and the operation fails', async () => {
    const { links, refresher, fresh, at } = setUp();
    const link = aSucceededLink({ tokens: someTokens({ expiresAt: at(-1) }) });
    await links.create(link);
    refresher.refresh.rejects(new LinkingFailed('invalid_grant', 'The token endpoint refused the refresh token (HTTP 400, invalid_grant).'));

    await expectDomainError(fresh.execute({ associationId: link.associationId }), { type: RefreshTokenExpired, code: 'REFRESH_TOKEN_EXPIRED' });

    const stored = await links.findById(link.associationId);
    expect(stored?.state).to.equal('REFRESH_TOKEN_EXPIRED');
    expect(stored?.errorMessage).to.match(/^[A-Za-z0-9 _-]+$/).and.contain('invalid_grant');
    expect(stored?.refreshLease).to.equal(undefined);
    await expectDomainError(fresh.execute({ associationId: link.associationId }), { type: RefreshTokenExpired, code: 'REFRESH_TOKEN_EXPIRED' });
    expect(refresher.refresh.callCount, 'no second grant for a dead refresh token').to.equal(1);
  });

  it('without a refresh token: the access token is used until it expires, then REFRESH_TOKEN_EXPIRED', async () => {
    const { links, refresher, fresh, at, clock } = setUp();
    const link = aSucceededLink({ tokens: someTokens({ refreshToken: undefined, expiresAt: at(30_000) }) });
    await links.create(link);

    expect((await fresh.execute({ associationId: link.associationId })).equals(link.tokens!.accessToken)).to.equal(true);
    clock.advance(30_000);
    await expectDomainError(fresh.execute({ associationId: link.associationId }), { type: RefreshTokenExpired, code: 'REFRESH_TOKEN_EXPIRED' });

    const stored = await links.findById(link.associationId);
    expect(stored?.state).to.equal('REFRESH_TOKEN_EXPIRED');
    expect(stored?.errorMessage).to.contain('no refresh token');
    expect(refresher.refresh.called).to.equal(false);
  });

  it('a platform that cannot be reached: the lease is released and the operation fails retryably once the token has expired', async () => {
    const { links, refresher, fresh, at, clock } = setUp();
    const link = aSucceededLink({ tokens: someTokens({ expiresAt: at(-1) }) });
    await links.create(link);
    refresher.refresh.rejects(new IdentityProviderUnavailable('The token endpoint could not be reached: ECONNREFUSED.'));

    await expectDomainError(fresh.execute({ associationId: link.associationId }), { type: IdentityProviderUnavailable, code: 'IDENTITY_PROVIDER_UNAVAILABLE' });

    const stored = await links.findById(link.associationId);
    expect(stored?.state).to.equal('ASSOCIATION_SUCCEEDED');
    expect(stored?.refreshLease, 'the next need tries at once').to.equal(undefined);
    refresher.refresh.resolves(granted(clock.now()));
    await fresh.execute({ associationId: link.associationId });
    expect(refresher.refresh.callCount).to.equal(2);
  });

  it('a platform that cannot be reached while the token is within the margin: the current token is sent', async () => {
    const { links, refresher, fresh, at } = setUp();
    const link = aSucceededLink({ tokens: someTokens({ expiresAt: at(30_000) }) });
    await links.create(link);
    refresher.refresh.rejects(new IdentityProviderUnavailable('The token endpoint answered HTTP 503.'));

    const token = await fresh.execute({ associationId: link.associationId });

    expect(token.equals(link.tokens!.accessToken)).to.equal(true);
  });

  it('stores the renewed tokens after losing a race to an unrelated write', async () => {
    const { links, refresher, fresh, at, clock } = setUp();
    const link = aSucceededLink({ tokens: someTokens({ expiresAt: at(-1) }) });
    await links.create(link);
    const renewed = granted(clock.now());
    refresher.refresh.callsFake(async () => {
      // Another writer bumps the version while the grant is under way (the lease stays on the link).
      const current = (await links.findById(link.associationId))!;
      const version = current.version;
      current.restartAuthorization({ state: 's', codeVerifier: 'v', expiresAt: at(MINUTE) }, clock.now());
      await links.save(current, version);
      return renewed;
    });

    await fresh.execute({ associationId: link.associationId });

    const stored = await links.findById(link.associationId);
    expect(stored?.tokens?.accessToken.equals(renewed.accessToken)).to.equal(true);
    expect(stored?.pending?.state, 'the other write kept').to.equal('s');
  });

  it('does not write over the tokens of a relink that completed during the grant', async () => {
    const { links, refresher, fresh, at, clock } = setUp();
    const link = aSucceededLink({ tokens: someTokens({ expiresAt: at(-1) }) });
    await links.create(link);
    const relinked = someTokens({ expiresAt: at(60 * MINUTE) });
    refresher.refresh.callsFake(async () => {
      const current = (await links.findById(link.associationId))!;
      const version = current.version;
      current.succeed('user-42', relinked, clock.now());
      await links.save(current, version);
      return granted(clock.now());
    });

    await fresh.execute({ associationId: link.associationId });

    expect((await links.findById(link.associationId))?.tokens?.accessToken.equals(relinked.accessToken)).to.equal(true);
  });

  it('renews proactively before the reported refresh token lifetime ends', async () => {
    const { links, refresher, fresh, at, clock } = setUp({
      policy: new TokenRefreshPolicy({ marginMs: MINUTE, proactiveRenewal: { daysBeforeRenewal: 30 } }),
    });
    const link = aSucceededLink({
      tokens: someTokens({ expiresAt: at(60 * MINUTE), refreshExpiresAt: at(29 * 86_400_000), obtainedAt: at(-40 * 86_400_000) }),
    });
    await links.create(link);
    const renewed = granted(clock.now(), { refreshExpiresAt: at(90 * 86_400_000) });
    refresher.refresh.resolves(renewed);

    expect((await fresh.execute({ associationId: link.associationId })).equals(renewed.accessToken)).to.equal(true);
    expect((await fresh.execute({ associationId: link.associationId })).equals(renewed.accessToken)).to.equal(true);
    expect(refresher.refresh.callCount).to.equal(1);
  });

  it('refuses what it cannot give a token for: unknown, never linked, REFRESH_TOKEN_EXPIRED', async () => {
    const { links, fresh } = setUp();
    await expectDomainError(fresh.execute({ associationId: 'Unknown1' }), { type: AssociationNotFound, code: 'ASSOCIATION_NOT_FOUND' });
    const failed = aFailedLink();
    await links.create(failed);
    await expectDomainError(fresh.execute({ associationId: failed.associationId }), {
      type: IllegalAssociationTransition,
      code: 'ILLEGAL_ASSOCIATION_TRANSITION',
    });
    const expired = aRefreshTokenExpiredLink();
    await links.create(expired);
    await expectDomainError(fresh.execute({ associationId: expired.associationId }), { type: RefreshTokenExpired, code: 'REFRESH_TOKEN_EXPIRED' });
  });

  it('never puts a token in its errors', async () => {
    const { links, refresher, fresh, at } = setUp();
    const secret = 'refresh-secret-value-0123456789';
    const link = aSucceededLink({ tokens: someTokens({ expiresAt: at(-1), refreshToken: AccessToken.of(secret) }) });
    await links.create(link);
    refresher.refresh.rejects(new LinkingFailed('invalid_grant', 'The token endpoint refused the refresh token (HTTP 400, invalid_grant).'));
    await expectDomainError(fresh.execute({ associationId: link.associationId }), { type: RefreshTokenExpired, code: 'REFRESH_TOKEN_EXPIRED', secret });
  });
});
