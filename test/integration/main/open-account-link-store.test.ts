import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { expect } from 'chai';
import { SystemClock } from '#adapters/clock/system-clock.js';
import { decodeProtectedHeader } from 'jose';
import type { AccountLink } from '#domain/account-link.js';
import { createDynamoDbDocumentClient } from '#adapters/persistence/create-dynamo-db-document-client.js';
import { EmbeddedDynamoDb } from '#adapters/persistence/embedded-dynamo-db.js';
import { TOKEN_KEY_FILE_NAME } from '#adapters/persistence/local-key-file.js';
import { TokenDecryptionFailed } from '#adapters/persistence/token-decryption-failed.js';
import type { StorageConfig } from '#main/config/app-config.js';
import { ConfigurationError } from '#main/config/configuration-error.js';
import { EMBEDDED_STORE_FOLDER, openAccountLinkStore } from '#main/open-account-link-store.js';
import { JweTokenCipher } from '#adapters/persistence/jwe-token-cipher.js';
import { LocalKeyFile } from '#adapters/persistence/local-key-file.js';
import { startDynaliteLinkStore } from '../../support/dynalite-link-store.js';
import { aPendingLink, aSucceededLink, comparable } from '../../support/account-links.js';
import { rejectionOf } from '../../support/rejection-of.js';


function expectConfigurationError(error: unknown, variable: string): ConfigurationError {
  expect(error).to.be.instanceOf(ConfigurationError);
  expect((error as ConfigurationError).problems.map((p) => p.variable)).to.deep.equal([variable]);
  return error as ConfigurationError;
}

describe('openAccountLinkStore', () => {
  describe('the dynamodb kind, against a DynamoDB endpoint', () => {
    let dynamo: EmbeddedDynamoDb;
    let endpoint: string;

    before(async () => {
      dynamo = new EmbeddedDynamoDb();
      endpoint = await dynamo.start();
    });
    after(async () => {
      await dynamo.stop();
    });

    const storage = (tableName: string, encryptionKey = randomBytes(32).toString('base64url')): StorageConfig => ({
      kind: 'dynamodb',
      endpoint,
      region: 'us-east-1',
      tableName,
      encryptionKey,
      createTable: true,
    });

    async function tableNames(): Promise<string[]> {
      const client = createDynamoDbDocumentClient({ endpoint });
      try {
        return (await client.send(new ListTablesCommand({}))).TableNames ?? [];
      } finally {
        client.destroy();
      }
    }

    it('creates the table when it is missing, and opens it again as it is', async () => {
      await (await openAccountLinkStore(storage('fresh-links'), { ensureTable: true, clock: new SystemClock() })).close();
      await (await openAccountLinkStore(storage('fresh-links'), { ensureTable: true, clock: new SystemClock() })).close();
      expect(await tableNames()).to.include('fresh-links');
    });

    it('leaves the table alone without ensureTable, as the Lambda opens it', async () => {
      const store = await openAccountLinkStore(storage('made-by-the-template'), { ensureTable: false, clock: new SystemClock() });
      await store.close();
      expect(await tableNames()).to.not.include('made-by-the-template');
    });

    it('describes the endpoint and the table', async () => {
      const store = await openAccountLinkStore(storage('described-links'), { ensureTable: true, clock: new SystemClock() });
      await store.close();
      expect(store.description).to.equal(`DynamoDB at ${endpoint}, table described-links`);
    });

    it('hands out a repository that keeps only JWEs in the table, readable again under the same key only', async () => {
      const key = randomBytes(32).toString('base64url');
      const link = aSucceededLink();
      const first = await openAccountLinkStore(storage('encrypted-links', key), { ensureTable: true, clock: new SystemClock() });
      try {
        await first.repository.create(link);
      } finally {
        await first.close();
      }

      const client = createDynamoDbDocumentClient({ endpoint });
      let item: Record<string, unknown> | undefined;
      try {
        ({ Item: item } = await client.send(new GetCommand({ TableName: 'encrypted-links', Key: { associationId: link.associationId } })));
      } finally {
        client.destroy();
      }
      expect(JSON.stringify(item)).to.not.include(link.tokens?.accessToken.reveal()).and.to.not.include(link.tokens?.refreshToken?.reveal());
      const accessToken = (item?.['tokens'] as Record<string, unknown>)['accessToken'] as string;
      expect(decodeProtectedHeader(accessToken)).to.include({ c2c_bound_to: `accessToken@${link.associationId}` });

      const again = await openAccountLinkStore(storage('encrypted-links', key), { ensureTable: false, clock: new SystemClock() });
      const otherKey = await openAccountLinkStore(storage('encrypted-links'), { ensureTable: false, clock: new SystemClock() });
      try {
        expect(comparable((await again.repository.findById(link.associationId)) as AccountLink)).to.deep.equal(comparable(link));
        expect(await rejectionOf(otherKey.repository.findById(link.associationId))).to.be.instanceOf(TokenDecryptionFailed);
      } finally {
        await again.close();
        await otherKey.close();
      }
    });

    it('fails at start-up naming C2C_DYNAMODB_TABLE when the table has another layout', async () => {
      const client = createDynamoDbDocumentClient({ endpoint });
      try {
        await client.send(
          new CreateTableCommand({
            TableName: 'someone-elses-table',
            BillingMode: 'PAY_PER_REQUEST',
            AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
            KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
          }),
        );
      } finally {
        client.destroy();
      }
      const error = await rejectionOf(openAccountLinkStore(storage('someone-elses-table'), { ensureTable: true, clock: new SystemClock() }));
      expectConfigurationError(error, 'C2C_DYNAMODB_TABLE');
      expect((error as Error).message).to.contain('someone-elses-table').and.to.contain('expected (associationId HASH)');
    });

    it('fails naming C2C_TOKEN_ENCRYPTION_KEY for an unusable key, without the key in the message', async () => {
      const error = await rejectionOf(openAccountLinkStore(storage('never-opened', 'not-a-key-at-all'), { ensureTable: true, clock: new SystemClock() }));
      expectConfigurationError(error, 'C2C_TOKEN_ENCRYPTION_KEY');
      expect((error as Error).message).to.not.include('not-a-key-at-all');
      expect(await tableNames()).to.not.include('never-opened');
    });
  });

  describe('the embedded kind', function () {
    this.timeout(30_000);
    let dataDir: string;

    beforeEach(async () => {
      dataDir = await mkdtemp(join(tmpdir(), 'c2c-open-store-'));
    });
    afterEach(async () => {
      await rm(dataDir, { recursive: true, force: true });
    });

    const embedded = (encryptionKey?: string): StorageConfig => ({ kind: 'embedded', dataDir, tableName: 'c2c-account-links', encryptionKey });

    it('generates a key file in the data folder once, and reads the links back with it after a restart', async () => {
      const link = aSucceededLink({ userId: 'user-restarted' });
      const first = await openAccountLinkStore(embedded(), { ensureTable: true, clock: new SystemClock() });
      try {
        await first.repository.create(link);
      } finally {
        await first.close();
      }
      const keyFile = join(dataDir, TOKEN_KEY_FILE_NAME);
      const key = await readFile(keyFile, 'utf8');
      expect((await stat(keyFile)).mode & 0o777).to.equal(0o600);

      const second = await openAccountLinkStore(embedded(), { ensureTable: true, clock: new SystemClock() });
      try {
        expect(comparable((await second.repository.findById(link.associationId)) as AccountLink)).to.deep.equal(comparable(link));
        expect((await second.repository.findByUserId('user-restarted'))?.associationId).to.equal(link.associationId);
      } finally {
        await second.close();
      }
      expect(await readFile(keyFile, 'utf8')).to.equal(key);
    });

    it('moves the links an earlier version kept in dynalite (data/dynamodb) into the store once, still readable with the key file', async () => {
      const cipher = new JweTokenCipher(await new LocalKeyFile(dataDir).readOrCreate());
      const linked = aSucceededLink({ userId: 'user-from-dynalite' });
      const pending = aPendingLink();
      const old = await startDynaliteLinkStore({ path: join(dataDir, 'dynamodb'), cipher });
      try {
        await old.repository.create(linked);
        await old.repository.create(pending);
      } finally {
        await old.stop();
      }

      const store = await openAccountLinkStore(embedded(), { ensureTable: true, clock: new SystemClock() });
      try {
        expect(comparable((await store.repository.findById(linked.associationId)) as AccountLink)).to.deep.equal(comparable(linked));
        expect(comparable((await store.repository.findById(pending.associationId)) as AccountLink)).to.deep.equal(comparable(pending));
        expect((await store.repository.findByUserId('user-from-dynalite'))?.associationId).to.equal(linked.associationId);
      } finally {
        await store.close();
      }
      expect(existsSync(join(dataDir, 'dynamodb')), 'the old folder').to.equal(false);
      expect(existsSync(join(dataDir, 'dynamodb.migrated')), 'the old folder, renamed').to.equal(true);

      const again = await openAccountLinkStore(embedded(), { ensureTable: true, clock: new SystemClock() });
      try {
        expect((await again.repository.list({ limit: 10 })).links.map((link) => link.associationId)).to.have.members([linked.associationId, pending.associationId]);
      } finally {
        await again.close();
      }
    });

    it('uses a configured key instead, and writes no key file', async () => {
      const key = randomBytes(32).toString('hex');
      const link = aSucceededLink();
      const store = await openAccountLinkStore(embedded(key), { ensureTable: true, clock: new SystemClock() });
      try {
        await store.repository.create(link);
        expect(comparable((await store.repository.findById(link.associationId)) as AccountLink)).to.deep.equal(comparable(link));
      } finally {
        await store.close();
      }
      expect(existsSync(join(dataDir, TOKEN_KEY_FILE_NAME))).to.equal(false);
    });

    it('describes the data folder and the store\'s folder in it', async () => {
      const store = await openAccountLinkStore(embedded(), { ensureTable: true, clock: new SystemClock() });
      await store.close();
      expect(store.description).to.equal(`${dataDir} (embedded store, LevelDB in ${join(dataDir, EMBEDDED_STORE_FOLDER)})`);
      expect(store.description.startsWith(dataDir)).to.equal(true);
    });

    it('fails naming C2C_TOKEN_ENCRYPTION_KEY before it opens the embedded store', async () => {
      const error = await rejectionOf(openAccountLinkStore(embedded('0123'), { ensureTable: true, clock: new SystemClock() }));
      expectConfigurationError(error, 'C2C_TOKEN_ENCRYPTION_KEY');
      expect(existsSync(join(dataDir, EMBEDDED_STORE_FOLDER))).to.equal(false);
    });
  });
});
