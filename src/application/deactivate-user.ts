import type { AccessToken } from '../domain/access-token.js';
import type { AccountLink } from '../domain/account-link.js';
import { DomainError } from '../domain/errors/domain-error.js';
import type { UserIdentity } from '../domain/user-identity.js';
import type { SecretCredential } from './connector-request.js';
import type { UserActivation } from './user-activation.js';
import type { Deadline } from './deadline.js';
import { LinkDeletion } from './link-deletion.js';
import type { AccountLinkRepository } from './ports/account-link-repository.js';
import type { Clock } from './ports/clock.js';
import type { TokenRevoker, TokenTypeHint } from './ports/token-revoker.js';

/** The presented access token, or the secret of a General Authorization request. */
export type DeactivateUserInput =
  | { readonly token: AccessToken; readonly deadline: Deadline }
  | { readonly credential: SecretCredential; readonly deadline: Deadline };

export interface DeactivationOutcome {
  /** The token's owner, when the token still identifies one. */
  readonly userId: string | undefined;
  /** The association removed, when the user had one. */
  readonly associationId: string | undefined;
  /** How many tokens the authorization server revoked. */
  readonly revoked: number;
}

export interface DeactivateUserOptions {
  /**
   * Revoke the presented access token when no AccountLink names its owner. Right for a connector that keeps
   * no links (it never learns whether it revoked that token before); a connector with a link store revokes
   * only the tokens of a link it is removing, so a repeated call revokes nothing twice. Default false.
   */
  readonly revokeUnlinkedTokens?: boolean;
}

interface Revocation {
  readonly token: AccessToken;
  readonly hint: TokenTypeHint;
}

/**
 * `AWS.DeactivateUser`: finds the token's owner like ActivateUser, marks their AccountLink
 * ASSOCIATION_DELETING, revokes its tokens at the authorization server (RFC 7009) and removes it.
 * Idempotent: a token that no longer identifies anyone (already revoked, expired) has nothing left to
 * deactivate, as RFC 7009 treats an invalid token. A revocation that failed transiently leaves the link
 * DELETING for the retry; any other failure abandons the deletion (see LinkDeletion).
 * With General Authorization there is no presented token to revoke: the credential's cached identity is
 * dropped, and the user's link (if any) goes the same way.
 */
export class DeactivateUser {
  readonly #deletion: LinkDeletion;

  constructor(
    private readonly activateUser: UserActivation,
    private readonly revoker: TokenRevoker,
    private readonly links: AccountLinkRepository,
    clock: Clock,
    private readonly options: DeactivateUserOptions = {},
  ) {
    this.#deletion = new LinkDeletion(links, clock);
  }

  async execute(input: DeactivateUserInput): Promise<DeactivationOutcome> {
    const { deadline } = input;
    const identity = await this.#identify(input);
    if (identity === undefined) return { userId: undefined, associationId: undefined, revoked: 0 };
    const presented = 'token' in input ? input.token : undefined;
    // A credential is not revocable here: the platform cleanup there is, is forgetting whom it identified.
    if (!('token' in input)) this.activateUser.forget(input.credential);

    const link = await this.links.findByUserId(identity.userId);
    if (link === undefined) {
      if (presented === undefined || this.options.revokeUnlinkedTokens !== true) return { userId: identity.userId, associationId: undefined, revoked: 0 };
      const revoked = await this.#revokeAll([{ token: presented, hint: 'access_token' }], deadline);
      if (revoked > 0) this.activateUser.forget(presented);
      return { userId: identity.userId, associationId: undefined, revoked };
    }
    if (!(await this.#deletion.begin(link))) return { userId: identity.userId, associationId: link.associationId, revoked: 0 };
    const revocations = revocationsOf(link, presented);
    let revoked: number;
    try {
      revoked = await this.#revokeAll(revocations, deadline);
    } catch (error) {
      await this.#deletion.fail(link.associationId, error);
      throw error;
    }
    // A revoked token must not keep activating from the identity cache.
    for (const revocation of revocations) if (revocation.hint === 'access_token') this.activateUser.forget(revocation.token);
    await this.#deletion.complete(link);
    return { userId: identity.userId, associationId: link.associationId, revoked };
  }

  async #identify(input: DeactivateUserInput): Promise<UserIdentity | undefined> {
    try {
      return await this.activateUser.execute(input);
    } catch (error) {
      if (error instanceof DomainError && (error.code === 'INVALID_TOKEN' || error.code === 'EXPIRED_TOKEN')) return undefined;
      throw error;
    }
  }

  async #revokeAll(revocations: readonly Revocation[], deadline: Deadline): Promise<number> {
    let revoked = 0;
    // One after the other: the refresh token first, since it outlives every access token.
    for (const { token, hint } of revocations) {
      if ((await this.revoker.revoke(token, hint, deadline)) === 'revoked') revoked += 1;
    }
    return revoked;
  }
}

function revocationsOf(link: AccountLink, presented: AccessToken | undefined): Revocation[] {
  const revocations: Revocation[] = [];
  const add = (token: AccessToken | undefined, hint: TokenTypeHint): void => {
    if (token !== undefined && !revocations.some((known) => known.token.equals(token))) revocations.push({ token, hint });
  };
  add(link.tokens?.refreshToken, 'refresh_token');
  add(link.tokens?.accessToken, 'access_token');
  add(presented, 'access_token');
  return revocations;
}
