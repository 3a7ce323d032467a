import type { AccessToken } from '../../domain/access-token.js';

/**
 * Port: a one-way digest of a token, to key caches without holding the token. Equal tokens give equal
 * fingerprints; a fingerprint does not lead back to its token.
 */
export interface TokenFingerprint {
  of(token: AccessToken): string;
}
