import { randomBytes } from 'node:crypto';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { expect } from 'chai';
import { decodeProtectedHeader } from 'jose';
import type { AccountLink } from '#domain/account-link.js';
import { AssociationModifiedConcurrently } from '#domain/errors/association-modified-concurrently.js';
import { AccessToken, MAX_ACCESS_TOKEN_LENGTH } from '#domain/access-token.js';
import { SystemClock } from '#adapters/clock/system-clock.js';
import { createDynamoDbDocumentClient } from '#adapters/persistence/create-dynamo-db-document-client.js';
import { DynamoDbAccountLinkRepository } from '#adapters/persistence/dynamo-db-account-link-repository.js';
import { EmbeddedDynamoDb } from '#adapters/persistence/embedded-dynamo-db.js';
import { EncryptingAccountLinkRepository } from '#adapters/persistence/encrypting-account-link-repository.js';
import { JweTokenCipher } from '#adapters/persistence/jwe-token-cipher.js';
import { IncompatibleAccountLinkTable } from '#adapters/persistence/incompatible-account-link-table.js';
import { MalformedAccountLinkItem } from '#adapters/persistence/malformed-account-link-item.js';
import { TokenDecryptionFailed } from '#adapters/persistence/token-decryption-failed.js';
import { PersistenceUnavailable } from '#adapters/persistence/persistence-unavailable.js';
import {
  aClaimedLink,
  aDeletingLink,
  aFailedLink,
  aPendingAuthorization,
  aPendingLink,
  aRefreshTokenExpiredLink,
  aRelinkingLink,
  aSucceededLink,
  comparable,
  LINKING_STARTED_AT,
  someTokens,
} from '../../support/account-links.js';
import { FakeClock } from '#main/testing/index.js';
import { startDynaliteLinkStore, type DynaliteLinkStore } from '../../support/dynalite-link-store.js';
import { rejectionOf } from '../../support/rejection-of.js';

const A_MINUTE_LATER = new Date(LINKING_STARTED_AT.getTime() + 60_000);
/** For what dynalite does on real time: turning a new table ACTIVE. */
const realTime = new SystemClock();

describe('DynamoDbAccountLinkRepository on dynalite, behind EncryptingAccountLinkRepository', () => {
  let store: DynaliteLinkStore;

  before(async () => {
    store = await startDynaliteLinkStore();
  });

  after(async () => {
    await store.stop();
  });

  async function rawItem(associationId: string): Promise<Record<string, unknown>> {
    const { Item } = await store.client.send(
      new GetCommand({ TableName: store.table.tableName, Key: { associationId }, ConsistentRead: true }),
    );
    if (Item === undefined) throw new Error(`no item ${associationId}`);
    return Item;
  }


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
      it(`creates and reads back a link that is ${name}`, async () => {
        const link = mother();
        await store.repository.create(link);
        const found = await store.repository.findById(link.associationId);
        expect(found).to.not.equal(undefined);
        expect(comparable(found as AccountLink)).to.deep.equal(comparable(link));
      });
    }

    it('saves each step of a link through its life and reads every one back', async () => {
      const link = aPendingLink();
      await store.repository.create(link);
      const steps: Array<(l: AccountLink) => void> = [
        (l) => l.claimCallback(l.pending?.state ?? '', A_MINUTE_LATER, new Date(A_MINUTE_LATER.getTime() + 15_000)),
        (l) => l.succeed('user-life', someTokens(), A_MINUTE_LATER),
        (l) => l.restartAuthorization(aPendingAuthorization(), A_MINUTE_LATER),
        (l) => l.fail('relink denied', A_MINUTE_LATER),
        (l) => l.markRefreshTokenExpired(A_MINUTE_LATER),
        (l) => l.beginDeletion(A_MINUTE_LATER),
        (l) => l.abandonDeletion('The deletion failed CONFIGURATION_ERROR', A_MINUTE_LATER),
        (l) => l.beginDeletion(A_MINUTE_LATER),
      ];
      for (const step of steps) {
        const current = await store.repository.findById(link.associationId);
        if (current === undefined) throw new Error('link vanished');
        const readVersion = current.version;
        step(current);
        await store.repository.save(current, readVersion);
        const reread = await store.repository.findById(link.associationId);
        expect(comparable(reread as AccountLink)).to.deep.equal(comparable(current));
      }
      const deleting = await store.repository.findById(link.associationId);
      expect(deleting?.state).to.equal('ASSOCIATION_DELETING');
      expect(deleting?.toSnapshot().deletingFrom, 'kept for a deletion that is abandoned').to.equal('REFRESH_TOKEN_EXPIRED');
    });

    it('answers undefined for an unknown id', async () => {
      expect(await store.repository.findById('nosuchassociation')).to.equal(undefined);
    });
  });

  describe('tokens at rest', () => {
    it('stores only JWE (dir, A256GCM), each bound to its association and field, and never the token text', async () => {
      const tokens = someTokens();
      const link = aSucceededLink({ tokens });
      await store.repository.create(link);

      const item = await rawItem(link.associationId);
      const itemText = JSON.stringify(item);
      expect(itemText).to.not.include(tokens.accessToken.reveal());
      expect(itemText).to.not.include(tokens.refreshToken?.reveal());

      const stored = item['tokens'] as Record<string, unknown>;
      for (const field of ['accessToken', 'refreshToken']) {
        const jwe = stored[field];
        expect(jwe).to.be.a('string');
        expect((jwe as string).split('.')).to.have.length(5);
        expect(decodeProtectedHeader(jwe as string)).to.deep.equal({ alg: 'dir', enc: 'A256GCM', c2c_bound_to: `${field}@${link.associationId}` });
      }
      expect(await store.cipher.decrypt(stored['accessToken'] as string)).to.equal(tokens.accessToken.reveal());

      const found = await store.repository.findById(link.associationId);
      expect(found?.tokens?.accessToken.equals(tokens.accessToken)).to.equal(true);
      expect(found?.tokens?.refreshToken?.reveal()).to.equal(tokens.refreshToken?.reveal());
    });

    it('stores a pending round trip as the keyed digest of its state and one bound JWE of its secrets', async () => {
      const link = aPendingLink();
      await store.repository.create(link);
      const pending = (await rawItem(link.associationId))['pending'] as Record<string, unknown>;
      const { state, codeVerifier } = link.toSnapshot().pending ?? { state: '', codeVerifier: '' };
      expect(JSON.stringify(pending)).to.not.include(codeVerifier).and.not.include(state);
      expect(Object.keys(pending).sort()).to.deep.equal(['codeVerifier', 'expiresAt', 'state']);
      expect(pending['state']).to.match(/^[A-Za-z0-9_-]{43}$/);
      expect(decodeProtectedHeader(pending['codeVerifier'] as string)).to.include({ c2c_bound_to: `pendingAuthorization@${link.associationId}` });
      expect((await store.repository.findById(link.associationId))?.toSnapshot().pending).to.deep.include({ state, codeVerifier });
    });

    it('reads a round trip an older version stored (state in clear, verifier bound alone) as expired, and never claims it', async () => {
      const link = aPendingLink();
      await store.repository.create(link);
      const item = await rawItem(link.associationId);
      const oldState = `${link.associationId}.${randomBytes(32).toString('base64url')}`;
      const pending = {
        state: oldState,
        codeVerifier: await store.cipher.encrypt('verifier-of-old', { record: link.associationId, field: 'codeVerifier' }),
        expiresAt: new Date(LINKING_STARTED_AT.getTime() + 10 * 60_000).toISOString(),
      };
      await store.client.send(new PutCommand({ TableName: store.table.tableName, Item: { ...item, pending } }));

      expect(await store.repository.claimPending?.(link.associationId, oldState, A_MINUTE_LATER, new Date(A_MINUTE_LATER.getTime() + 15_000))).to.equal(undefined);
      const read = await store.repository.findById(link.associationId);
      expect(read?.holdsPendingState(oldState)).to.equal(true);
      expect(read?.isAwaitingCallback(A_MINUTE_LATER)).to.equal(false);
      expect(read?.pending?.expiresAt).to.deep.equal(link.toSnapshot().updatedAt);
    });

    it('refuses a token copied from another association, or from the other token field', async () => {
      const victim = aSucceededLink();
      const attacker = aSucceededLink();
      await store.repository.create(victim);
      await store.repository.create(attacker);
      const victimTokens = (await rawItem(victim.associationId))['tokens'] as Record<string, unknown>;
      const attackerItem = await rawItem(attacker.associationId);
      const put = (tokens: Record<string, unknown>) =>
        store.client.send(new PutCommand({ TableName: store.table.tableName, Item: { ...attackerItem, tokens } }));

      await put({ ...(attackerItem['tokens'] as Record<string, unknown>), accessToken: victimTokens['accessToken'] });
      expect(await rejectionOf(store.repository.findById(attacker.associationId))).to.be.instanceOf(TokenDecryptionFailed);

      const own = attackerItem['tokens'] as Record<string, unknown>;
      await put({ ...own, accessToken: own['refreshToken'], refreshToken: own['accessToken'] });
      expect(await rejectionOf(store.repository.findById(attacker.associationId))).to.be.instanceOf(TokenDecryptionFailed);
    });

    it('keeps the JWE of a maximum-length token, longer than any token, and gives the token back', async () => {
      const tokens = someTokens({ accessToken: AccessToken.of('€'.repeat(MAX_ACCESS_TOKEN_LENGTH)) });
      const link = aSucceededLink({ tokens });
      await store.repository.create(link);
      const stored = (await rawItem(link.associationId))['tokens'] as Record<string, unknown>;
      expect((stored['accessToken'] as string).length).to.be.greaterThan(MAX_ACCESS_TOKEN_LENGTH);
      expect((await store.repository.findById(link.associationId))?.tokens?.accessToken.equals(tokens.accessToken)).to.equal(true);
    });

    it('leaves encryption to the decorator: the table\'s own repository stores the secrets it is given verbatim', async () => {
      const link = aSucceededLink();
      await store.table.create(link);
      const item = await rawItem(link.associationId);
      expect((item['tokens'] as Record<string, unknown>)['accessToken']).to.equal(link.tokens?.accessToken.reveal());
      expect((await store.table.findById(link.associationId))?.tokens?.accessToken.reveal()).to.equal(link.tokens?.accessToken.reveal());
    });

    it('encrypts the same token differently each time (fresh IV)', async () => {
      const token = AccessToken.of('the-same-token');
      const first = aSucceededLink({ tokens: someTokens({ accessToken: token }) });
      const second = aSucceededLink({ tokens: someTokens({ accessToken: token }) });
      await store.repository.create(first);
      await store.repository.create(second);
      const a = (await rawItem(first.associationId))['tokens'] as Record<string, unknown>;
      const b = (await rawItem(second.associationId))['tokens'] as Record<string, unknown>;
      expect(a['accessToken']).to.not.equal(b['accessToken']);
    });
  });

  describe('compare-and-set', () => {
    it('lets exactly one of ten concurrent saves from the same read win', async () => {
      const link = aPendingLink();
      await store.repository.create(link);
      const contenders = await Promise.all(
        Array.from({ length: 10 }, () => store.repository.findById(link.associationId)),
      );
      const results = await Promise.allSettled(
        contenders.map((contender, i) => {
          if (contender === undefined) throw new Error('link vanished');
          const readVersion = contender.version;
          contender.fail(`contender ${i}`, A_MINUTE_LATER);
          return store.repository.save(contender, readVersion);
        }),
      );

      const fulfilled = results.filter((r) => r.status === 'fulfilled');
      const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(fulfilled).to.have.length(1);
      expect(rejected).to.have.length(9);
      for (const { reason } of rejected) {
        expect(reason).to.be.instanceOf(AssociationModifiedConcurrently);
        expect((reason as AssociationModifiedConcurrently).code).to.equal('ASSOCIATION_MODIFIED_CONCURRENTLY');
      }
      expect((await store.repository.findById(link.associationId))?.version).to.equal(link.version + 1);
    });

    it('rejects a save based on a stale version', async () => {
      const link = aPendingLink();
      await store.repository.create(link);
      link.fail('first change', A_MINUTE_LATER);
      await store.repository.save(link, 1);
      link.restartAuthorization(aPendingAuthorization(), A_MINUTE_LATER);
      const error = await rejectionOf(store.repository.save(link, 1));
      expect(error).to.be.instanceOf(AssociationModifiedConcurrently);
    });

    it('rejects a save of a link that was never created', async () => {
      const link = aPendingLink();
      const error = await rejectionOf(store.repository.save(link, link.version));
      expect(error).to.be.instanceOf(AssociationModifiedConcurrently);
      expect(await store.repository.findById(link.associationId)).to.equal(undefined);
    });

    it('rejects a second create with the same id and keeps the first', async () => {
      const first = aPendingLink();
      const second = aPendingLink({ associationId: first.associationId });
      await store.repository.create(first);
      const error = await rejectionOf(store.repository.create(second));
      expect(error).to.be.instanceOf(AssociationModifiedConcurrently);
      expect((error as AssociationModifiedConcurrently).associationId).to.equal(first.associationId);
      const stored = await store.repository.findById(first.associationId);
      expect(stored?.pending?.state).to.equal(first.pending?.state);
    });
  });

  describe('claimPending: the callback\'s claim in one conditional write', () => {
    function claim(link: AccountLink, state: string, at: Date) {
      const claimPending = store.repository.claimPending;
      if (claimPending === undefined) throw new Error('the DynamoDB repository claims in one write');
      return claimPending(link.associationId, state, at, new Date(at.getTime() + 15_000));
    }

    it('consumes the round trip and answers the decrypted verifier and the link as claimed, which is what is stored', async () => {
      const link = aPendingLink();
      await store.repository.create(link);
      const { state, codeVerifier } = link.pending!;

      const claimed = await claim(link, state, A_MINUTE_LATER);

      expect(claimed?.codeVerifier).to.equal(codeVerifier);
      expect(claimed?.link.version).to.equal(link.version + 1);
      expect(claimed?.link.pending).to.equal(undefined);
      expect(comparable((await store.repository.findById(link.associationId))!)).to.deep.equal(comparable(claimed!.link));
    });

    it('lets exactly one of ten concurrent claims of the same state win', async () => {
      const link = aPendingLink();
      await store.repository.create(link);

      const claims = await Promise.all(Array.from({ length: 10 }, () => claim(link, link.pending!.state, A_MINUTE_LATER)));

      expect(claims.filter((claimed) => claimed !== undefined)).to.have.length(1);
      expect((await store.repository.findById(link.associationId))?.version).to.equal(link.version + 1);
    });

    it('claims nothing, and changes nothing, for another state, an expired round trip or an unknown association', async () => {
      const link = aPendingLink();
      await store.repository.create(link);
      const before = await rawItem(link.associationId);
      const expired = new Date(link.pending!.expiresAt.getTime() + 1);

      expect(await claim(link, `${link.pending!.state}x`, A_MINUTE_LATER)).to.equal(undefined);
      expect(await claim(link, link.pending!.state, expired)).to.equal(undefined);
      expect(await claim(aPendingLink(), 'any', A_MINUTE_LATER)).to.equal(undefined);
      expect(await rawItem(link.associationId)).to.deep.equal(before);
    });

    it('keeps the tokens of a link being relinked, decrypted, for the save that follows', async () => {
      const link = aRelinkingLink();
      await store.repository.create(link);

      const claimed = await claim(link, link.pending!.state, new Date(link.pending!.expiresAt.getTime() - 1));

      expect(claimed?.link.tokens?.accessToken.reveal()).to.equal(link.tokens?.accessToken.reveal());
      expect(claimed?.link.state).to.equal('ASSOCIATION_SUCCEEDED');
    });
  });

  describe('TTL attribute expiresAt', () => {
    it('is the pending deadline plus a day while a never-linked association waits for its callback', async () => {
      const link = aPendingLink();
      await store.repository.create(link);
      const expected = Math.ceil((link.pending?.expiresAt.getTime() ?? 0) / 1000) + 86_400;
      expect((await rawItem(link.associationId))['expiresAt']).to.equal(expected);
    });

    it('follows the configured retention', async () => {
      const repository = new EncryptingAccountLinkRepository(
        new DynamoDbAccountLinkRepository({ client: store.client, pendingRetentionSeconds: 60, clock: realTime }),
        store.cipher,
      );
      const link = aPendingLink();
      await repository.create(link);
      const expected = Math.ceil((link.pending?.expiresAt.getTime() ?? 0) / 1000) + 60;
      expect((await rawItem(link.associationId))['expiresAt']).to.equal(expected);
    });

    it('is removed once the link succeeds', async () => {
      const link = aPendingLink();
      await store.repository.create(link);
      const version = link.version;
      link.claimCallback(link.pending?.state ?? '', A_MINUTE_LATER, new Date(A_MINUTE_LATER.getTime() + 15_000));
      link.succeed('user-ttl', someTokens(), A_MINUTE_LATER);
      await store.repository.save(link, version);
      expect(await rawItem(link.associationId)).to.not.have.property('expiresAt');
    });

    it('is removed once the link fails', async () => {
      const link = aPendingLink();
      await store.repository.create(link);
      const version = link.version;
      link.fail('denied', A_MINUTE_LATER);
      await store.repository.save(link, version);
      expect(await rawItem(link.associationId)).to.not.have.property('expiresAt');
    });

    it('counts from the claim\'s deadline for a link whose callback was claimed but never finished', async () => {
      const claimed = aClaimedLink();
      await store.repository.create(claimed);
      const expected = Math.ceil((claimed.claimExpiresAt?.getTime() ?? 0) / 1000) + 86_400;
      expect((await rawItem(claimed.associationId))['expiresAt']).to.equal(expected);
    });

    it('is absent during a relink of a linked user', async () => {
      const relinking = aRelinkingLink();
      await store.repository.create(relinking);
      expect(relinking.pending).to.not.equal(undefined);
      expect(await rawItem(relinking.associationId)).to.not.have.property('expiresAt');
    });
  });

  describe('findByUserId', () => {
    it('finds the link of a user through the userId index', async () => {
      const link = aSucceededLink({ userId: 'user-gsi-1' });
      await store.repository.create(link);
      await store.repository.create(aSucceededLink({ userId: 'user-gsi-2' }));
      const found = await store.repository.findByUserId('user-gsi-1');
      expect(found?.associationId).to.equal(link.associationId);
      expect(comparable(found as AccountLink)).to.deep.equal(comparable(link));
    });

    it('answers undefined for a user without a link, and never returns links without a user', async () => {
      await store.repository.create(aPendingLink());
      expect(await store.repository.findByUserId('user-nobody')).to.equal(undefined);
    });

    it('returns the most recently updated link when a user has several', async () => {
      const older = aSucceededLink({ userId: 'user-twice' });
      const newer = aRelinkingLink({ userId: 'user-twice' });
      await store.repository.create(newer);
      await store.repository.create(older);
      expect((await store.repository.findByUserId('user-twice'))?.associationId).to.equal(newer.associationId);
    });

    it('no longer finds a deleted link', async () => {
      const link = aSucceededLink({ userId: 'user-deleted' });
      await store.repository.create(link);
      await store.repository.delete(link.associationId, link.version);
      expect(await store.repository.findByUserId('user-deleted')).to.equal(undefined);
    });
  });

  describe('delete', () => {
    it('removes the link at the expected version', async () => {
      const link = aFailedLink();
      await store.repository.create(link);
      await store.repository.delete(link.associationId, link.version);
      expect(await store.repository.findById(link.associationId)).to.equal(undefined);
    });

    it('refuses a wrong version and keeps the link', async () => {
      const link = aFailedLink();
      await store.repository.create(link);
      const error = await rejectionOf(store.repository.delete(link.associationId, link.version - 1));
      expect(error).to.be.instanceOf(AssociationModifiedConcurrently);
      expect(await store.repository.findById(link.associationId)).to.not.equal(undefined);
    });

    it('resolves for a missing link', async () => {
      await store.repository.delete('nosuchassociation', 7);
    });
  });

  describe('ensureTable', () => {
    it('is idempotent', async () => {
      await store.table.ensureTable();
      await store.table.ensureTable();
      const link = aPendingLink();
      await store.repository.create(link);
      expect(await store.repository.findById(link.associationId)).to.not.equal(undefined);
    });

    it('waits until a slowly created table and its index are ACTIVE, even when raced', async () => {
      const slow = new EmbeddedDynamoDb({ tableTransitionMs: 300 });
      const client = createDynamoDbDocumentClient({ endpoint: await slow.start() });
      try {
        const table = new DynamoDbAccountLinkRepository({ client, tableName: 'slow-links', clock: realTime });
        await Promise.all([table.ensureTable(), table.ensureTable()]);
        const repository = new EncryptingAccountLinkRepository(table, store.cipher);
        const link = aSucceededLink({ userId: 'user-slow' });
        await repository.create(link);
        expect((await repository.findByUserId('user-slow'))?.associationId).to.equal(link.associationId);
      } finally {
        client.destroy();
        await slow.stop();
      }
    });

    it('gives up with PersistenceUnavailable once tableReadyTimeoutMs has passed on its clock', async () => {
      const stuck = new EmbeddedDynamoDb({ tableTransitionMs: 600_000 });
      const client = createDynamoDbDocumentClient({ endpoint: await stuck.start() });
      const clock = new FakeClock();
      try {
        const repository = new DynamoDbAccountLinkRepository({ client, clock, tableName: 'stuck-links', tableReadyTimeoutMs: 5_000 });
        let settled = false;
        const failure = repository
          .ensureTable()
          .then(
            () => new Error('expected a rejection'),
            (error: unknown) => error,
          )
          .finally(() => (settled = true));
        const start = clock.monotonicMs();
        // Each poll is a real request to dynalite; between polls the repository waits on the fake clock.
        while (!settled) {
          await new Promise((resolve) => setImmediate(resolve));
          if (clock.pendingTimers() > 0) clock.advance(1_000);
        }
        const error = await failure;
        expect(error).to.be.instanceOf(PersistenceUnavailable);
        expect((error as PersistenceUnavailable).cause).to.have.property('message', 'The table did not become ACTIVE within 5000 ms.');
        expect(clock.monotonicMs() - start).to.be.within(4_000, 5_000);
      } finally {
        client.destroy();
        await stuck.stop();
      }
    });
  });

  describe('ensureTable on a table that exists with another layout', () => {
    async function createTable(tableName: string, definition: Omit<ConstructorParameters<typeof CreateTableCommand>[0], 'TableName'>) {
      await store.client.send(new CreateTableCommand({ TableName: tableName, BillingMode: 'PAY_PER_REQUEST', ...definition }));
    }

    async function incompatibility(tableName: string): Promise<IncompatibleAccountLinkTable> {
      const table = new DynamoDbAccountLinkRepository({ client: store.client, tableName, clock: realTime });
      const error = await rejectionOf(table.ensureTable());
      expect(error).to.be.instanceOf(IncompatibleAccountLinkTable);
      return error as IncompatibleAccountLinkTable;
    }

    it('refuses another partition key, and says which', async () => {
      await createTable('links-keyed-by-id', {
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      });
      const error = await incompatibility('links-keyed-by-id');
      expect(error.message).to.contain('links-keyed-by-id');
      expect(error.differences).to.deep.equal([
        'key schema is (id HASH), expected (associationId HASH)',
        'index userId-updatedAt-index is missing',
      ]);
    });

    it('refuses a table without the userId index, or with other index keys', async () => {
      await createTable('links-wrong-index', {
        AttributeDefinitions: [
          { AttributeName: 'associationId', AttributeType: 'S' },
          { AttributeName: 'userId', AttributeType: 'S' },
        ],
        KeySchema: [{ AttributeName: 'associationId', KeyType: 'HASH' }],
        GlobalSecondaryIndexes: [
          { IndexName: 'userId-updatedAt-index', KeySchema: [{ AttributeName: 'userId', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } },
        ],
      });
      expect((await incompatibility('links-wrong-index')).differences).to.deep.equal([
        'index userId-updatedAt-index has keys (userId HASH), expected (userId HASH, updatedAt RANGE)',
      ]);
    });

    it('refuses a key of another type', async () => {
      await createTable('links-numeric-key', {
        AttributeDefinitions: [
          { AttributeName: 'associationId', AttributeType: 'N' },
          { AttributeName: 'userId', AttributeType: 'S' },
          { AttributeName: 'updatedAt', AttributeType: 'S' },
        ],
        KeySchema: [{ AttributeName: 'associationId', KeyType: 'HASH' }],
        GlobalSecondaryIndexes: [
          {
            IndexName: 'userId-updatedAt-index',
            KeySchema: [
              { AttributeName: 'userId', KeyType: 'HASH' },
              { AttributeName: 'updatedAt', KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'KEYS_ONLY' },
          },
        ],
      });
      expect((await incompatibility('links-numeric-key')).differences).to.deep.equal(['attribute associationId is of type N, expected S']);
    });
  });

  describe('unreadable items', () => {
    it('raises TokenDecryptionFailed when the table was written under another key', async () => {
      const link = aSucceededLink();
      await store.repository.create(link);
      const otherKey = new EncryptingAccountLinkRepository(store.table, new JweTokenCipher(randomBytes(32)));
      const error = await rejectionOf(otherKey.findById(link.associationId));
      expect(error).to.be.instanceOf(TokenDecryptionFailed);
    });

    it('raises MalformedAccountLinkItem naming the field, not its value', async () => {
      const link = aPendingLink();
      await store.repository.create(link);
      const item = await rawItem(link.associationId);
      await store.client.send(
        new PutCommand({ TableName: store.table.tableName, Item: { ...item, state: 'SOMETHING_SECRET' } }),
      );
      const error = await rejectionOf(store.repository.findById(link.associationId));
      expect(error).to.be.instanceOf(MalformedAccountLinkItem);
      expect((error as MalformedAccountLinkItem).field).to.equal('state');
      expect((error as Error).message).to.not.include('SOMETHING_SECRET');
    });

    it('raises MalformedAccountLinkItem for an empty token rather than handing it to the decorator', async () => {
      const link = aSucceededLink();
      await store.repository.create(link);
      const item = await rawItem(link.associationId);
      const tokens = { ...(item['tokens'] as Record<string, unknown>), refreshToken: '' };
      await store.client.send(new PutCommand({ TableName: store.table.tableName, Item: { ...item, tokens } }));
      const error = await rejectionOf(store.repository.findById(link.associationId));
      expect(error).to.be.instanceOf(MalformedAccountLinkItem);
      expect((error as MalformedAccountLinkItem).field).to.equal('tokens.refreshToken');
    });
  });

  describe('infrastructure failures', () => {
    it('raises PersistenceUnavailable with the SDK error as cause when the table is missing', async () => {
      const repository = new EncryptingAccountLinkRepository(
        new DynamoDbAccountLinkRepository({ client: store.client, tableName: 'no-such-table', clock: realTime }),
        store.cipher,
      );
      const error = await rejectionOf(repository.findById('abc'));
      expect(error).to.be.instanceOf(PersistenceUnavailable);
      expect((error as PersistenceUnavailable).message).to.equal(
        'DynamoDB GetItem on table no-such-table failed (ResourceNotFoundException).',
      );
      expect((error as PersistenceUnavailable).cause).to.have.property('name', 'ResourceNotFoundException');
    });

    it('raises PersistenceUnavailable, not a concurrency error, when a write cannot reach the store', async () => {
      const link = aSucceededLink();
      const stopped = new EmbeddedDynamoDb();
      const client = createDynamoDbDocumentClient({ endpoint: await stopped.start() });
      await stopped.stop();
      try {
        const repository = new EncryptingAccountLinkRepository(new DynamoDbAccountLinkRepository({ client, clock: realTime }), store.cipher);
        const error = await rejectionOf(repository.save(link, link.version - 1));
        expect(error).to.be.instanceOf(PersistenceUnavailable);
        expect((error as Error).message).to.not.include(link.tokens?.accessToken.reveal());
      } finally {
        client.destroy();
      }
    });
  });
});
