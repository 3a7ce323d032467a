import type { AccessToken } from '../../domain/access-token.js';
import type { Deadline } from '../deadline.js';

/**
 * Port: calls a connector's `AWS.ActivateUser` and `AWS.DeactivateUser`, in this process or remote (Lambda, HTTP).
 * Implementations throw a `DomainError` whose code says why the connector refused.
 */
export interface ConnectorClient {
  activateUser(token: AccessToken, deadline: Deadline): Promise<{ readonly userId: string }>;

  /** Resolves once the connector answered 200: the user's tokens are revoked and their link removed. */
  deactivateUser(token: AccessToken, deadline: Deadline): Promise<void>;
}
