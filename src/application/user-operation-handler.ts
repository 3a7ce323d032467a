import type { UserIdentity } from '../domain/user-identity.js';
import type { ConnectorRequest, ConnectorResult } from './connector-request.js';
import type { Deadline } from './deadline.js';

/**
 * Handles one connector operation on behalf of a known user (`AWS.DiscoverDevices`, `AWS.SendCommand`, ...).
 * The token has already been resolved to `identity` the way ActivateUser resolves it: a handler never
 * parses or verifies tokens itself.
 */
export interface UserOperationHandler {
  readonly operationName: string;
  handle(request: ConnectorRequest, identity: UserIdentity, deadline: Deadline): Promise<ConnectorResult>;
}
