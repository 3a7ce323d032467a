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
    options: { cause: unknown; message?: string },
  ) {
    super(options.message ?? `DynamoDB ${operation} on table ${tableName} failed (${errorName(options.cause)}).`, { cause: options.cause });
  }

  /** A write of the embedded store (LevelDB) that failed: its error code (LEVEL_IO_ERROR on a full disk) names why. */
  static ofEmbeddedStore(operation: string, storeName: string, cause: unknown): PersistenceUnavailable {
    const code = (cause as { code?: unknown } | undefined)?.code;
    const why = typeof code === 'string' ? code : errorName(cause);
    return new PersistenceUnavailable(operation, storeName, { cause, message: `The embedded store's ${operation} failed (${why}).` });
  }
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : 'unknown error';
}
