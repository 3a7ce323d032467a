import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  UpdateTimeToLiveCommand,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AccountLinkRepository, ClaimedCallback } from '../../application/ports/account-link-repository.js';
import type { Clock } from '../../application/ports/clock.js';
import type { AccountLink } from '../../domain/account-link.js';
import { AssociationModifiedConcurrently } from '../../domain/errors/association-modified-concurrently.js';
import { keepingProcessAlive } from '../clock/keeping-process-alive.js';
import { AccountLinkItemMapper, ITEM_KEYS } from './account-link-item.js';
import { IncompatibleAccountLinkTable } from './incompatible-account-link-table.js';
import { PersistenceUnavailable } from './persistence-unavailable.js';

export const DEFAULT_ACCOUNT_LINK_TABLE = 'c2c-account-links';

/** The global secondary index that answers findByUserId: sparse, since only linked users have a userId. */
export const USER_ID_INDEX = 'userId-updatedAt-index';

export interface DynamoDbAccountLinkRepositoryOptions {
  /** A document client, e.g. from `createDynamoDbDocumentClient`. Its lifetime is the caller's. */
  readonly client: DynamoDBDocumentClient;
  /** Times `ensureTable`'s wait for the table (monotonic time, and its timers between polls). */
  readonly clock: Clock;
  /** Default `c2c-account-links`. */
  readonly tableName?: string;
  /**
   * How long after its authorization request expired an abandoned pending association stays before the
   * table's TTL removes it (DynamoDB deletes expired items lazily, within days). Default 86400 (one day).
   */
  readonly pendingRetentionSeconds?: number;
  /** How long `ensureTable` waits for the table and its index to become ACTIVE. Default 120000 ms. */
  readonly tableReadyTimeoutMs?: number;
}

/**
 * AccountLinks in one DynamoDB table keyed by `associationId`. Every write is a single conditional write
 * on `version` (no transactions, so dynalite serves as well as DynamoDB): the loser of a race gets
 * AssociationModifiedConcurrently. Reads are strongly consistent. Tokens and the PKCE verifier are stored
 * as given: wrap the repository in EncryptingAccountLinkRepository to keep them encrypted at rest.
 */
export class DynamoDbAccountLinkRepository implements AccountLinkRepository {
  readonly tableName: string;
  readonly #client: DynamoDBDocumentClient;
  readonly #mapper: AccountLinkItemMapper;
  readonly #tableReadyTimeoutMs: number;
  readonly #clock: Clock;

  constructor(options: DynamoDbAccountLinkRepositoryOptions) {
    this.tableName = options.tableName ?? DEFAULT_ACCOUNT_LINK_TABLE;
    this.#client = options.client;
    this.#clock = options.clock;
    this.#mapper = new AccountLinkItemMapper({ pendingRetentionSeconds: options.pendingRetentionSeconds ?? 86_400 });
    this.#tableReadyTimeoutMs = options.tableReadyTimeoutMs ?? 120_000;
  }

  async create(link: AccountLink): Promise<void> {
    const item = this.#mapper.toItem(link);
    await this.#write('PutItem', link.associationId, () =>
      this.#client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          ConditionExpression: 'attribute_not_exists(#id)',
          ExpressionAttributeNames: { '#id': ITEM_KEYS.partitionKey },
        }),
      ),
    );
  }

  async findById(associationId: string): Promise<AccountLink | undefined> {
    const item = await this.#getItem(associationId);
    return item === undefined ? undefined : this.#mapper.fromItem(item);
  }

  /**
   * The index is eventually consistent and projects keys only: each candidate, newest first, is read again
   * consistently, and kept only if it still belongs to the user.
   */
  async findByUserId(userId: string): Promise<AccountLink | undefined> {
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.#call('Query', () =>
        this.#client.send(
          new QueryCommand({
            TableName: this.tableName,
            IndexName: USER_ID_INDEX,
            KeyConditionExpression: '#user = :user',
            ExpressionAttributeNames: { '#user': ITEM_KEYS.userId },
            ExpressionAttributeValues: { ':user': userId },
            ScanIndexForward: false,
            ExclusiveStartKey: startKey,
          }),
        ),
      );
      for (const key of page.Items ?? []) {
        const associationId: unknown = key[ITEM_KEYS.partitionKey];
        if (typeof associationId !== 'string') continue;
        const item = await this.#getItem(associationId);
        if (item !== undefined && item[ITEM_KEYS.userId] === userId) return this.#mapper.fromItem(item);
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey !== undefined);
    return undefined;
  }

  async save(link: AccountLink, expectedVersion: number): Promise<void> {
    const item = this.#mapper.toItem(link);
    await this.#write('PutItem', link.associationId, () =>
      this.#client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          ConditionExpression: 'attribute_exists(#id) AND #version = :expected',
          ExpressionAttributeNames: { '#id': ITEM_KEYS.partitionKey, '#version': ITEM_KEYS.version },
          ExpressionAttributeValues: { ':expected': expectedVersion },
        }),
      ),
    );
  }

  /**
   * One UpdateItem, conditional on the pending round trip's state and expiry, that removes the round trip,
   * sets the claim's deadline and bumps the version, and answers the item as it was: the claim and the read of
   * the verifier in one round trip. The TTL stays what the pending round trip gave.
   */
  async claimPending(associationId: string, state: string, now: Date, finishBy: Date): Promise<ClaimedCallback | undefined> {
    let before: Record<string, unknown> | undefined;
    try {
      ({ Attributes: before } = await this.#client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { [ITEM_KEYS.partitionKey]: associationId },
          UpdateExpression: 'SET #version = #version + :one, #updatedAt = :now, #claimExpiresAt = :finishBy REMOVE #pending',
          ConditionExpression: '#pending.#state = :state AND #pending.#expiresAt > :now',
          ExpressionAttributeNames: {
            '#version': ITEM_KEYS.version,
            '#updatedAt': ITEM_KEYS.updatedAt,
            '#pending': 'pending',
            '#state': 'state',
            '#expiresAt': 'expiresAt',
            '#claimExpiresAt': ITEM_KEYS.claimExpiresAt,
          },
          ExpressionAttributeValues: { ':one': 1, ':now': now.toISOString(), ':state': state, ':finishBy': finishBy.toISOString() },
          ReturnValues: 'ALL_OLD',
        }),
      ));
    } catch (error) {
      if (hasName(error, 'ConditionalCheckFailedException')) return undefined;
      throw new PersistenceUnavailable('UpdateItem', this.tableName, { cause: error });
    }
    if (before === undefined) return undefined;
    // The same transition on the item as it was gives the link as the write left it.
    const link = this.#mapper.fromItem(before);
    const nonce = link.pending?.nonce;
    const codeVerifier = link.claimCallback(state, now, finishBy);
    return { link, codeVerifier, ...(nonce === undefined ? {} : { nonce }) };
  }

  async delete(associationId: string, expectedVersion: number): Promise<void> {
    await this.#write('DeleteItem', associationId, () =>
      this.#client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: { [ITEM_KEYS.partitionKey]: associationId },
          ConditionExpression: 'attribute_not_exists(#id) OR #version = :expected',
          ExpressionAttributeNames: { '#id': ITEM_KEYS.partitionKey, '#version': ITEM_KEYS.version },
          ExpressionAttributeValues: { ':expected': expectedVersion },
        }),
      ),
    );
  }

  /**
   * Creates the table with its userId index when it is missing, waits until both are ACTIVE, and turns on
   * TTL on `expiresAt` where the server supports it (dynalite does not). Safe to call on every start and
   * from several processes at once. An existing table is used as it is: its layout is not checked.
   */
  async ensureTable(): Promise<void> {
    if ((await this.#describeTable()) === undefined) {
      await this.#call('CreateTable', async () => {
        try {
          await this.#client.send(new CreateTableCommand(this.#tableDefinition()));
        } catch (error) {
          // Another process created it between our DescribeTable and CreateTable.
          if (!hasName(error, 'ResourceInUseException')) throw error;
        }
      });
    }
    this.#checkLayout(await this.#waitUntilActive());
    await this.#enableTimeToLive();
  }

  /**
   * A table made by someone else (or for something else) under our name must have our key and index, or
   * every write would fail later, one request at a time: say so at start-up instead.
   * @throws IncompatibleAccountLinkTable listing what differs.
   */
  #checkLayout(table: TableDescription): void {
    const wanted = this.#tableDefinition();
    const typeOf = (name: string) => table.AttributeDefinitions?.find((a) => a.AttributeName === name)?.AttributeType;
    const keysOf = (schema: readonly { AttributeName?: string; KeyType?: string }[] | undefined) =>
      (schema ?? []).map((key) => `${key.AttributeName} ${key.KeyType}`).join(', ');
    const differences: string[] = [];
    if (keysOf(table.KeySchema) !== keysOf(wanted.KeySchema)) {
      differences.push(`key schema is (${keysOf(table.KeySchema)}), expected (${keysOf(wanted.KeySchema)})`);
    }
    const index = table.GlobalSecondaryIndexes?.find((candidate) => candidate.IndexName === USER_ID_INDEX);
    const wantedIndex = wanted.GlobalSecondaryIndexes?.[0];
    if (index === undefined) differences.push(`index ${USER_ID_INDEX} is missing`);
    else if (keysOf(index.KeySchema) !== keysOf(wantedIndex?.KeySchema)) {
      differences.push(`index ${USER_ID_INDEX} has keys (${keysOf(index.KeySchema)}), expected (${keysOf(wantedIndex?.KeySchema)})`);
    }
    for (const { AttributeName: name, AttributeType: type } of wanted.AttributeDefinitions ?? []) {
      const actual = typeOf(name ?? '');
      if (actual !== undefined && actual !== type) differences.push(`attribute ${name} is of type ${actual}, expected ${type}`);
    }
    if (differences.length > 0) throw new IncompatibleAccountLinkTable(this.tableName, differences);
  }

  #tableDefinition(): ConstructorParameters<typeof CreateTableCommand>[0] {
    return {
      TableName: this.tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: ITEM_KEYS.partitionKey, AttributeType: 'S' },
        { AttributeName: ITEM_KEYS.userId, AttributeType: 'S' },
        { AttributeName: ITEM_KEYS.updatedAt, AttributeType: 'S' },
      ],
      KeySchema: [{ AttributeName: ITEM_KEYS.partitionKey, KeyType: 'HASH' }],
      GlobalSecondaryIndexes: [
        {
          IndexName: USER_ID_INDEX,
          KeySchema: [
            { AttributeName: ITEM_KEYS.userId, KeyType: 'HASH' },
            { AttributeName: ITEM_KEYS.updatedAt, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'KEYS_ONLY' },
        },
      ],
    };
  }

  async #describeTable(): Promise<TableDescription | undefined> {
    return this.#call('DescribeTable', async () => {
      try {
        return (await this.#client.send(new DescribeTableCommand({ TableName: this.tableName }))).Table;
      } catch (error) {
        if (hasName(error, 'ResourceNotFoundException')) return undefined;
        throw error;
      }
    });
  }

  async #waitUntilActive(): Promise<TableDescription> {
    const deadline = this.#clock.monotonicMs() + this.#tableReadyTimeoutMs;
    for (let delayMs = 25; ; delayMs = Math.min(delayMs * 2, 1000)) {
      const table = await this.#describeTable();
      const indexesActive = (table?.GlobalSecondaryIndexes ?? []).every((index) => index.IndexStatus === 'ACTIVE');
      if (table?.TableStatus === 'ACTIVE' && indexesActive) return table;
      if (this.#clock.monotonicMs() + delayMs > deadline) {
        throw new PersistenceUnavailable('DescribeTable', this.tableName, {
          cause: new Error(`The table did not become ACTIVE within ${this.#tableReadyTimeoutMs} ms.`),
        });
      }
      await keepingProcessAlive(new Promise<void>((resolve) => this.#clock.setTimer(delayMs, resolve)));
    }
  }

  async #enableTimeToLive(): Promise<void> {
    try {
      const { TimeToLiveDescription: ttl } = await this.#client.send(new DescribeTimeToLiveCommand({ TableName: this.tableName }));
      if (ttl?.TimeToLiveStatus === 'ENABLED' || ttl?.TimeToLiveStatus === 'ENABLING') return;
      await this.#client.send(
        new UpdateTimeToLiveCommand({
          TableName: this.tableName,
          TimeToLiveSpecification: { AttributeName: ITEM_KEYS.timeToLive, Enabled: true },
        }),
      );
    } catch (error) {
      // dynalite answers UnknownOperationException to UpdateTimeToLive; expired items then simply stay.
      if (hasName(error, 'UnknownOperationException')) return;
      throw new PersistenceUnavailable('UpdateTimeToLive', this.tableName, { cause: error });
    }
  }

  async #getItem(associationId: string): Promise<Record<string, unknown> | undefined> {
    const result = await this.#call('GetItem', () =>
      this.#client.send(
        new GetCommand({
          TableName: this.tableName,
          Key: { [ITEM_KEYS.partitionKey]: associationId },
          ConsistentRead: true,
        }),
      ),
    );
    return result.Item;
  }

  /** A conditional write: a failed condition is a lost compare-and-set, anything else an infrastructure failure. */
  async #write(operation: string, associationId: string, send: () => Promise<unknown>): Promise<void> {
    try {
      await send();
    } catch (error) {
      if (hasName(error, 'ConditionalCheckFailedException')) throw new AssociationModifiedConcurrently(associationId);
      throw new PersistenceUnavailable(operation, this.tableName, { cause: error });
    }
  }

  async #call<T>(operation: string, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      if (error instanceof PersistenceUnavailable) throw error;
      throw new PersistenceUnavailable(operation, this.tableName, { cause: error });
    }
  }
}

/** By name rather than instanceof: two copies of the SDK in one bundle must not break the check. */
function hasName(error: unknown, name: string): boolean {
  return error instanceof Error && error.name === name;
}
