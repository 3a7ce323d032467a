import type { AccessToken } from '../domain/access-token.js';
import type { UserIdentity } from '../domain/user-identity.js';
import type { SecretCredential } from './connector-request.js';
import type { Deadline } from './deadline.js';

export interface ActivateUserInput {
  readonly token: AccessToken;
  readonly deadline: Deadline;
}

/** A General Authorization request's user: identified from the secret its reference resolved to. */
export interface ActivateWithCredentialInput {
  readonly credential: SecretCredential;
  readonly deadline: Deadline;
}

/** What ActivateUserOperation needs: ActivateUser itself, or a decorator of it (the identity cache). */
export interface UserActivation {
  execute(input: ActivateUserInput | ActivateWithCredentialInput): Promise<UserIdentity>;
  /** The token was revoked, or the user deactivated: never answer it (or that credential) from memory again. */
  forget(credential: AccessToken | SecretCredential): void;
}
