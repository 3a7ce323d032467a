import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import type { AccountLink } from '#domain/account-link.js';
import { AssociationModifiedConcurrently } from '#domain/errors/association-modified-concurrently.js';
import { EncryptingAccountLinkRepository } from '#adapters/persistence/encrypting-account-link-repository.js';
import { JweTokenCipher } from '#adapters/persistence/jwe-token-cipher.js';
import { LevelAccountLinkRepository } from '#adapters/persistence/level-account-link-repository.js';
import { PersistenceUnavailable } from '#adapters/persistence/persistence-unavailable.js';
import {
  aDeletingLink,
  aFailedLink,
  aPendingLink,
  aRefreshTokenExpiredLink,
  aRelinkingLink,
  aSucceededLink,
  comparable,
  LINKING_STARTED_AT,
} from '../../support/account-links.js';
import { rejectionOf } from '../../support/rejection-of.js';

const A_MINUTE_LATER = new Date(LINKING_STARTED_AT.getTime() + 60_000);


describe('LevelAccountLinkRepository: the embedded store on LevelDB (classic-level), on disk', () => {
  let folder: string;
  let store: LevelAccountLinkRepository;

  beforeEach(async () => {
    folder = mkdtempSync(join(tmpdir(), 'c2c-level-store-'));
    store = await LevelAccountLinkRepository.open({ path: join(folder, 'links') });
  });
  afterEach(async () => {
    await store.close().catch(() => undefined);
    rmSync(folder, { recursive: true, force: true });
  });

  async function reopened(): Promise<LevelAccountLinkRepository> {
    await store.close();
    store = await LevelAccountLinkRepository.open({ path: join(folder, 'links') });
    return store;
  }

  const mothers: Record<string, () => AccountLink> = {
    pending: aPendingLink,
    succeeded: aSucceededLink,
    failed: aFailedLink,
    'relinking (pending, tokens kept)': aRelinkingLink,
    deleting: aDeletingLink,
    'refresh token expired': aRefreshTokenExpiredLink,
  };
  for (const [name, mother] of Object.entries(mothers)) {
    it(`keeps a link that is ${name} across a restart, as it was written`, async () => {
      const link = mother();
      await store.create(link);
      expect(comparable((await store.findById(link.associationId))!)).to.deep.equal(comparable(link));
      const again = await reopened();
      expect(comparable((await again.findById(link.associationId))!)).to.deep.equal(comparable(link));
      expect(again.size).to.equal(1);
    });
  }

  it('keeps every write across a restart: a save, a claim and a delete', async () => {
    const saved = aPendingLink();
    const claimed = aPendingLink();
    const deleted = aPendingLink();
    for (const link of [saved, claimed, deleted]) await store.create(link);
    saved.fail('refused', A_MINUTE_LATER);
    await store.save(saved, 1);
    const claim = await store.claimPending(claimed.associationId, claimed.pending!.state, A_MINUTE_LATER, new Date(A_MINUTE_LATER.getTime() + 15_000));
    await store.delete(deleted.associationId, deleted.version);

    const again = await reopened();
    expect((await again.findById(saved.associationId))?.state).to.equal('ASSOCIATION_FAILED');
    expect(comparable((await again.findById(claimed.associationId))!)).to.deep.equal(comparable(claim!.link));
    expect(await again.findById(deleted.associationId)).to.equal(undefined);
  });

  it('refuses a second process on the same folder, naming the folder', async () => {
    const error = await rejectionOf(LevelAccountLinkRepository.open({ path: join(folder, 'links') }));
    expect((error as Error).message).to.equal(`The embedded store at ${join(folder, 'links')} is in use by another process.`);
  });

  describe('compare-and-set', () => {
    it('lets exactly one of ten concurrent saves from the same read win', async () => {
      const link = aPendingLink();
      await store.create(link);
      const contenders = await Promise.all(Array.from({ length: 10 }, () => store.findById(link.associationId)));
      const results = await Promise.allSettled(
        contenders.map((contender, i) => {
          const readVersion = contender!.version;
          contender!.fail(`contender ${i}`, A_MINUTE_LATER);
          return store.save(contender!, readVersion);
        }),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).to.have.length(1);
      const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(rejected.every(({ reason }) => reason instanceof AssociationModifiedConcurrently)).to.equal(true);
      expect((await store.findById(link.associationId))?.version).to.equal(link.version + 1);
    });

    it('rejects a save based on a stale version, of a link never created, and a second create of one id', async () => {
      const link = aPendingLink();
      await store.create(link);
      expect(await rejectionOf(store.save(link, link.version + 1))).to.be.instanceOf(AssociationModifiedConcurrently);
      expect(await rejectionOf(store.save(aPendingLink(), 1))).to.be.instanceOf(AssociationModifiedConcurrently);
      const second = aPendingLink({ associationId: link.associationId });
      expect(await rejectionOf(store.create(second))).to.be.instanceOf(AssociationModifiedConcurrently);
      expect((await store.findById(link.associationId))?.pending?.state).to.equal(link.pending?.state);
    });

    it('deletes at the expected version only; deleting a missing link is not an error', async () => {
      const link = aPendingLink();
      await store.create(link);
      expect(await rejectionOf(store.delete(link.associationId, link.version + 1))).to.be.instanceOf(AssociationModifiedConcurrently);
      expect(await store.findById(link.associationId)).to.not.equal(undefined);
      await store.delete(link.associationId, link.version);
      await store.delete(link.associationId, link.version);
      expect(await store.findById(link.associationId)).to.equal(undefined);
    });
  });

  describe('claimPending', () => {
    const claim = (link: AccountLink, state: string, at: Date) =>
      store.claimPending(link.associationId, state, at, new Date(at.getTime() + 15_000));

    it('consumes the round trip and answers the verifier and the link as claimed, which is what is stored', async () => {
      const link = aPendingLink();
      await store.create(link);
      const claimed = await claim(link, link.pending!.state, A_MINUTE_LATER);
      expect(claimed?.codeVerifier).to.equal(link.pending?.codeVerifier);
      expect(claimed?.link.version).to.equal(link.version + 1);
      expect(claimed?.link.pending).to.equal(undefined);
      expect(comparable((await store.findById(link.associationId))!)).to.deep.equal(comparable(claimed!.link));
    });

    it('lets exactly one of ten concurrent claims of the same state win', async () => {
      const link = aPendingLink();
      await store.create(link);
      const claims = await Promise.all(Array.from({ length: 10 }, () => claim(link, link.pending!.state, A_MINUTE_LATER)));
      expect(claims.filter((claimed) => claimed !== undefined)).to.have.length(1);
      expect((await store.findById(link.associationId))?.version).to.equal(link.version + 1);
    });

    it('claims nothing, and changes nothing, for another state, an expired round trip or an unknown association', async () => {
      const link = aPendingLink();
      await store.create(link);
      const expired = new Date(link.pending!.expiresAt.getTime() + 1);
      expect(await claim(link, `${link.pending!.state}x`, A_MINUTE_LATER)).to.equal(undefined);
      expect(await claim(link, link.pending!.state, expired)).to.equal(undefined);
      expect(await claim(aPendingLink(), 'any', A_MINUTE_LATER)).to.equal(undefined);
      expect(comparable((await store.findById(link.associationId))!)).to.deep.equal(comparable(link));
    });
  });

  describe('findByUserId', () => {
    it('answers the most recently updated link of a user, and undefined for a user without one', async () => {
      const older = aSucceededLink({ userId: 'user-7' });
      const newer = aRelinkingLink({ userId: 'user-7' });
      await store.create(newer);
      await store.create(older);
      expect((await store.findByUserId('user-7'))?.associationId).to.equal(newer.associationId);
      expect(await store.findByUserId('user-8')).to.equal(undefined);
    });
  });

  describe('a write that LevelDB refuses', () => {
    it('is PersistenceUnavailable, changes nothing in memory, and reports the store degraded', async () => {
      const link = aPendingLink();
      await store.create(link);
      await store.close();
      link.fail('after the close', A_MINUTE_LATER);
      const error = await rejectionOf(store.save(link, 1));
      expect(error).to.be.instanceOf(PersistenceUnavailable);
      expect((error as Error).message).to.match(/^The embedded store's write failed \(LEVEL_[A-Z_]+\)\.$/);
      expect((await store.findById(link.associationId))?.state).to.equal('ASSOCIATION_IN_PROGRESS');
      expect(await store.health()).to.equal('degraded');
    });

    it('reports ok from the start, and keeps no token in clear behind encryption', async () => {
      expect(await store.health()).to.equal('ok');
      const encrypted = new EncryptingAccountLinkRepository(store, new JweTokenCipher(randomBytes(32)));
      const link = aSucceededLink();
      await encrypted.create(link);
      const raw = await store.findById(link.associationId);
      expect(raw?.tokens?.accessToken.reveal()).to.not.equal(link.tokens?.accessToken.reveal());
      expect((await encrypted.findById(link.associationId))?.tokens?.accessToken.reveal()).to.equal(link.tokens?.accessToken.reveal());
    });
  });
});
