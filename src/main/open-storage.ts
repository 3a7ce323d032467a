import { resolve } from 'node:path';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Clock } from '../application/ports/clock.js';
import { createDynamoDbDocumentClient } from '../adapters/persistence/create-dynamo-db-document-client.js';
import { DynamoDbAccountLinkRepository } from '../adapters/persistence/dynamo-db-account-link-repository.js';
import { EmbeddedDynamoDb } from '../adapters/persistence/embedded-dynamo-db.js';
import { IncompatibleAccountLinkTable } from '../adapters/persistence/incompatible-account-link-table.js';
import { JweTokenCipher } from '../adapters/persistence/jwe-token-cipher.js';
import { LocalKeyFile } from '../adapters/persistence/local-key-file.js';
import type { StorageConfig } from './config/app-config.js';
import { ConfigurationError } from './config/configuration-error.js';

/** The linking flow's store, ready to use: a DynamoDB client, the token cipher, and how to close them. */
export interface OpenStorage {
  readonly client: DynamoDBDocumentClient;
  readonly cipher: JweTokenCipher;
  readonly tableName: string;
  /** Where the store runs: the embedded server's URL, the configured endpoint, or `aws`. */
  readonly endpoint: string;
  close(): Promise<void>;
}

/**
 * Opens the configured store and creates its table when missing. The embedded default starts dynalite on disk under the data folder and
 * keeps a generated encryption key there, so links survive a restart with no setup. `clock` times the wait
 * for a table just created to become ACTIVE.
 */
export async function openStorage(storage: StorageConfig, clock: Clock): Promise<OpenStorage> {
  const opened = await open(storage);
  try {
    await new DynamoDbAccountLinkRepository({ client: opened.client, cipher: opened.cipher, tableName: opened.tableName, clock }).ensureTable();
  } catch (error) {
    await opened.close();
    if (error instanceof IncompatibleAccountLinkTable) {
      throw new ConfigurationError([{ variable: 'C2C_DYNAMODB_TABLE', problem: error.message }]);
    }
    throw error;
  }
  return opened;
}

async function open(storage: StorageConfig): Promise<OpenStorage> {
  if (storage.kind === 'dynamodb') {
    const client = createDynamoDbDocumentClient({ endpoint: storage.endpoint, region: storage.region });
    return {
      client,
      cipher: cipherFrom(storage.encryptionKey),
      tableName: storage.tableName,
      endpoint: storage.endpoint ?? 'aws',
      close: async () => client.destroy(),
    };
  }
  const dataDir = resolve(storage.dataDir);
  const cipher =
    storage.encryptionKey === undefined
      ? new JweTokenCipher(await new LocalKeyFile(dataDir).readOrCreate())
      : cipherFrom(storage.encryptionKey);
  const embedded = new EmbeddedDynamoDb({ path: resolve(dataDir, 'dynamodb') });
  const endpoint = await embedded.start();
  const client = createDynamoDbDocumentClient({ endpoint });
  return {
    client,
    cipher,
    tableName: storage.tableName,
    endpoint,
    close: async () => {
      client.destroy();
      await embedded.stop();
    },
  };
}

function cipherFrom(encodedKey: string): JweTokenCipher {
  try {
    return JweTokenCipher.fromEncodedKey(encodedKey);
  } catch (error) {
    const problem = error instanceof Error ? error.message : 'is not a valid key';
    throw new ConfigurationError([{ variable: 'C2C_TOKEN_ENCRYPTION_KEY', problem }]);
  }
}
