import type { AccessToken } from '../../domain/access-token.js';
import type { Deadline } from '../deadline.js';
import type { IdentityClaims } from './identity-claims.js';

/** The token is not one this verifier answers for (not a JWT, another issuer): ask the next source. */
export interface TokenNotRecognised {
  readonly recognised: false;
  readonly reason: string;
}

export interface TokenVerified {
  readonly recognised: true;
  readonly claims: IdentityClaims;
}

/**
 * Port: checks a token locally (signature, issuer, audience, lifetime) and reads the identity from it.
 * Implementations throw `InvalidToken` or `TokenExpired` for a token they recognise but reject, and
 * `IdentityProviderUnavailable` when keys cannot be fetched within the deadline.
 */
export interface TokenVerifier {
  verify(token: AccessToken, deadline: Deadline): Promise<TokenVerified | TokenNotRecognised>;
}
