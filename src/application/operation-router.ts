import { ConnectorMismatch } from '../domain/errors/connector-mismatch.js';
import { UnsupportedOperation } from '../domain/errors/unsupported-operation.js';
import type { ConnectorRequest, ConnectorResult } from './connector-request.js';
import type { Deadline } from './deadline.js';
import type { OperationHandler } from './operation-handler.js';

export interface OperationRouterOptions {
  /** When set, requests that name another connector are refused (`C2C_CONNECTOR_ID`). */
  readonly connectorId: string | undefined;
}

/** Sends each connector request to the handler registered for its operationName. */
export class OperationRouter {
  readonly #handlers: ReadonlyMap<string, OperationHandler>;

  constructor(
    handlers: readonly OperationHandler[],
    private readonly options: OperationRouterOptions,
  ) {
    const byName = new Map<string, OperationHandler>();
    for (const handler of handlers) {
      if (byName.has(handler.operationName)) {
        throw new Error(`Two handlers are registered for ${handler.operationName}.`);
      }
      byName.set(handler.operationName, handler);
    }
    this.#handlers = byName;
  }

  get operations(): readonly string[] {
    return [...this.#handlers.keys()];
  }

  /** Not an async function: the handler's own promise is the answer, without one more wrapped around it. */
  route(request: ConnectorRequest, deadline: Deadline): Promise<ConnectorResult> {
    const expected = this.options.connectorId;
    if (expected !== undefined && request.connectorId !== expected) {
      return Promise.reject(new ConnectorMismatch(request.connectorId));
    }
    const handler = this.#handlers.get(request.operationName);
    if (handler === undefined) return Promise.reject(new UnsupportedOperation(request.operationName));
    return handler.handle(request, deadline);
  }
}
