import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { expect } from 'chai';
import { AssociationModifiedConcurrently } from '#domain/errors/association-modified-concurrently.js';
import { aSucceededLink, LINKING_STARTED_AT, someTokens } from '../../support/account-links.js';
import { startDynaliteLinkStore, type DynaliteLinkStore } from '../../support/dynalite-link-store.js';

const at = (minutes: number): Date => new Date(LINKING_STARTED_AT.getTime() + minutes * 60_000);

describe('DynamoDB on dynalite: what token renewal stores (the lease, the refresh token lifetime)', () => {
  let store: DynaliteLinkStore;

  before(async () => {
    store = await startDynaliteLinkStore();
  });
  after(() => store.stop());

  it('keeps the refresh lease and the renewed tokens\' lifetimes through a round trip, the rotated refresh token encrypted', async () => {
    const link = aSucceededLink({ tokens: someTokens({ refreshExpiresAt: at(10_000), obtainedAt: at(2) }) });
    await store.repository.create(link);
    const read = (await store.repository.findById(link.associationId))!;
    expect(read.tokens?.refreshExpiresAt).to.deep.equal(at(10_000));
    expect(read.tokens?.obtainedAt).to.deep.equal(at(2));

    const version = read.version;
    read.takeRefreshLease('holder-1', at(5), at(3));
    await store.repository.save(read, version);
    const leased = (await store.repository.findById(link.associationId))!;
    expect(leased.refreshLease).to.deep.equal({ holder: 'holder-1', expiresAt: at(5) });
    expect(leased.isBeingRefreshed(at(4))).to.equal(true);

    const renewed = someTokens({ refreshExpiresAt: at(20_000), obtainedAt: at(4) });
    leased.renewTokens(renewed, at(4));
    await store.repository.save(leased, version + 1);
    const stored = (await store.repository.findById(link.associationId))!;
    expect(stored.refreshLease).to.equal(undefined);
    expect(stored.tokens?.refreshToken?.equals(renewed.refreshToken!)).to.equal(true);
    expect(stored.tokens?.refreshExpiresAt).to.deep.equal(at(20_000));
    const { Item } = await store.client.send(
      new GetCommand({ TableName: store.table.tableName, Key: { associationId: link.associationId }, ConsistentRead: true }),
    );
    expect(JSON.stringify(Item)).to.not.contain(renewed.refreshToken!.reveal());
    expect(Item?.['refreshLease'], 'removed, not left empty').to.equal(undefined);
  });

  it('lets one of two processes write the lease: the other loses the compare-and-set', async () => {
    const link = aSucceededLink();
    await store.repository.create(link);
    const [first, second] = await Promise.all([store.repository.findById(link.associationId), store.repository.findById(link.associationId)]);
    first!.takeRefreshLease('process-a', at(5), at(3));
    second!.takeRefreshLease('process-b', at(5), at(3));
    const outcomes = await Promise.allSettled([store.repository.save(first!, link.version), store.repository.save(second!, link.version)]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).to.have.length(1);
    const lost = outcomes.find((o) => o.status === 'rejected');
    expect(lost?.reason).to.be.instanceOf(AssociationModifiedConcurrently);
  });
});
