import type { AccessToken } from '../domain/access-token.js';
import type { UserIdentity } from '../domain/user-identity.js';
import type { Deadline } from './deadline.js';

export interface ActivateUserInput {
  readonly token: AccessToken;
  readonly deadline: Deadline;
}

/** What ActivateUserOperation needs: ActivateUser itself, or a decorator of it (the identity cache). */
export interface UserActivation {
  execute(input: ActivateUserInput): Promise<UserIdentity>;
  /** The token was revoked: never answer it from memory again. */
  forget(token: AccessToken): void;
}
