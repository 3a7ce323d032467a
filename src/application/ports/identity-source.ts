import type { AccessToken } from '../../domain/access-token.js';
import type { SecretCredential } from '../connector-request.js';
import type { Deadline } from '../deadline.js';
import type { IdentityClaims } from './identity-claims.js';

/** The source knows the token's owner. */
export interface IdentityRecognised {
  readonly recognised: true;
  readonly claims: IdentityClaims;
}

/** The token is not one this source answers for (not a JWT, another issuer, unknown to this server): ask the next source. */
export interface IdentityDeclined {
  readonly recognised: false;
  /** Why, in words fit for a log line and an error message: never the token. */
  readonly reason: string;
}

export type IdentityOutcome = IdentityRecognised | IdentityDeclined;

/**
 * Port: one step of the identity chain that ActivateUser (and every operation) walks in the order of
 * `C2C_IDENTITY_SOURCES`. The built-in `jwt`, `introspection` and `userinfo` sources implement it; so does
 * any source an embedder registers by name.
 *
 * Resolves `{ recognised: false, reason }` to pass the token on to the next source. Rejects with
 * `InvalidToken` or `TokenExpired` for a token it answers for but refuses, `ConnectorMisconfigured` for a
 * configuration mistake (never retried), and `IdentityProviderUnavailable` for timeouts, 5xx answers and
 * network errors (managed integrations retries those). Every upstream call stays within `deadline`.
 */
export interface IdentitySource {
  identify(token: AccessToken, deadline: Deadline): Promise<IdentityOutcome>;
  /**
   * The same for a General Authorization request, whose credential is the secret its Secrets Manager
   * reference names (e.g. `credential.secret.field('apiKey')`). Only sources that have this method are asked
   * for such requests; one without it is skipped. Same outcomes, rejections and deadline as `identify`;
   * a reason never holds the secret.
   */
  identifyCredential?(credential: SecretCredential, deadline: Deadline): Promise<IdentityOutcome>;
  /**
   * Called once at start (a Lambda's init phase), not awaited by it: e.g. fetch the key sets so that the
   * first invocation does not spend its two seconds on them. Never rejects.
   */
  warmUp?(deadline: Deadline): Promise<void>;
}

/** A source with the name `C2C_IDENTITY_SOURCES` knows it by. */
export interface NamedIdentitySource {
  readonly name: string;
  readonly source: IdentitySource;
}
