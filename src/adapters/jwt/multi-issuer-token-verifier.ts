import type { Deadline } from '../../application/deadline.js';
import type { IdentityOutcome, IdentitySource } from '../../application/ports/identity-source.js';
import type { AccessToken } from '../../domain/access-token.js';
import { unverifiedIssuerOf, type JoseTokenVerifier } from './jose-token-verifier.js';

/**
 * Several trusted issuers in one connector, each with its own key set, audience, algorithms and id claim.
 * The token's (unverified) `iss` only picks which verifier checks it; that verifier then proves it.
 */
export class MultiIssuerTokenVerifier implements IdentitySource {
  readonly #byIssuer: ReadonlyMap<string, JoseTokenVerifier>;
  readonly #only: JoseTokenVerifier | undefined;

  constructor(verifiers: ReadonlyMap<string, JoseTokenVerifier>) {
    this.#byIssuer = verifiers;
    this.#only = verifiers.size === 1 ? [...verifiers.values()][0] : undefined;
  }

  /** Fetches every issuer's key set at once, ahead of the first token; never rejects. */
  async warmUp(deadline: Deadline): Promise<void> {
    await Promise.all([...this.#byIssuer.values()].map((verifier) => verifier.prefetchKeys(deadline)));
  }

  identify(token: AccessToken, deadline: Deadline): Promise<IdentityOutcome> {
    // One issuer needs no routing: its verifier reads the unverified issuer only for a token it cannot verify.
    return this.#only === undefined ? this.#routed(token, deadline) : this.#only.identify(token, deadline);
  }

  async #routed(token: AccessToken, deadline: Deadline): Promise<IdentityOutcome> {
    const jwt = token.reveal();
    const issuer = unverifiedIssuerOf(jwt);
    if (typeof issuer !== 'string') return issuer;
    const verifier = this.#byIssuer.get(issuer);
    if (verifier === undefined) return { recognised: false, reason: 'issued by an issuer that is not trusted' };
    return verifier.verifyRecognised(jwt, deadline);
  }
}
