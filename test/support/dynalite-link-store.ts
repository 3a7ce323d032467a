import { randomBytes } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SystemClock } from '#adapters/clock/system-clock.js';
import { createDynamoDbDocumentClient } from '#adapters/persistence/create-dynamo-db-document-client.js';
import { DynamoDbAccountLinkRepository } from '#adapters/persistence/dynamo-db-account-link-repository.js';
import { EmbeddedDynamoDb } from '#adapters/persistence/embedded-dynamo-db.js';
import { EncryptingAccountLinkRepository } from '#adapters/persistence/encrypting-account-link-repository.js';
import { JweTokenCipher } from '#adapters/persistence/jwe-token-cipher.js';

export interface DynaliteLinkStore {
  readonly embedded: EmbeddedDynamoDb;
  readonly client: DynamoDBDocumentClient;
  readonly cipher: JweTokenCipher;
  /** The table's own repository: it stores what it is given, verbatim. */
  readonly table: DynamoDbAccountLinkRepository;
  /** `table` behind encryption at rest, as `openAccountLinkStore` opens it. */
  readonly repository: EncryptingAccountLinkRepository;
  stop(): Promise<void>;
}

/** A real dynalite on 127.0.0.1 (in memory unless `path` is given) with a ready table and the encrypted repository on it. */
export async function startDynaliteLinkStore(options: { path?: string; cipher?: JweTokenCipher } = {}): Promise<DynaliteLinkStore> {
  const embedded = new EmbeddedDynamoDb(options.path === undefined ? {} : { path: options.path });
  const endpoint = await embedded.start();
  const client = createDynamoDbDocumentClient({ endpoint });
  const cipher = options.cipher ?? new JweTokenCipher(randomBytes(32));
  // dynalite turns a new table ACTIVE on real time.
  const table = new DynamoDbAccountLinkRepository({ client, clock: new SystemClock() });
  await table.ensureTable();
  return {
    embedded,
    client,
    cipher,
    table,
    repository: new EncryptingAccountLinkRepository(table, cipher),
    stop: async () => {
      client.destroy();
      await embedded.stop();
    },
  };
}
