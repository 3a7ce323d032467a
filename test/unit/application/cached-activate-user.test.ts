import { expect } from 'chai';
import sinon from 'sinon';
import { CachedActivateUser } from '#application/cached-activate-user.js';
import { Deadline } from '#application/deadline.js';
import type { CachedActivation, IdentityCache } from '#application/ports/identity-cache.js';
import type { LogFields } from '#application/ports/logger.js';
import type { UserActivation } from '#application/user-activation.js';
import { AccessToken } from '#domain/access-token.js';
import type { DomainError } from '#domain/errors/domain-error.js';
import type { ErrorCode } from '#domain/errors/error-code.js';
import { IdentityProviderUnavailable } from '#domain/errors/identity-provider-unavailable.js';
import { InvalidToken } from '#domain/errors/invalid-token.js';
import { InvalidUserId } from '#domain/errors/invalid-user-id.js';
import { TokenExpired } from '#domain/errors/token-expired.js';
import { UserIdentity } from '#domain/user-identity.js';
import { expectDomainError } from '../../support/expect-domain-error.js';
import { FakeClock } from '#main/testing/index.js';
import { identityClaims } from '../../support/identity-claims.js';
import { aSecretCredential } from '../../support/secret-credentials.js';

/** A map-backed cache that records the time to live of each entry. */
class RecordingCache implements IdentityCache {
  readonly entries = new Map<string, { entry: CachedActivation; ttlMs: number }>();
  get(fingerprint: string): CachedActivation | undefined {
    return this.entries.get(fingerprint)?.entry;
  }
  set(fingerprint: string, entry: CachedActivation, ttlMs: number): void {
    this.entries.set(fingerprint, { entry, ttlMs });
  }
  delete(fingerprint: string): void {
    this.entries.delete(fingerprint);
  }
}

type DomainErrorType = abstract new (...args: never[]) => DomainError;

const TOKEN = AccessToken.of('secret-token-value');

describe('CachedActivateUser', () => {
  let inner: sinon.SinonStubbedInstance<UserActivation> & UserActivation;
  let cache: RecordingCache;
  let clock: FakeClock;
  let facts: LogFields[];
  let subject: CachedActivateUser;

  beforeEach(() => {
    inner = { execute: sinon.stub(), forget: sinon.stub() };
    cache = new RecordingCache();
    clock = new FakeClock();
    facts = [];
    subject = new CachedActivateUser(inner, cache, { of: (token) => `fp:${token.length}` }, clock, { record: (_invocation, f) => void facts.push(f) }, {
      ttlMs: 60_000,
      negativeTtlMs: 5_000,
    });
  });

  function identity(overrides: Parameters<typeof identityClaims>[0] = {}): UserIdentity {
    return UserIdentity.create(identityClaims(overrides));
  }

  function execute(deadline = Deadline.in(1000, clock)) {
    return subject.execute({ token: TOKEN, deadline });
  }

  it('keys the cache by the fingerprint, never the token', async () => {
    inner.execute.resolves(identity({ source: 'userinfo' }));
    await execute();
    expect([...cache.entries.keys()]).to.deep.equal([`fp:${TOKEN.length}`]);
    expect(JSON.stringify([...cache.entries.values()])).not.to.contain(TOKEN.reveal());
  });

  it('keeps a JWT identity until the token expires', async () => {
    inner.execute.resolves(identity({ source: 'jwt', expiresAt: new Date(clock.now().getTime() + 3_600_000) }));
    await execute();
    expect([...cache.entries.values()][0]?.ttlMs).to.equal(3_600_000);
  });

  it('keeps a userinfo identity for the configured time, but never past a known expiry', async () => {
    inner.execute.resolves(identity({ source: 'userinfo' }));
    await execute();
    expect([...cache.entries.values()][0]?.ttlMs).to.equal(60_000);
    cache.entries.clear();
    inner.execute.resolves(identity({ source: 'userinfo', expiresAt: new Date(clock.now().getTime() + 10_000) }));
    await execute();
    expect([...cache.entries.values()][0]?.ttlMs).to.equal(10_000);
  });

  it('does not cache an identity whose token has already expired', async () => {
    inner.execute.resolves(identity({ source: 'jwt', expiresAt: new Date(clock.now().getTime() - 1) }));
    await execute();
    expect(cache.entries.size).to.equal(0);
  });

  it('answers a second call from the cache and records the hit', async () => {
    inner.execute.resolves(identity({ userId: 'cached-user', source: 'userinfo' }));
    await execute();
    expect((await execute()).userId).to.equal('cached-user');
    expect(inner.execute.callCount).to.equal(1);
    expect(facts).to.deep.include({ cacheHit: true, identitySource: 'userinfo' });
  });

  const rejections: [string, DomainError, DomainErrorType, ErrorCode][] = [
    ['INVALID_TOKEN', new InvalidToken('refused'), InvalidToken, 'INVALID_TOKEN'],
    ['EXPIRED_TOKEN', new TokenExpired('too late'), TokenExpired, 'EXPIRED_TOKEN'],
  ];
  for (const [label, error, type, code] of rejections) {
    it(`remembers ${label} for the negative time to live and answers it again without asking`, async () => {
      inner.execute.rejects(error);
      await expectDomainError(execute(), { type, code });
      const again = await expectDomainError(execute(), { type, code });
      expect(again.message).to.equal(error.message);
      expect(inner.execute.callCount).to.equal(1);
      expect([...cache.entries.values()][0]?.ttlMs).to.equal(5_000);
    });
  }

  for (const [label, error] of [
    ['IDENTITY_PROVIDER_UNAVAILABLE', new IdentityProviderUnavailable('down')],
    ['INVALID_USER_ID', new InvalidUserId('bad id')],
  ] as const) {
    it(`never remembers ${label}`, async () => {
      inner.execute.rejects(error);
      await execute().catch(() => undefined);
      await execute().catch(() => undefined);
      expect(inner.execute.callCount).to.equal(2);
      expect(cache.entries.size).to.equal(0);
    });
  }

  it('shares one call among concurrent callers of the same token', async () => {
    let finish: (value: UserIdentity) => void = () => undefined;
    inner.execute.returns(new Promise((resolve) => (finish = resolve)));
    const callers = Array.from({ length: 10 }, () => execute());
    finish(identity({ userId: 'shared' }));
    const identities = await Promise.all(callers);
    expect(identities.map((found) => found.userId)).to.deep.equal(Array(10).fill('shared'));
    expect(inner.execute.callCount).to.equal(1);
  });

  it('lets a joiner give up at its own deadline while the shared call goes on', async () => {
    inner.execute.returns(new Promise(() => undefined));
    const starterDeadline = Deadline.in(5000, clock);
    let starterSettled = false;
    void execute(starterDeadline).then(
      () => (starterSettled = true),
      () => (starterSettled = true),
    );
    const joiner = execute(Deadline.in(50, clock));
    clock.advance(50);
    await expectDomainError(joiner, { type: IdentityProviderUnavailable, code: 'IDENTITY_PROVIDER_UNAVAILABLE' });
    expect(starterSettled).to.equal(false);
    expect(starterDeadline.expired).to.equal(false);
    expect(inner.execute.callCount).to.equal(1);
  });

  it('asks again on its own when the caller that started the shared call ran out of time', async () => {
    inner.execute.callsFake(({ deadline }) =>
      deadline.remainingMs() < 100
        ? new Promise((_resolve, reject) => deadline.signal.addEventListener('abort', () => reject(new IdentityProviderUnavailable('cut short'))))
        : Promise.resolve(identity({ userId: 'patient' })),
    );
    const callers = [execute(Deadline.in(30, clock)), execute(Deadline.in(1000, clock))] as const;
    clock.advance(30);
    const [hurried, patient] = await Promise.allSettled(callers);
    expect(hurried.status).to.equal('rejected');
    expect(patient).to.have.nested.property('value.userId', 'patient');
    expect(inner.execute.callCount).to.equal(2);
  });

  it('forgets a revoked token: the next call asks the sources again', async () => {
    inner.execute.resolves(UserIdentity.create({ ...identityClaims(), userId: 'u-1' }));
    await subject.execute({ token: TOKEN, deadline: Deadline.in(100, clock) });
    subject.forget(TOKEN);
    await subject.execute({ token: TOKEN, deadline: Deadline.in(100, clock) });
    expect(inner.execute.callCount).to.equal(2);
    expect(inner.forget.calledOnceWith(TOKEN)).to.equal(true);
  });

  describe('with General Authorization credentials', () => {
    const credential = aSecretCredential({ apiKey: 'ak-live-2e8a40' });
    const visibleDigest = (text: string): string => `digest(${text})`;
    beforeEach(() => {
      subject = new CachedActivateUser(
        inner,
        cache,
        { of: (token) => `fp:${token.length}` },
        clock,
        { record: (_invocation, f) => void facts.push(f) },
        { ttlMs: 60_000, negativeTtlMs: 5_000 },
        { sha256Base64Url: visibleDigest },
      );
    });
    const executeWith = (secretCredential = credential) => subject.execute({ credential: secretCredential, deadline: Deadline.in(1000, clock) });

    it("keys the cache by a digest of the secret's arn and versionId, in a space of its own, never by the secret", async () => {
      inner.execute.resolves(identity({ source: 'acme' }));
      await executeWith();
      const { arn, versionId } = credential.secretsManager;
      expect([...cache.entries.keys()]).to.deep.equal([`secret:${visibleDigest(`${arn}\n${versionId}`)}`]);
      expect(JSON.stringify([...cache.entries])).not.to.contain('ak-live-2e8a40');
    });

    it('answers the retry of the same reference from the cache, and asks again for another version of the secret', async () => {
      inner.execute.resolves(identity({ source: 'acme' }));
      await executeWith();
      await executeWith(aSecretCredential({ apiKey: 'ak-live-2e8a40' }));
      expect(inner.execute.callCount).to.equal(1);
      expect(facts).to.deep.include({ cacheHit: true, identitySource: 'acme' });

      await executeWith(aSecretCredential({ versionId: 'f'.repeat(36) }));
      expect(inner.execute.callCount).to.equal(2);
    });

    it('forgets a deactivated credential: the next call asks the sources again', async () => {
      inner.execute.resolves(identity({ source: 'acme' }));
      await executeWith();
      subject.forget(credential);
      await executeWith();
      expect(inner.execute.callCount).to.equal(2);
      expect(inner.forget.calledOnceWith(credential)).to.equal(true);
    });

    it('keys by the reference as it is when given no digest (neither part is secret)', async () => {
      subject = new CachedActivateUser(inner, cache, { of: () => 'fp' }, clock, { record: () => undefined }, { ttlMs: 60_000, negativeTtlMs: 0 });
      inner.execute.resolves(identity({ source: 'acme' }));
      await executeWith();
      const { arn, versionId } = credential.secretsManager;
      expect([...cache.entries.keys()]).to.deep.equal([`secret:${arn}\n${versionId}`]);
    });
  });
});
