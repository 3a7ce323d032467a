import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LevelAccountLinkRepository } from '#adapters/persistence/level-account-link-repository.js';
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import type { AccountLinkRepository } from '#application/ports/account-link-repository.js';
import { AccountLink } from '#domain/account-link.js';
import { InvalidRequest } from '#domain/errors/invalid-request.js';
import { SystemClock } from '#adapters/clock/system-clock.js';
import { DynamoDbAccountLinkRepository } from '#adapters/persistence/dynamo-db-account-link-repository.js';
import { EncryptingAccountLinkRepository } from '#adapters/persistence/encrypting-account-link-repository.js';
import { InMemoryAccountLinkRepository } from '#adapters/persistence/in-memory-account-link-repository.js';
import { JweTokenCipher } from '#adapters/persistence/jwe-token-cipher.js';
import { aPendingAuthorization, anAssociationId, comparable, LINKING_STARTED_AT } from '../../support/account-links.js';
import { startDynaliteLinkStore, type DynaliteLinkStore } from '../../support/dynalite-link-store.js';

/** A pending link created for `destination`, with the details CreateAccountAssociation records. */
function aLinkFor(destination: string, index: number): AccountLink {
  return AccountLink.start(anAssociationId(), aPendingAuthorization(), LINKING_STARTED_AT, {
    connectorDestinationId: destination,
    name: `Link ${index}`,
    description: `Number ${index}`,
    tags: { index: String(index), room: 'hall' },
    creationFingerprint: `fingerprint-${index}`,
  });
}

/** Every page of a query, as ids, following `next`. */
async function pagesOf(repository: AccountLinkRepository, limit: number, connectorDestinationId?: string): Promise<string[][]> {
  const pages: string[][] = [];
  let after: string | undefined;
  do {
    const page = await repository.list({ connectorDestinationId, limit, after });
    pages.push(page.links.map((link) => link.associationId));
    if (page.next !== undefined) expect(page.next).to.match(/^[A-Za-z0-9=_-]{1,65535}$/);
    after = page.next;
  } while (after !== undefined && pages.length < 100);
  return pages;
}

describe('AccountLinkRepository.list: the same paging from every kind of store', () => {
  let dynalite: DynaliteLinkStore;

  before(async () => {
    dynalite = await startDynaliteLinkStore();
  });
  const levelStores: LevelAccountLinkRepository[] = [];
  const levelFolder = mkdtempSync(join(tmpdir(), 'c2c-list-level-'));
  after(async () => {
    await dynalite.stop();
    for (const store of levelStores) await store.close();
    rmSync(levelFolder, { recursive: true, force: true });
  });
  const levelStore = async () => {
    const store = await LevelAccountLinkRepository.open({ path: join(levelFolder, String(levelStores.length)) });
    levelStores.push(store);
    return store;
  };

  const kinds: Record<string, () => Promise<AccountLinkRepository>> = {
    'in memory': async () => new InMemoryAccountLinkRepository(),
    'in memory, behind encryption': async () => new EncryptingAccountLinkRepository(new InMemoryAccountLinkRepository(), new JweTokenCipher(randomBytes(32))),
    'DynamoDB (dynalite)': async () => freshTable(dynalite),
    'DynamoDB (dynalite), behind encryption': async () => new EncryptingAccountLinkRepository(await freshTable(dynalite), dynalite.cipher),
    'embedded (LevelDB)': levelStore,
    'embedded (LevelDB), behind encryption': async () => new EncryptingAccountLinkRepository(await levelStore(), new JweTokenCipher(randomBytes(32))),
  };

  for (const [kind, open] of Object.entries(kinds)) {
    describe(kind, () => {
      let repository: AccountLinkRepository;
      const byId = new Map<string, AccountLink>();

      before(async () => {
        repository = await open();
        // 25 for `hall`, 12 for `attic`, interleaved, so that a filtered page ends in the middle of what the store reads.
        for (let i = 0; i < 37; i++) {
          const link = aLinkFor(i % 8 < 5 ? 'hall' : 'attic', i);
          byId.set(link.associationId, link);
          await repository.create(link);
        }
      });

      it('answers each link with the details it was created with', async () => {
        const { links } = await repository.list({ limit: 1000 });
        expect(links).to.have.length(37);
        for (const link of links) expect(comparable(link)).to.deep.equal(comparable(byId.get(link.associationId)!));
      });

      for (const limit of [1, 5, 10, 37, 1000]) {
        it(`pages through every link once at limit ${limit}, in one order, and ends without next`, async () => {
          const pages = await pagesOf(repository, limit);
          const ids = pages.flat();
          expect(new Set(ids).size).to.equal(ids.length);
          expect([...ids].sort()).to.deep.equal([...byId.keys()].sort());
          expect(pages.slice(0, -1).every((page) => page.length === limit), 'every page but the last is full').to.equal(true);
          expect((await pagesOf(repository, limit)).flat()).to.deep.equal(ids);
        });
      }

      for (const [destination, count] of [['hall', 25], ['attic', 12], ['nowhere', 0]] as const) {
        it(`filters by connector destination ${destination} across pages`, async () => {
          const pages = await pagesOf(repository, 4, destination);
          const ids = pages.flat();
          expect(ids).to.have.length(count);
          expect(new Set(ids).size).to.equal(count);
          for (const id of ids) expect(byId.get(id)?.connectorDestinationId).to.equal(destination);
          expect(pages.slice(0, -1).every((page) => page.length === 4)).to.equal(true);
        });
      }

      it('refuses an `after` it did not answer with InvalidRequest', async () => {
        for (const after of ['not an id!', '']) {
          const refusal = await repository.list({ limit: 5, after }).then(
            () => undefined,
            (error: unknown) => error,
          );
          expect(refusal, after).to.be.instanceOf(InvalidRequest);
        }
      });
    });
  }

  it('behind encryption, a page token reveals no id, and another filter, key or made-up token is refused', async () => {
    const table = await freshTable(dynalite);
    const repository = new EncryptingAccountLinkRepository(table, dynalite.cipher);
    for (let i = 0; i < 6; i++) await repository.create(aLinkFor('hall', i));
    const first = await repository.list({ limit: 2, connectorDestinationId: 'hall' });
    const token = first.next!;
    for (const link of first.links) expect(token).not.to.contain(link.associationId);

    const refusedWith = (query: Parameters<AccountLinkRepository['list']>[0], on: AccountLinkRepository = repository) =>
      on.list(query).then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(await refusedWith({ limit: 2, connectorDestinationId: 'attic', after: token })).to.be.instanceOf(InvalidRequest);
    expect(await refusedWith({ limit: 2, after: token })).to.be.instanceOf(InvalidRequest);
    expect(await refusedWith({ limit: 2, connectorDestinationId: 'hall', after: first.links[1]!.associationId })).to.be.instanceOf(InvalidRequest);
    const otherKey = new EncryptingAccountLinkRepository(table, new JweTokenCipher(randomBytes(32)));
    expect(await refusedWith({ limit: 2, connectorDestinationId: 'hall', after: token }, otherKey)).to.be.instanceOf(InvalidRequest);
    const second = await repository.list({ limit: 2, connectorDestinationId: 'hall', after: token });
    expect(second.links.map((link) => link.associationId)).not.to.include.members(first.links.map((link) => link.associationId));
  });
});

let tables = 0;

/** A table of its own on the shared dynalite, so that each kind lists only what it created. */
async function freshTable(store: DynaliteLinkStore): Promise<DynamoDbAccountLinkRepository> {
  tables += 1;
  const table = new DynamoDbAccountLinkRepository({ client: store.client, clock: new SystemClock(), tableName: `list-test-${tables}` });
  await table.ensureTable();
  return table;
}
