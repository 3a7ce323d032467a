import { Deadline } from '../../application/deadline.js';
import type { OperationRouter } from '../../application/operation-router.js';
import { errorResponse, successEnvelope, type ConnectorResponseEnvelope } from './connector-response.js';
import { parseConnectorRequest } from './parse-connector-request.js';

export interface ConnectorEndpointOptions {
  /** Budget for one invocation, all upstream calls included (`C2C_DEADLINE_MS`). */
  readonly deadlineMs: number;
}

export interface ConnectorAnswer {
  readonly statusCode: number;
  readonly envelope: ConnectorResponseEnvelope;
  readonly retryable: boolean;
}

/** What the Lambda and HTTP entries share: parse the envelope, route it within the deadline, shape the answer. */
export class ConnectorEndpoint {
  constructor(
    private readonly router: OperationRouter,
    private readonly options: ConnectorEndpointOptions,
  ) {}

  async invoke(raw: unknown, budgetCapMs = Number.POSITIVE_INFINITY): Promise<ConnectorAnswer> {
    try {
      const request = parseConnectorRequest(raw);
      const deadline = Deadline.in(Math.min(this.options.deadlineMs, budgetCapMs));
      const result = await this.router.route(request, deadline);
      return { statusCode: 200, envelope: successEnvelope(result), retryable: false };
    } catch (error) {
      return errorResponse(error);
    }
  }
}
