import type { AccessToken } from '../domain/access-token.js';
import { InvalidToken } from '../domain/errors/invalid-token.js';
import { UserIdentity } from '../domain/user-identity.js';
import type { Deadline } from './deadline.js';
import type { IdentityClaims } from './ports/identity-claims.js';
import type { NamedIdentitySource } from './ports/identity-source.js';
import type { ActivateUserInput, UserActivation } from './user-activation.js';
import type { UserIdPolicy } from './user-id-policy.js';

export type { ActivateUserInput } from './user-activation.js';

/**
 * Finds out who owns an access token: each configured source in turn, until one recognises it; a source
 * that declines passes the token to the next.
 * Identity is only ever read from a verified token or from the authorization server's answer.
 */
export class ActivateUser implements UserActivation {
  constructor(
    private readonly sources: readonly NamedIdentitySource[],
    private readonly userIds: UserIdPolicy,
  ) {
    if (sources.length === 0) throw new Error('ActivateUser needs at least one identity source.');
  }

  async execute({ token, deadline }: ActivateUserInput): Promise<UserIdentity> {
    const claims = await this.#resolve(token, deadline);
    return UserIdentity.create({
      userId: this.userIds.userIdOf(claims),
      issuer: claims.issuer,
      subject: claims.subject,
      source: claims.source,
      ...(claims.expiresAt === undefined ? {} : { expiresAt: claims.expiresAt }),
    });
  }

  /** Nothing to forget: every call asks the sources. */
  forget(): void {}

  async #resolve(token: AccessToken, deadline: Deadline): Promise<IdentityClaims> {
    const declined: string[] = [];
    for (const { name, source } of this.sources) {
      const outcome = await source.identify(token, deadline);
      if (outcome.recognised) return outcome.claims;
      declined.push(`${name}: ${outcome.reason}`);
    }
    throw new InvalidToken(`No identity source accepts this token (${declined.join('; ')}).`);
  }
}
