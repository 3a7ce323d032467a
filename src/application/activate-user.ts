import type { AccessToken } from '../domain/access-token.js';
import { ConnectorMisconfigured } from '../domain/errors/connector-misconfigured.js';
import { InvalidToken } from '../domain/errors/invalid-token.js';
import { UserIdentity } from '../domain/user-identity.js';
import type { SecretCredential } from './connector-request.js';
import type { Deadline } from './deadline.js';
import type { IdentityClaims } from './ports/identity-claims.js';
import type { NamedIdentitySource } from './ports/identity-source.js';
import type { ActivateUserInput, ActivateWithCredentialInput, UserActivation } from './user-activation.js';
import type { UserIdPolicy } from './user-id-policy.js';

export type { ActivateUserInput, ActivateWithCredentialInput } from './user-activation.js';

/**
 * Finds out who owns an access token (or a General Authorization secret): each configured source in turn,
 * until one recognises it; a source that declines passes it to the next.
 * Identity is only ever read from a verified token or from the authorization server's answer.
 */
export class ActivateUser implements UserActivation {
  constructor(
    private readonly sources: readonly NamedIdentitySource[],
    private readonly userIds: UserIdPolicy,
  ) {
    if (sources.length === 0) throw new Error('ActivateUser needs at least one identity source.');
  }

  async execute(input: ActivateUserInput | ActivateWithCredentialInput): Promise<UserIdentity> {
    const claims = 'token' in input ? await this.#resolve(input.token, input.deadline) : await this.#resolveCredential(input.credential, input.deadline);
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

  async #resolveCredential(credential: SecretCredential, deadline: Deadline): Promise<IdentityClaims> {
    const declined: string[] = [];
    let asked = 0;
    for (const { name, source } of this.sources) {
      if (source.identifyCredential === undefined) continue;
      asked += 1;
      const outcome = await source.identifyCredential(credential, deadline);
      if (outcome.recognised) return outcome.claims;
      declined.push(`${name}: ${outcome.reason}`);
    }
    if (asked === 0) {
      throw new ConnectorMisconfigured(
        'No identity source of this connector takes General Authorization credentials (none has identifyCredential).',
      );
    }
    throw new InvalidToken(`No identity source accepts this General Authorization credential (${declined.join('; ')}).`);
  }
}
