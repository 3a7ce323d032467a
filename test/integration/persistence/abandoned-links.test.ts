import { expect } from 'chai';
import { expireAbandonedLink } from '#application/expire-abandoned-link.js';
import type { AccountLinkRepository } from '#application/ports/account-link-repository.js';
import { AUTHORIZATION_EXPIRED, type AccountLink } from '#domain/account-link.js';
import { AssociationModifiedConcurrently } from '#domain/errors/association-modified-concurrently.js';
import { InMemoryAccountLinkRepository } from '#main/testing/index.js';
import { aPendingLink, aRelinkingLink, someTokens } from '../../support/account-links.js';
import { startDynaliteLinkStore, type DynaliteLinkStore } from '../../support/dynalite-link-store.js';

const at = (base: Date, ms: number) => new Date(base.getTime() + ms);

/** The same story on every store: nothing relies on the store's TTL, so the embedded one behaves as DynamoDB. */
for (const kind of ['in memory', 'dynalite (the embedded store, DynamoDB\'s API)'] as const) {
  describe(`abandoned associations, ${kind}`, () => {
    let dynalite: DynaliteLinkStore | undefined;
    let links: AccountLinkRepository;

    before(async () => {
      if (kind === 'in memory') links = new InMemoryAccountLinkRepository();
      else {
        dynalite = await startDynaliteLinkStore();
        links = dynalite.repository;
      }
    });
    after(() => dynalite?.stop());

    async function claimed(link: AccountLink, finishBy: Date): Promise<AccountLink> {
      await links.create(link);
      const claim = await links.claimPending?.(link.associationId, link.pending!.state, at(link.pending!.expiresAt, -60_000), finishBy);
      if (claim === undefined) throw new Error('the claim found nothing');
      return claim.link;
    }

    it('keeps the claim\'s deadline, written with the claim, and reads it back', async () => {
      const link = aPendingLink();
      const finishBy = at(link.pending!.expiresAt, -45_000);

      const claim = await claimed(link, finishBy);

      expect(claim.claimExpiresAt).to.deep.equal(finishBy);
      expect((await links.findById(link.associationId))?.claimExpiresAt).to.deep.equal(finishBy);
    });

    it('fails a claim whose claimant never finished once its deadline passed, by compare-and-set; the late finisher loses', async () => {
      const link = aPendingLink();
      const finishBy = at(link.pending!.expiresAt, -45_000);
      const claim = await claimed(link, finishBy);
      const stored = await links.findById(link.associationId);

      expect((await expireAbandonedLink(links, stored!, at(finishBy, -1)))?.state).to.equal('ASSOCIATION_IN_PROGRESS');
      expect((await links.findById(link.associationId))?.version).to.equal(claim.version);
      const expired = await expireAbandonedLink(links, stored!, finishBy);

      expect(expired?.state).to.equal('ASSOCIATION_FAILED');
      const reread = await links.findById(link.associationId);
      expect(reread?.state).to.equal('ASSOCIATION_FAILED');
      expect(reread?.errorMessage).to.equal(AUTHORIZATION_EXPIRED);
      expect(reread?.claimExpiresAt).to.equal(undefined);
      const claimedVersion = claim.version;
      claim.succeed('user-late', someTokens(), at(finishBy, 1));
      let lost: unknown;
      await links.save(claim, claimedVersion).catch((error: unknown) => (lost = error));
      expect(lost).to.be.instanceOf(AssociationModifiedConcurrently);
      expect((await links.findById(link.associationId))?.state).to.equal('ASSOCIATION_FAILED');
    });

    it('fails a round trip nobody came back from once its authorization request expired', async () => {
      const link = aPendingLink();
      await links.create(link);

      await expireAbandonedLink(links, link, link.pending!.expiresAt);

      const reread = await links.findById(link.associationId);
      expect(reread?.state).to.equal('ASSOCIATION_FAILED');
      expect(reread?.pending).to.equal(undefined);
      expect(reread?.errorMessage).to.equal(AUTHORIZATION_EXPIRED);
    });

    it('drops the expired round trip of a relink and leaves the link linked', async () => {
      const link = aRelinkingLink();
      await links.create(link);

      await expireAbandonedLink(links, link, link.pending!.expiresAt);

      const reread = await links.findById(link.associationId);
      expect(reread?.state).to.equal('ASSOCIATION_SUCCEEDED');
      expect(reread?.pending).to.equal(undefined);
      expect(reread?.userId).to.equal('user-42');
      expect(reread?.errorMessage).to.equal(undefined);
    });

    it('reports what a concurrent change stored when it got there first', async () => {
      const link = aPendingLink();
      const finishBy = at(link.pending!.expiresAt, -45_000);
      const claim = await claimed(link, finishBy);
      const readBeforeTheFinish = await links.findById(link.associationId);
      const claimedVersion = claim.version;
      claim.succeed('user-in-time', someTokens(), at(finishBy, -1));
      await links.save(claim, claimedVersion);

      const reported = await expireAbandonedLink(links, readBeforeTheFinish!, finishBy);

      expect(reported?.state).to.equal('ASSOCIATION_SUCCEEDED');
      expect((await links.findById(link.associationId))?.userId).to.equal('user-in-time');
    });
  });
}
