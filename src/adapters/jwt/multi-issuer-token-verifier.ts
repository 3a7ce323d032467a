import { decodeJwt } from 'jose';
import type { Deadline } from '../../application/deadline.js';
import type { TokenNotRecognised, TokenVerified, TokenVerifier } from '../../application/ports/token-verifier.js';
import type { AccessToken } from '../../domain/access-token.js';

/**
 * Several trusted issuers in one connector, each with its own key set, audience, algorithms and id claim.
 * The token's (unverified) `iss` only picks which verifier checks it; that verifier then proves it.
 */
export class MultiIssuerTokenVerifier implements TokenVerifier {
  readonly #byIssuer: ReadonlyMap<string, TokenVerifier>;

  constructor(verifiers: ReadonlyMap<string, TokenVerifier>) {
    this.#byIssuer = verifiers;
  }

  async verify(token: AccessToken, deadline: Deadline): Promise<TokenVerified | TokenNotRecognised> {
    const jwt = token.reveal();
    if (jwt.split('.').length === 5) return { recognised: false, reason: 'encrypted tokens are not accepted' };
    let issuer: unknown;
    try {
      issuer = decodeJwt(jwt).iss;
    } catch {
      return { recognised: false, reason: 'not a signed JWT' };
    }
    const verifier = typeof issuer === 'string' ? this.#byIssuer.get(issuer) : undefined;
    if (verifier === undefined) return { recognised: false, reason: 'issued by an issuer that is not trusted' };
    return verifier.verify(token, deadline);
  }
}
