/**
 * The account-link store failed for a reason other than a lost compare-and-set: network, throttling,
 * a missing table, bad credentials. The SDK error is kept as `cause`; the message names only the operation
 * and the table, so it is safe to log.
 */
export class PersistenceUnavailable extends Error {
  constructor(
    readonly operation: string,
    readonly tableName: string,
    options: { cause: unknown },
  ) {
    super(`DynamoDB ${operation} on table ${tableName} failed (${errorName(options.cause)}).`, options);
    this.name = 'PersistenceUnavailable';
  }
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : 'unknown error';
}
