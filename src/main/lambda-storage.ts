import { createDynamoDbDocumentClient } from '../adapters/persistence/create-dynamo-db-document-client.js';
import { JweTokenCipher } from '../adapters/persistence/jwe-token-cipher.js';
import type { AppConfig } from './config/app-config.js';
import { ConfigurationError } from './config/configuration-error.js';
import type { OpenStorage } from './open-storage.js';

/**
 * The link store a Lambda can use: DynamoDB only (a Lambda keeps no disk for the embedded store), opened
 * synchronously at cold start. It expects the table to exist (the deploy template creates it).
 * Kept apart from `openStorage` so that the Lambda bundle does not carry the embedded server.
 */
export function lambdaStorage(config: AppConfig): OpenStorage | undefined {
  const storage = config.linking?.storage;
  if (storage?.kind !== 'dynamodb') return undefined;
  let cipher: JweTokenCipher;
  try {
    cipher = JweTokenCipher.fromEncodedKey(storage.encryptionKey);
  } catch (error) {
    const problem = error instanceof Error ? error.message : 'is not a valid key';
    throw new ConfigurationError([{ variable: 'C2C_TOKEN_ENCRYPTION_KEY', problem }]);
  }
  const client = createDynamoDbDocumentClient({ endpoint: storage.endpoint, region: storage.region });
  return {
    client,
    cipher,
    tableName: storage.tableName,
    endpoint: storage.endpoint ?? 'aws',
    close: async () => client.destroy(),
  };
}
