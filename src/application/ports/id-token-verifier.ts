import type { SecretValue } from '../../domain/secret-value.js';
import type { Deadline } from '../deadline.js';

/** What the round trip that obtained an ID token expects of it. */
export interface IdTokenExpectations {
  /** The `nonce` sent in the authorization request; undefined when none was sent. */
  readonly nonce: string | undefined;
}

/**
 * Port: checks the OpenID Connect ID token of a code exchange (signature, `iss`, `aud`, `nonce`, expiry)
 * before the link is kept. The ID token is checked, never used: the userId comes from the connector.
 * Resolves for a valid token and when there is nothing to check with (no token, or no key set configured).
 * @throws LinkingFailed with `invalid_grant` when the token is not one this round trip may accept.
 * @throws IdentityProviderUnavailable when the platform's keys cannot be fetched within the deadline, and
 * ConnectorMisconfigured when its discovery document or key set answers what no retry changes.
 */
export interface IdTokenVerifier {
  verify(idToken: SecretValue | undefined, expected: IdTokenExpectations, deadline: Deadline): Promise<void>;
}
