import type { AccessToken } from '../../domain/access-token.js';
import { InvalidToken } from '../../domain/errors/invalid-token.js';

/** Visible ASCII only: a bearer token (RFC 6750 `b64token`) never holds spaces, controls or other text. */
const SENDABLE_TOKEN = /^[\x21-\x7e]+$/;

/**
 * The `Authorization` header value for a bearer token. axios silently strips CR/LF and drops characters a
 * header cannot carry, so a token that is not sendable verbatim would reach the server as another token:
 * it is refused here instead.
 * @throws InvalidToken when the token holds characters that cannot travel in the header unchanged.
 */
export function bearerAuthorization(token: AccessToken): string {
  const value = token.reveal();
  if (!SENDABLE_TOKEN.test(value)) {
    throw new InvalidToken('The token holds characters that a bearer token cannot contain.');
  }
  return `Bearer ${value}`;
}
