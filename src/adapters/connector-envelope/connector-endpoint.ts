import { Deadline } from '../../application/deadline.js';
import type { OperationRouter } from '../../application/operation-router.js';
import type { Clock } from '../../application/ports/clock.js';
import type { LogFields, LogValue } from '../../application/ports/logger.js';
import { copyDefined } from '../logging/copy-defined.js';
import type { InvocationFactsByDeadline } from '../logging/invocation-facts-by-deadline.js';
import { errorResponse, successEnvelope, type ConnectorResponseEnvelope } from './connector-response.js';
import { parseConnectorRequest } from './parse-connector-request.js';

export interface ConnectorEndpointOptions {
  /** Budget for one invocation, all upstream calls included (`C2C_DEADLINE_MS`). */
  readonly deadlineMs: number;
}

export interface InvocationContext {
  /** The entry's own time limit (the Lambda's remaining time, less a margin); the smaller budget wins. */
  readonly budgetCapMs?: number;
}

export interface ConnectorAnswer {
  readonly statusCode: number;
  readonly envelope: ConnectorResponseEnvelope;
  readonly retryable: boolean;
  /** What the entry's one log line for this invocation says: outcome, duration, identity source, cache hit. */
  readonly logFields: LogFields;
}

/** What the Lambda and HTTP entries share: parse the envelope, route it within the deadline, shape the answer. */
export class ConnectorEndpoint {
  constructor(
    private readonly router: OperationRouter,
    private readonly options: ConnectorEndpointOptions,
    private readonly facts: InvocationFactsByDeadline,
    private readonly clock: Clock,
  ) {}

  async invoke(raw: unknown, context: InvocationContext = {}): Promise<ConnectorAnswer> {
    const startedAt = this.clock.monotonicMs();
    let operation: string | undefined;
    let deadline: Deadline | undefined;
    let answer: Omit<ConnectorAnswer, 'logFields'>;
    try {
      const parsed = parseConnectorRequest(raw);
      // Only an envelope off the fast path waits (for the DTOs to load): the common one costs no extra turn.
      const request = parsed instanceof Promise ? await parsed : parsed;
      operation = request.operationName;
      deadline = Deadline.in(Math.min(this.options.deadlineMs, context.budgetCapMs ?? Number.POSITIVE_INFINITY), this.clock);
      const result = await this.router.route(request, deadline);
      answer = { statusCode: 200, envelope: successEnvelope(result), retryable: false };
    } catch (error) {
      answer = errorResponse(error);
    }
    const logFields: Record<string, LogValue | undefined> = {
      operation: operation?.slice(0, 64),
      outcome: answer.statusCode === 200 ? 'success' : 'error',
      errorCode: answer.envelope.payload.errorCode,
      responseCode: answer.envelope.header.responseCode,
      durationMs: Math.round(this.clock.monotonicMs() - startedAt),
    };
    // Copied key by key: object spread is the slowest way to merge on this path (once per invocation).
    if (deadline !== undefined) copyDefined(this.facts.take(deadline), logFields);
    return { statusCode: answer.statusCode, envelope: answer.envelope, retryable: answer.retryable, logFields };
  }
}
