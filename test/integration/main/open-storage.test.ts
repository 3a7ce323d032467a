import { randomBytes } from 'node:crypto';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { expect } from 'chai';
import { SystemClock } from '#adapters/clock/system-clock.js';
import { createDynamoDbDocumentClient } from '#adapters/persistence/create-dynamo-db-document-client.js';
import { EmbeddedDynamoDb } from '#adapters/persistence/embedded-dynamo-db.js';
import { ConfigurationError } from '#main/config/configuration-error.js';
import { openStorage } from '#main/open-storage.js';

describe('openStorage against a DynamoDB endpoint', () => {
  /** Real time: dynalite turns a new table ACTIVE on its own clock. */
  const clock = new SystemClock();
  let dynamo: EmbeddedDynamoDb;
  let endpoint: string;

  before(async () => {
    dynamo = new EmbeddedDynamoDb();
    endpoint = await dynamo.start();
  });
  after(async () => {
    await dynamo.stop();
  });

  const storage = (tableName: string) =>
    ({ kind: 'dynamodb', endpoint, region: 'us-east-1', tableName, encryptionKey: randomBytes(32).toString('base64url') }) as const;

  it('creates the table when it is missing, and opens it again as it is', async () => {
    await (await openStorage(storage('fresh-links'), clock)).close();
    await (await openStorage(storage('fresh-links'), clock)).close();
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
    const error = await openStorage(storage('someone-elses-table'), clock).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(ConfigurationError);
    expect((error as ConfigurationError).problems.map((p) => p.variable)).to.deep.equal(['C2C_DYNAMODB_TABLE']);
    expect((error as Error).message).to.contain('someone-elses-table').and.to.contain('expected (associationId HASH)');
  });
});
