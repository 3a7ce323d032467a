import type { AccessToken } from '../../domain/access-token.js';
import type { Deadline } from '../deadline.js';

/** RFC 7009 `token_type_hint`: which kind of token is being revoked. */
export type TokenTypeHint = 'access_token' | 'refresh_token';

/**
 * `revoked`: the server answered 200 (RFC 7009 also answers 200 for a token it no longer knows).
 * `unsupported`: the server cannot revoke this kind of token (`unsupported_token_type`, e.g. a JWT access
 * token), so there is nothing to revoke.
 */
export type RevocationOutcome = 'revoked' | 'unsupported';

/**
 * Port: revokes a token at the authorization server (RFC 7009), authenticated as the connector's client.
 * Implementations throw `IdentityProviderUnavailable` when the server cannot be reached within the deadline
 * or answers 429 or 5xx, which a retry may cure; `ConnectorMisconfigured` when it refuses the client or
 * answers as no revocation endpoint would, which no retry changes.
 */
export interface TokenRevoker {
  revoke(token: AccessToken, hint: TokenTypeHint, deadline: Deadline): Promise<RevocationOutcome>;
}
