import { DomainError } from '../../domain/errors/domain-error.js';

/**
 * The account-link store failed for a reason other than a lost compare-and-set: network, throttling,
 * a missing table, bad credentials, a disk that is full. The SDK error is kept as `cause`; the message names
 * only the operation and the table, so it is safe to log and to answer (503 PERSISTENCE_UNAVAILABLE; the
 * Lambda throws it, so that managed integrations retries).
 */
export class PersistenceUnavailable extends DomainError {
  readonly code = 'PERSISTENCE_UNAVAILABLE';

  constructor(
    readonly operation: string,
    readonly tableName: string,
    options: { cause: unknown },
  ) {
    super(`DynamoDB ${operation} on table ${tableName} failed (${errorName(options.cause)}).`, options);
  }
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : 'unknown error';
}
