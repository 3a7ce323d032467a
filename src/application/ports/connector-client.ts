import type { AccessToken } from '../../domain/access-token.js';
import type { Deadline } from '../deadline.js';

/**
 * Port: calls a connector's `AWS.ActivateUser`, in this process or remote (Lambda, HTTP).
 * Implementations throw a `DomainError` whose code says why the connector refused.
 */
export interface ConnectorClient {
  activateUser(token: AccessToken, deadline: Deadline): Promise<{ readonly userId: string }>;
}
