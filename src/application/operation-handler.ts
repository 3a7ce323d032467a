import type { ConnectorRequest, ConnectorResult } from './connector-request.js';
import type { Deadline } from './deadline.js';

/** Handles one connector operation (`AWS.ActivateUser`, `AWS.DiscoverDevices`, ...). */
export interface OperationHandler {
  readonly operationName: string;
  handle(request: ConnectorRequest, deadline: Deadline): Promise<ConnectorResult>;
}
