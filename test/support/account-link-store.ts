import { randomBytes } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SystemClock } from '#adapters/clock/system-clock.js';
import { createDynamoDbDocumentClient } from '#adapters/persistence/create-dynamo-db-document-client.js';
import { DynamoDbAccountLinkRepository } from '#adapters/persistence/dynamo-db-account-link-repository.js';
import { EmbeddedDynamoDb } from '#adapters/persistence/embedded-dynamo-db.js';
import { JweTokenCipher } from '#adapters/persistence/jwe-token-cipher.js';

export interface AccountLinkStore {
  readonly embedded: EmbeddedDynamoDb;
  readonly client: DynamoDBDocumentClient;
  readonly cipher: JweTokenCipher;
  readonly repository: DynamoDbAccountLinkRepository;
  stop(): Promise<void>;
}

/** A real dynalite on 127.0.0.1 (in memory unless `path` is given) with a ready table and a repository on it. */
export async function startAccountLinkStore(options: { path?: string; cipher?: JweTokenCipher } = {}): Promise<AccountLinkStore> {
  const embedded = new EmbeddedDynamoDb(options.path === undefined ? {} : { path: options.path });
  const endpoint = await embedded.start();
  const client = createDynamoDbDocumentClient({ endpoint });
  const cipher = options.cipher ?? new JweTokenCipher(randomBytes(32));
  // dynalite turns a new table ACTIVE on real time.
  const repository = new DynamoDbAccountLinkRepository({ client, cipher, clock: new SystemClock() });
  await repository.ensureTable();
  return {
    embedded,
    client,
    cipher,
    repository,
    stop: async () => {
      client.destroy();
      await embedded.stop();
    },
  };
}
