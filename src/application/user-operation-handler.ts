import type { UserIdentity } from '../domain/user-identity.js';
import type { ConnectorResult, IdentifiedRequest } from './connector-request.js';
import type { Deadline } from './deadline.js';

/**
 * Handles one connector operation on behalf of a known user (`AWS.DiscoverDevices`, `AWS.SendCommand`, ...).
 * The request's credential has already been resolved to `identity` the way ActivateUser resolves it: a
 * handler never parses or verifies tokens itself. `request.auth` is the bearer token (`OAuth2.0`) or the
 * General Authorization secret, already read (`request.auth.secret`), to call the platform with.
 */
export interface UserOperationHandler {
  readonly operationName: string;
  handle(request: IdentifiedRequest, identity: UserIdentity, deadline: Deadline): Promise<ConnectorResult>;
}
