import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { decodeProtectedHeader } from 'jose';
import { AccessToken, MAX_ACCESS_TOKEN_LENGTH } from '#domain/access-token.js';
import { AccountLink, type AccountLinkSnapshot } from '#domain/account-link.js';
import { AssociationModifiedConcurrently } from '#domain/errors/association-modified-concurrently.js';
import { EncryptingAccountLinkRepository } from '#adapters/persistence/encrypting-account-link-repository.js';
import { InMemoryAccountLinkRepository } from '#adapters/persistence/in-memory-account-link-repository.js';
import { JweTokenCipher } from '#adapters/persistence/jwe-token-cipher.js';
import { TokenDecryptionFailed } from '#adapters/persistence/token-decryption-failed.js';
import { FakeClock, stubAccountLinkRepository, stubConnectorClient, stubTokenExchanger, stubTokenRevoker } from '#main/testing/index.js';
import { MemoryLog } from '../../support/memory-log.js';
import { CompleteLinking } from '#application/complete-linking.js';
import { UncheckedIdTokens } from '#adapters/jwt/unchecked-id-tokens.js';
import {
  aClaimedLink,
  aDeletingLink,
  aFailedLink,
  anAssociationId,
  aPendingAuthorization,
  aPendingLink,
  aRefreshTokenExpiredLink,
  aRelinkingLink,
  aSucceededLink,
  comparable,
  LINKING_STARTED_AT,
  someTokens,
} from '../../support/account-links.js';
import { rejectionOf } from '../../support/rejection-of.js';

const A_MINUTE_LATER = new Date(LINKING_STARTED_AT.getTime() + 60_000);
/** A claim's deadline. */
const LATER_STILL = new Date(A_MINUTE_LATER.getTime() + 15_000);

describe('EncryptingAccountLinkRepository over the in-memory repository', () => {
  const cipher = new JweTokenCipher(randomBytes(32));
  let inner: InMemoryAccountLinkRepository;
  let links: EncryptingAccountLinkRepository;

  beforeEach(() => {
    inner = new InMemoryAccountLinkRepository();
    links = new EncryptingAccountLinkRepository(inner, cipher);
  });

  /** What the inner repository holds for `associationId`. */
  async function held(associationId: string): Promise<AccountLinkSnapshot> {
    const link = await inner.findById(associationId);
    if (link === undefined) throw new Error(`the inner repository holds no ${associationId}`);
    return link.toSnapshot();
  }

  /** Replaces what the inner repository holds, as someone with write access to the store could. */
  async function tamper(associationId: string, change: (held: AccountLinkSnapshot) => Partial<AccountLinkSnapshot>): Promise<void> {
    const snapshot = await held(associationId);
    await inner.save(AccountLink.fromSnapshot({ ...snapshot, ...change(snapshot) }), snapshot.version);
  }


  function expectBoundJwe(value: string | undefined, field: string, associationId: string): void {
    expect(value?.split('.')).to.have.length(5);
    expect(decodeProtectedHeader(value ?? '')).to.deep.equal({ alg: 'dir', enc: 'A256GCM', c2c_bound_to: `${field}@${associationId}` });
  }

  describe('what the inner repository receives', () => {
    it('is the link with each secret as a JWE bound to its association and field, the state as a keyed digest, and nothing else changed', async () => {
      const link = aRelinkingLink();
      const { tokens, pending } = link.toSnapshot();
      await links.create(link);

      const stored = await held(link.associationId);
      expectBoundJwe(stored.tokens?.accessToken.reveal(), 'accessToken', link.associationId);
      expectBoundJwe(stored.tokens?.refreshToken?.reveal(), 'refreshToken', link.associationId);
      expectBoundJwe(stored.pending?.codeVerifier, 'pendingAuthorization', link.associationId);
      expect(await cipher.decrypt(stored.tokens?.accessToken.reveal() ?? '')).to.equal(tokens?.accessToken.reveal());
      expect(await cipher.decrypt(stored.tokens?.refreshToken?.reveal() ?? '')).to.equal(tokens?.refreshToken?.reveal());
      expect(JSON.parse(await cipher.decrypt(stored.pending?.codeVerifier ?? ''))).to.deep.equal({
        state: pending?.state,
        codeVerifier: pending?.codeVerifier,
      });
      expect(stored.pending?.state).to.match(/^[A-Za-z0-9_-]{43}$/).and.not.equal(pending?.state);

      const withoutSecrets = (s: AccountLinkSnapshot) => ({
        ...s,
        pending: { ...s.pending, state: undefined, codeVerifier: undefined },
        tokens: { expiresAt: s.tokens?.expiresAt },
      });
      expect(withoutSecrets(stored)).to.deep.equal(withoutSecrets(link.toSnapshot()));
    });

    it('is encrypted on save as on create', async () => {
      const link = aPendingLink();
      await links.create(link);
      const readVersion = link.version;
      link.claimCallback(link.pending?.state ?? '', A_MINUTE_LATER, new Date(A_MINUTE_LATER.getTime() + 15_000));
      link.succeed('user-saved', someTokens(), A_MINUTE_LATER);
      await links.save(link, readVersion);

      const stored = await held(link.associationId);
      expectBoundJwe(stored.tokens?.accessToken.reveal(), 'accessToken', link.associationId);
      expectBoundJwe(stored.tokens?.refreshToken?.reveal(), 'refreshToken', link.associationId);
      expect(JSON.stringify(comparable(AccountLink.fromSnapshot(stored)))).to.not.include(link.tokens?.accessToken.reveal());
    });

    it('is a copy: the link the caller holds keeps its secrets', async () => {
      const link = aRelinkingLink();
      const before = comparable(link);
      await links.create(link);
      expect(comparable(link)).to.deep.equal(before);
    });

    it('carries the caller\'s version, and the version the caller read is the one compared', async () => {
      const stub = stubAccountLinkRepository();
      stub.save.resolves();
      const link = aSucceededLink();
      await new EncryptingAccountLinkRepository(stub, cipher).save(link, link.version - 1);
      const [sealed, expectedVersion] = stub.save.firstCall.args;
      expect(sealed.version).to.equal(link.version);
      expect(expectedVersion).to.equal(link.version - 1);
    });
  });

  describe('round trip', () => {
    const mothers: Record<string, () => AccountLink> = {
      'in progress, awaiting the callback': aPendingLink,
      'in progress, callback claimed': aClaimedLink,
      succeeded: aSucceededLink,
      'succeeded without refresh token or expiry': () =>
        aSucceededLink({ tokens: someTokens({ refreshToken: undefined, expiresAt: undefined }) }),
      'succeeded, relinking': aRelinkingLink,
      failed: aFailedLink,
      'refresh token expired': aRefreshTokenExpiredLink,
      deleting: aDeletingLink,
    };

    for (const [name, mother] of Object.entries(mothers)) {
      it(`reads back a link that is ${name} as it was given`, async () => {
        const link = mother();
        await links.create(link);
        expect(comparable((await links.findById(link.associationId)) as AccountLink)).to.deep.equal(comparable(link));
      });
    }

    it('reads back tokens of the maximum length, in three-byte characters too, though their JWEs are longer than any token', async () => {
      const tokens = someTokens({
        accessToken: AccessToken.of('a'.repeat(MAX_ACCESS_TOKEN_LENGTH)),
        refreshToken: AccessToken.of('€'.repeat(MAX_ACCESS_TOKEN_LENGTH)),
      });
      const link = aSucceededLink({ tokens });
      await links.create(link);
      expect((await held(link.associationId)).tokens?.refreshToken?.length).to.be.greaterThan(3 * MAX_ACCESS_TOKEN_LENGTH);
      expect(comparable((await links.findById(link.associationId)) as AccountLink)).to.deep.equal(comparable(link));
    });

    it('finds a user\'s link decrypted', async () => {
      const link = aSucceededLink({ userId: 'user-found' });
      await links.create(link);
      expect(comparable((await links.findByUserId('user-found')) as AccountLink)).to.deep.equal(comparable(link));
    });

    it('answers undefined for a link the inner repository does not have', async () => {
      expect(await links.findById('nosuchassociation')).to.equal(undefined);
      expect(await links.findByUserId('user-nobody')).to.equal(undefined);
    });
  });

  describe('compare-and-set through the decorator', () => {
    it('saves at the version read, and refuses a save based on a stale version', async () => {
      const link = aPendingLink();
      await links.create(link);
      const read = (await links.findById(link.associationId)) as AccountLink;
      expect(read.version).to.equal(link.version);
      const readVersion = read.version;
      read.fail('first change', A_MINUTE_LATER);
      await links.save(read, readVersion);
      expect((await held(link.associationId)).version).to.equal(readVersion + 1);

      read.restartAuthorization(aPendingAuthorization(), A_MINUTE_LATER);
      expect(await rejectionOf(links.save(read, readVersion))).to.be.instanceOf(AssociationModifiedConcurrently);
      expect(await rejectionOf(links.create(link))).to.be.instanceOf(AssociationModifiedConcurrently);
    });

    it('deletes at the expected version only', async () => {
      const link = aFailedLink();
      await links.create(link);
      expect(await rejectionOf(links.delete(link.associationId, link.version - 1))).to.be.instanceOf(AssociationModifiedConcurrently);
      await links.delete(link.associationId, link.version);
      expect(inner.size).to.equal(0);
    });
  });

  describe('ciphertexts out of place', () => {
    it('refuses an access token copied from another association', async () => {
      const victim = aSucceededLink({ userId: 'user-victim' });
      const attacker = aSucceededLink({ userId: 'user-attacker' });
      await links.create(victim);
      await links.create(attacker);
      const victimTokens = (await held(victim.associationId)).tokens;
      await tamper(attacker.associationId, (s) => ({ tokens: s.tokens && victimTokens && { ...s.tokens, accessToken: victimTokens.accessToken } }));
      expect(await rejectionOf(links.findById(attacker.associationId))).to.be.instanceOf(TokenDecryptionFailed);
      expect(await rejectionOf(links.findByUserId('user-attacker'))).to.be.instanceOf(TokenDecryptionFailed);
    });

    it('refuses the access and refresh tokens swapped', async () => {
      const link = aSucceededLink();
      await links.create(link);
      await tamper(link.associationId, ({ tokens }) => ({
        tokens: tokens && { ...tokens, accessToken: tokens.refreshToken ?? tokens.accessToken, refreshToken: tokens.accessToken },
      }));
      expect(await rejectionOf(links.findById(link.associationId))).to.be.instanceOf(TokenDecryptionFailed);
    });

    it('refuses a PKCE verifier copied from another association', async () => {
      const victim = aPendingLink();
      const attacker = aPendingLink();
      await links.create(victim);
      await links.create(attacker);
      const victimPending = (await held(victim.associationId)).pending;
      await tamper(attacker.associationId, (s) => ({ pending: s.pending && victimPending && { ...s.pending, codeVerifier: victimPending.codeVerifier } }));
      expect(await rejectionOf(links.findById(attacker.associationId))).to.be.instanceOf(TokenDecryptionFailed);
    });

    it('refuses the secrets of an earlier round trip of the same association put back beside the current digest', async () => {
      const link = aPendingLink();
      await links.create(link);
      const earlier = (await held(link.associationId)).pending;
      const readVersion = link.version;
      link.restartAuthorization(aPendingAuthorization(), A_MINUTE_LATER);
      await links.save(link, readVersion);
      await tamper(link.associationId, (s) => ({ pending: s.pending && earlier && { ...s.pending, codeVerifier: earlier.codeVerifier } }));
      expect(await rejectionOf(links.findById(link.associationId))).to.be.instanceOf(TokenDecryptionFailed);
    });

    it('refuses values written under another key', async () => {
      const link = aSucceededLink();
      await new EncryptingAccountLinkRepository(inner, new JweTokenCipher(randomBytes(32))).create(link);
      expect(await rejectionOf(links.findById(link.associationId))).to.be.instanceOf(TokenDecryptionFailed);
    });
  });

  describe('the state at rest', () => {
    it('keeps a keyed digest: the same state gives the same digest under one key, another under another key', async () => {
      const pending = aPendingAuthorization();
      const here = aPendingLink();
      const there = AccountLink.start(here.associationId, pending, LINKING_STARTED_AT);
      const other = new InMemoryAccountLinkRepository();
      await links.create(AccountLink.start(here.associationId, pending, LINKING_STARTED_AT));
      await new EncryptingAccountLinkRepository(other, new JweTokenCipher(randomBytes(32))).create(there);

      const digest = (await held(here.associationId)).pending?.state;
      expect(digest).to.equal(cipher.digest(pending.state, 'oauth-state-digest-v1'));
      expect((await other.findById(here.associationId))?.pending?.state).to.not.equal(digest);
      expect(JSON.stringify(await held(here.associationId))).to.not.include(pending.state);
    });

    it('claims with the state, in one conditional write on its digest, and answers the verifier and the nonce', async () => {
      const link = AccountLink.start(anAssociationId(), aPendingAuthorization({ nonce: 'nonce-7' }), LINKING_STARTED_AT);
      const { state, codeVerifier } = link.pending!;
      await links.create(link);
      const digest = (await held(link.associationId)).pending?.state ?? '';

      expect(await links.claimPending?.(link.associationId, digest, A_MINUTE_LATER, LATER_STILL), 'the digest read from the store').to.equal(undefined);
      const claimed = await links.claimPending?.(link.associationId, state, A_MINUTE_LATER, LATER_STILL);
      expect(claimed).to.deep.include({ codeVerifier, nonce: 'nonce-7' });
      expect(claimed?.link.pending).to.equal(undefined);
      expect(await links.claimPending?.(link.associationId, state, A_MINUTE_LATER, LATER_STILL), 'a second claim').to.equal(undefined);
    });

    it('reads a round trip back with its state and nonce, as the authorization URL needs them', async () => {
      const link = AccountLink.start(anAssociationId(), aPendingAuthorization({ nonce: 'nonce-8' }), LINKING_STARTED_AT);
      await links.create(link);
      expect((await links.findById(link.associationId))?.pending).to.deep.equal(link.pending);
    });
  });

  describe('values older versions wrote', () => {
    for (const [form, verifierOf] of [
      ['its verifier in clear', (verifier: string) => Promise.resolve(verifier)],
      ['its verifier encrypted', (verifier: string) => cipher.encrypt(verifier)],
    ] as const) {
      it(`reads a round trip stored with its state in clear (${form}) as expired at its last change, and never claims it`, async () => {
        const link = aPendingLink();
        await links.create(link);
        const { updatedAt } = link.toSnapshot();
        const legacyState = `${link.associationId}.${randomBytes(32).toString('base64url')}`;
        const codeVerifier = await verifierOf('verifier-of-an-older-version');
        await tamper(link.associationId, (s) => ({ pending: s.pending && { ...s.pending, state: legacyState, codeVerifier } }));

        const read = (await links.findById(link.associationId)) as AccountLink;
        expect(read.holdsPendingState(legacyState)).to.equal(true);
        expect(read.pending?.expiresAt).to.deep.equal(updatedAt);
        expect(read.isAwaitingCallback(updatedAt)).to.equal(false);
        expect(await links.claimPending?.(link.associationId, legacyState, updatedAt, LATER_STILL)).to.equal(undefined);
        expect(() => read.claimCallback(legacyState, updatedAt, LATER_STILL)).to.throw(/expired/);
      });
    }

    it('answers the callback of such a round trip as expired, and fails the association', async () => {
      const link = aPendingLink();
      await links.create(link);
      const legacyState = `${link.associationId}.${randomBytes(32).toString('base64url')}`;
      await tamper(link.associationId, (s) => ({ pending: s.pending && { ...s.pending, state: legacyState, codeVerifier: 'verifier-in-clear' } }));
      const exchanger = stubTokenExchanger();
      const complete = new CompleteLinking(links, exchanger, stubConnectorClient(), new UncheckedIdTokens(), stubTokenRevoker(), new FakeClock(A_MINUTE_LATER), new MemoryLog().logger, {
        oauthRedirectUrl: 'https://app.example.com/linked',
        callbackUrl: 'https://link.example.com/oauth/callback',
      });

      const outcome = await complete.execute({ state: legacyState, code: 'code-1' });

      expect(new URL(outcome.redirectTo).searchParams.get('error_description')).to.equal('The authorization request expired');
      expect(exchanger.exchange.called).to.equal(false);
      expect((await held(link.associationId)).state).to.equal('ASSOCIATION_FAILED');
    });

    it('still decrypts tokens encrypted before they were bound to a field', async () => {
      const link = aRelinkingLink();
      const { tokens } = link.toSnapshot();
      await links.create(link);
      const unbound = async (token: AccessToken | undefined) =>
        token === undefined ? undefined : AccessToken.sealed(await cipher.encrypt(token.reveal()));
      const accessToken = (await unbound(tokens?.accessToken)) as AccessToken;
      const refreshToken = await unbound(tokens?.refreshToken);
      await tamper(link.associationId, (s) => ({ tokens: s.tokens && { ...s.tokens, accessToken, refreshToken } }));
      expect(comparable((await links.findById(link.associationId)) as AccountLink)).to.deep.equal(comparable(link));
    });
  });
});
