import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface DynamoDbClientOptions {
  /**
   * A DynamoDB-compatible endpoint, e.g. an EmbeddedDynamoDb's URL. When set, the client signs with fixed
   * dummy credentials (local stores ignore them); when unset, it talks to AWS with the default credential
   * chain.
   */
  readonly endpoint?: string;
  /** Default `us-east-1`. */
  readonly region?: string;
}

const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

/** A document client that drops undefined attributes instead of rejecting them. The caller owns it (`destroy()`). */
export function createDynamoDbDocumentClient(options: DynamoDbClientOptions = {}): DynamoDBDocumentClient {
  const client = new DynamoDBClient({
    region: options.region ?? 'us-east-1',
    ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint, credentials: LOCAL_CREDENTIALS }),
  });
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}
