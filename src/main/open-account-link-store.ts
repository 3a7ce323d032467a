import { existsSync } from 'node:fs';
import { rename } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { AccountLinkRepository } from '../application/ports/account-link-repository.js';
import type { Clock } from '../application/ports/clock.js';
import type { DynamoDbClientOptions } from '../adapters/persistence/create-dynamo-db-document-client.js';
import { EncryptingAccountLinkRepository } from '../adapters/persistence/encrypting-account-link-repository.js';
import { IncompatibleAccountLinkTable } from '../adapters/persistence/incompatible-account-link-table.js';
import { JweTokenCipher } from '../adapters/persistence/jwe-token-cipher.js';
import type { StorageConfig } from './config/app-config.js';
import { ConfigurationError } from './config/configuration-error.js';
import { configuredTokenCipher } from './encrypted-repository.js';

/** The linking flow's store, open. */
export interface AccountLinkStore {
  /** Already behind encryption at rest (EncryptingAccountLinkRepository). */
  readonly repository: AccountLinkRepository;
  /** Where the links live, for the start-up line: the embedded server's URL, the endpoint, or `aws`, and the table. */
  readonly description: string;
  /**
   * `degraded` while the embedded store cannot write its files (a full disk; its writes then fail with
   * PersistenceUnavailable, reads go on); a DynamoDB endpoint is not probed and says `ok`.
   */
  health(): Promise<'ok' | 'degraded'>;
  /** Closes the DynamoDB client, or the embedded store. */
  close(): Promise<void>;
}

export interface OpenAccountLinkStoreOptions {
  /**
   * Create the table when it is missing, wait until it is ACTIVE, and check the layout of one that exists.
   * `C2C_DYNAMODB_CREATE_TABLE` decides for a DynamoDB endpoint (false where the deploy template creates it).
   */
  readonly ensureTable: boolean;
  /** Times the wait for a new table. */
  readonly clock: Clock;
}

/**
 * Opens the configured store, whatever its kind, behind encryption at rest: `dynamodb` (an endpoint, or AWS
 * itself) or `embedded` (LevelDB on disk under the data folder, which also keeps a generated key when none
 * is configured, so links survive a restart with no setup). The key is checked before anything starts.
 * The AWS SDK and classic-level are loaded here, when a store is opened: importing this module loads neither.
 * @throws ConfigurationError naming C2C_TOKEN_ENCRYPTION_KEY for an unusable key, or C2C_DYNAMODB_TABLE for
 * an existing table without the account link layout (only with `ensureTable`).
 */
export async function openAccountLinkStore(storage: StorageConfig, options: OpenAccountLinkStoreOptions): Promise<AccountLinkStore> {
  if (storage.kind === 'dynamodb') {
    const cipher = configuredTokenCipher(storage.encryptionKey);
    const table = await openTable({ endpoint: storage.endpoint, region: storage.region }, storage.tableName, options);
    return {
      repository: new EncryptingAccountLinkRepository(table.repository, cipher),
      description: `DynamoDB at ${storage.endpoint ?? 'aws'}, table ${storage.tableName}`,
      health: () => Promise.resolve('ok'),
      close: () => table.close(),
    };
  }
  const dataDir = resolve(storage.dataDir);
  const [{ LevelAccountLinkRepository }, { LocalKeyFile }] = await Promise.all([
    import('../adapters/persistence/level-account-link-repository.js'),
    import('../adapters/persistence/local-key-file.js'),
  ]);
  // A configured key is checked before anything starts; the store (an optional dependency) is opened before a
  // key file is made, so that without it the data folder gets no key.
  const configured = storage.encryptionKey === undefined ? undefined : configuredTokenCipher(storage.encryptionKey);
  const folder = resolve(dataDir, EMBEDDED_STORE_FOLDER);
  const store = await LevelAccountLinkRepository.open({ path: folder });
  let cipher: JweTokenCipher;
  try {
    cipher = configured ?? new JweTokenCipher(await new LocalKeyFile(dataDir).readOrCreate());
    await moveLinksOfTheDynaliteStore(dataDir, store, storage.tableName, options.clock);
  } catch (error) {
    await store.close();
    throw error;
  }
  return {
    repository: new EncryptingAccountLinkRepository(store, cipher),
    description: `${dataDir} (embedded store, LevelDB in ${folder})`,
    health: () => store.health(),
    close: () => store.close(),
  };
}

/** The embedded store's folder in the data directory. */
export const EMBEDDED_STORE_FOLDER = 'links';
/** Where earlier versions kept the embedded store: dynalite's LevelDB, in DynamoDB's table layout. */
const DYNALITE_STORE_FOLDER = 'dynamodb';

/**
 * Links that an earlier version kept in dynalite (`<data>/dynamodb`) are copied once, verbatim (still
 * encrypted), into the store; the old folder is then renamed `dynamodb.migrated` and left for the user to delete.
 */
async function moveLinksOfTheDynaliteStore(dataDir: string, target: AccountLinkRepository, tableName: string, clock: Clock): Promise<void> {
  const old = resolve(dataDir, DYNALITE_STORE_FOLDER);
  if (!existsSync(old)) return;
  const { EmbeddedDynamoDb } = await import('../adapters/persistence/embedded-dynamo-db.js');
  const embedded = new EmbeddedDynamoDb({ path: old });
  const endpoint = await embedded.start();
  try {
    const table = await openTable({ endpoint }, tableName, { ensureTable: true, clock });
    try {
      let after: string | undefined;
      do {
        const page = await table.repository.list({ limit: 1000, after });
        for (const link of page.links) {
          if ((await target.findById(link.associationId)) === undefined) await target.create(link);
        }
        after = page.next;
      } while (after !== undefined);
    } finally {
      await table.close();
    }
  } finally {
    await embedded.stop();
  }
  await rename(old, `${old}.migrated`);
}

interface OpenTable {
  /** The table's repository, which stores what it is given verbatim. */
  readonly repository: AccountLinkRepository;
  close(): Promise<void>;
}

async function openTable(connection: DynamoDbClientOptions, tableName: string, options: OpenAccountLinkStoreOptions): Promise<OpenTable> {
  const [{ createDynamoDbDocumentClient }, { DynamoDbAccountLinkRepository }] = await Promise.all([
    import('../adapters/persistence/create-dynamo-db-document-client.js'),
    import('../adapters/persistence/dynamo-db-account-link-repository.js'),
  ]);
  const client = createDynamoDbDocumentClient(connection);
  const repository = new DynamoDbAccountLinkRepository({ client, tableName, clock: options.clock });
  if (options.ensureTable) {
    try {
      await repository.ensureTable();
    } catch (error) {
      client.destroy();
      if (error instanceof IncompatibleAccountLinkTable) {
        throw new ConfigurationError([{ variable: 'C2C_DYNAMODB_TABLE', problem: error.message }]);
      }
      throw error;
    }
  }
  return { repository, close: async () => client.destroy() };
}
