import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { expect } from 'chai';
import { SystemClock } from '#adapters/clock/system-clock.js';
import { AccessToken } from '#domain/access-token.js';
import { createDynamoDbDocumentClient } from '#adapters/persistence/create-dynamo-db-document-client.js';
import { EmbeddedDynamoDb } from '#adapters/persistence/embedded-dynamo-db.js';
import type { StorageConfig } from '#main/config/app-config.js';
import { openAccountLinkStore, type AccountLinkStore } from '#main/open-account-link-store.js';
import { TestIdentityServer, TokenFactory } from '#main/testing/index.js';
import { aSucceededLink, someTokens } from '../../support/account-links.js';

const run = promisify(execFile);

/** Imports the Lambda entry in a fresh process, as the runtime would, and prints its answer (or what it threw) as JSON. */
const INVOKE = `
const { handler } = await import(process.env.ENTRY);
await handler(JSON.parse(process.env.EVENT)).then(
  (answer) => process.stdout.write(JSON.stringify({ answer })),
  (error) => process.stdout.write(JSON.stringify({ thrown: error.name })),
);`;

describe('the Lambda entry (dist/main/lambda.js) with the linking flow on DynamoDB', function () {
  this.timeout(30_000);
  const key = randomBytes(32).toString('base64url');
  let dynamo: EmbeddedDynamoDb;
  let endpoint: string;
  let identity: TestIdentityServer;
  let tokens: TokenFactory;

  before(async () => {
    dynamo = new EmbeddedDynamoDb();
    endpoint = await dynamo.start();
    tokens = await TokenFactory.create({ issuer: 'https://idp.example.com', audience: 'connector-1' });
    identity = await TestIdentityServer.start({ keySet: tokens.jwks() });
  });
  after(async () => {
    await identity.close();
    await dynamo.stop();
  });

  const storage = (tableName: string): StorageConfig => ({ kind: 'dynamodb', endpoint, region: 'us-east-1', tableName, encryptionKey: key, createTable: true });

  async function deactivate(token: string, tableName: string, env: Readonly<Record<string, string>> = {}): Promise<unknown> {
    const event = {
      header: { auth: { token, type: 'OAuth2.0' } },
      payload: { operationName: 'AWS.DeactivateUser', operationVersion: '1.0.0', connectorId: 'connector-1' },
    };
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', INVOKE], {
      env: {
        PATH: process.env['PATH'] ?? '',
        ENTRY: new URL('../../../dist/main/lambda.js', import.meta.url).href,
        EVENT: JSON.stringify(event),
        LOG_LEVEL: 'silent',
        C2C_JWKS_URI: identity.jwksUri,
        C2C_JWT_ISSUER: 'https://idp.example.com',
        C2C_JWT_AUDIENCE: 'connector-1',
        C2C_CONNECTOR_ID: 'connector-1',
        C2C_AUTHORIZATION_URL: 'https://idp.example.com/authorize',
        C2C_TOKEN_URL: 'https://idp.example.com/token',
        C2C_CLIENT_ID: 'client-1',
        C2C_CLIENT_SECRET: 'client-secret-1',
        C2C_CALLBACK_URL: 'https://links.example.com/oauth/callback',
        C2C_OAUTH_REDIRECT_URL: 'https://app.example.com/linked',
        C2C_DYNAMODB_ENDPOINT: endpoint,
        C2C_DYNAMODB_TABLE: tableName,
        C2C_TOKEN_ENCRYPTION_KEY: key,
        ...env,
      },
    });
    return JSON.parse(stdout);
  }

  async function tableNames(): Promise<string[]> {
    const client = createDynamoDbDocumentClient({ endpoint });
    try {
      return (await client.send(new ListTablesCommand({}))).TableNames ?? [];
    } finally {
      client.destroy();
    }
  }

  it('reads and removes the link DeactivateUser finds, decrypting its tokens with the configured key', async () => {
    let store: AccountLinkStore | undefined;
    try {
      store = await openAccountLinkStore(storage('lambda-links'), { ensureTable: true, clock: new SystemClock() });
      const token = await tokens.sign({ sub: 'user-lambda' });
      const link = aSucceededLink({ userId: 'user-lambda', tokens: someTokens({ accessToken: AccessToken.of(token) }) });
      await store.repository.create(link);

      expect(await deactivate(token, 'lambda-links')).to.deep.equal({
        answer: { header: { responseCode: 200 }, payload: { responseMessage: 'Successfully deactivated user with connector-id connector-1.' } },
      });
      expect(await store.repository.findById(link.associationId)).to.equal(undefined);
    } finally {
      await store?.close();
    }
  });

  it('with C2C_DYNAMODB_CREATE_TABLE=false (the deploy template creates it) leaves a missing table missing: DeactivateUser fails', async () => {
    const answer = await deactivate(await tokens.sign({ sub: 'user-without-table' }), 'not-deployed', { C2C_DYNAMODB_CREATE_TABLE: 'false' });
    // Thrown, as every store failure is, so that managed integrations retries (most are throttling or the network).
    expect(answer).to.deep.equal({ thrown: 'PERSISTENCE_UNAVAILABLE' });
    expect(await tableNames()).to.not.include('not-deployed');
  });
});
