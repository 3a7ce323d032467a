import type { Logger, LogValue } from '../../application/ports/logger.js';
import { copyDefined } from '../logging/copy-defined.js';
import type { ConnectorResponseEnvelope } from '../connector-envelope/connector-response.js';
import type { ConnectorEndpoint } from '../connector-envelope/connector-endpoint.js';
import { correlationIdFrom } from '../logging/correlation-id.js';

/** The part of the Lambda context we use; the real one has more. */
export interface LambdaContextLike {
  getRemainingTimeInMillis?: () => number;
  awsRequestId?: string;
}

export type ConnectorLambdaHandler = (event: unknown, context?: LambdaContextLike) => Promise<ConnectorResponseEnvelope>;

/** Leaves room to serialise the answer before the invocation's own timeout. */
const RESPONSE_MARGIN_MS = 100;

/** Raised so that managed integrations retries the invocation; its message carries no secret. */
export class RetryableConnectorError extends Error {
  constructor(
    readonly errorCode: string,
    message: string,
  ) {
    super(message);
    this.name = errorCode;
  }
}

/**
 * The connector Lambda: answers every outcome as an envelope, except an unavailable identity provider,
 * which it throws so that managed integrations retries. Writes one log line per invocation.
 */
export function createLambdaHandler(endpoint: ConnectorEndpoint, logger: Logger): ConnectorLambdaHandler {
  return async (event, context) => {
    const correlationId = correlationIdFrom(context?.awsRequestId);
    const remaining = context?.getRemainingTimeInMillis?.();
    const budgetCapMs = remaining === undefined ? Number.POSITIVE_INFINITY : remaining - RESPONSE_MARGIN_MS;
    const answer = await endpoint.invoke(event, { budgetCapMs });
    const fields: Record<string, LogValue | undefined> = { correlationId, entry: 'lambda' };
    copyDefined(answer.logFields, fields);
    if (answer.retryable) logger.warn('connector invocation', fields);
    else if (answer.statusCode >= 500) logger.error('connector invocation', fields);
    else logger.info('connector invocation', fields);
    if (answer.retryable) {
      const { errorCode = 'INTERNAL_ERROR', responseMessage } = answer.envelope.payload;
      throw new RetryableConnectorError(errorCode, responseMessage);
    }
    return answer.envelope;
  };
}
