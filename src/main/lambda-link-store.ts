import type { Container } from 'inversify';
import { createDynamoDbDocumentClient } from '../adapters/persistence/create-dynamo-db-document-client.js';
import { DynamoDbAccountLinkRepository } from '../adapters/persistence/dynamo-db-account-link-repository.js';
import { JweTokenCipher } from '../adapters/persistence/jwe-token-cipher.js';
import type { Clock } from '../application/ports/clock.js';
import type { AppConfig } from './config/app-config.js';
import { ConfigurationError } from './config/configuration-error.js';
import { TOKENS } from './tokens.js';

/**
 * Gives a Lambda's DeactivateUser the linking flow's store: DynamoDB only (a Lambda keeps no disk for the
 * embedded one), and the table must exist (the deploy template creates it). Loaded with `import()` so
 * that a connector without the linking flow never loads the AWS SDK.
 */
export function bindLambdaLinkStore(container: Container, config: AppConfig): void {
  const storage = config.linking?.storage;
  if (storage?.kind !== 'dynamodb') return;
  let cipher: JweTokenCipher;
  try {
    cipher = JweTokenCipher.fromEncodedKey(storage.encryptionKey);
  } catch (error) {
    const problem = error instanceof Error ? error.message : 'is not a valid key';
    throw new ConfigurationError([{ variable: 'C2C_TOKEN_ENCRYPTION_KEY', problem }]);
  }
  const client = createDynamoDbDocumentClient({ endpoint: storage.endpoint, region: storage.region });
  container
    .bind(TOKENS.AccountLinkRepository)
    .toResolvedValue((clock: Clock) => new DynamoDbAccountLinkRepository({ client, cipher, tableName: storage.tableName, clock }), [TOKENS.Clock]);
}
