import type { ConnectorResult } from '../../application/connector-request.js';
import { DomainError } from '../../domain/errors/domain-error.js';
import type { ErrorCode } from '../../domain/errors/error-code.js';

export interface ConnectorResponseEnvelope {
  readonly header: { readonly responseCode: number };
  readonly payload: ConnectorResult & { readonly errorCode?: ErrorCode | 'INTERNAL_ERROR' };
}

export interface ErrorResponse {
  readonly statusCode: number;
  readonly envelope: ConnectorResponseEnvelope;
  /** Managed integrations retries only a failed invocation: the Lambda entry throws for these. */
  readonly retryable: boolean;
}

/** The HTTP status for each error code. The switch is exhaustive: a new code does not compile without one. */
export function statusOf(code: ErrorCode): number {
  switch (code) {
    case 'INVALID_REQUEST':
    case 'UNSUPPORTED_OPERATION':
      return 400;
    case 'INVALID_TOKEN':
    case 'EXPIRED_TOKEN':
    case 'UNAUTHENTICATED':
      return 401;
    case 'CONNECTOR_MISMATCH':
    case 'CONNECTOR_EVENT_REFUSED':
      return 403;
    case 'ASSOCIATION_NOT_FOUND':
    case 'CONNECTOR_DESTINATION_NOT_FOUND':
    case 'DEVICE_RESOURCE_NOT_FOUND':
      return 404;
    case 'ILLEGAL_ASSOCIATION_TRANSITION':
    case 'ASSOCIATION_MODIFIED_CONCURRENTLY':
    case 'CLIENT_TOKEN_REUSED':
    case 'REFRESH_TOKEN_EXPIRED':
      return 409;
    case 'INVALID_USER_ID':
    case 'CONFIGURATION_ERROR':
      return 500;
    case 'LINKING_FAILED':
      return 502;
    case 'IDENTITY_PROVIDER_UNAVAILABLE':
    case 'PERSISTENCE_UNAVAILABLE':
    case 'DEVICE_CLOUD_UNAVAILABLE':
    case 'CONNECTOR_EVENTS_UNAVAILABLE':
      return 503;
  }
}

/** What another attempt may cure: the Lambda entry throws for these, so that managed integrations retries. */
const RETRYABLE_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'IDENTITY_PROVIDER_UNAVAILABLE',
  'PERSISTENCE_UNAVAILABLE',
  'DEVICE_CLOUD_UNAVAILABLE',
  'CONNECTOR_EVENTS_UNAVAILABLE',
]);

export function successEnvelope(result: ConnectorResult): ConnectorResponseEnvelope {
  return { header: { responseCode: 200 }, payload: result };
}

/** Maps any error to the contract's error envelope. Unknown errors get a generic text: their message may hold anything. */
export function errorResponse(error: unknown): ErrorResponse {
  if (error instanceof DomainError) {
    const statusCode = statusOf(error.code);
    return {
      statusCode,
      retryable: RETRYABLE_CODES.has(error.code),
      envelope: {
        header: { responseCode: statusCode },
        payload: { responseMessage: error.message, errorCode: error.code },
      },
    };
  }
  return {
    statusCode: 500,
    retryable: false,
    envelope: {
      header: { responseCode: 500 },
      payload: { responseMessage: 'The connector failed unexpectedly.', errorCode: 'INTERNAL_ERROR' },
    },
  };
}
