import type { AccessToken } from '../../domain/access-token.js';
import type { Deadline } from '../deadline.js';
import type { IdentityClaims } from './identity-claims.js';

/**
 * Port: asks the authorization server (or any bearer-protected profile API) who owns the token.
 * Implementations throw `InvalidToken` when the server rejects the token and
 * `IdentityProviderUnavailable` on timeouts, 5xx answers and network errors.
 */
export interface IdentityLookup {
  lookup(token: AccessToken, deadline: Deadline): Promise<IdentityClaims>;
}
