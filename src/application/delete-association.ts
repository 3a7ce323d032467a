import { assertAssociationId } from '../domain/association-id.js';
import { AssociationModifiedConcurrently } from '../domain/errors/association-modified-concurrently.js';
import { AssociationNotFound } from '../domain/errors/association-not-found.js';
import type { AccountLink } from '../domain/account-link.js';
import { DomainError } from '../domain/errors/domain-error.js';
import { Deadline } from './deadline.js';
import type { EnsureFreshAccessToken } from './ensure-fresh-access-token.js';
import { LinkDeletion } from './link-deletion.js';
import type { AccountLinkRepository } from './ports/account-link-repository.js';
import type { Clock } from './ports/clock.js';
import type { ConnectorClient } from './ports/connector-client.js';
import type { TokenRevoker } from './ports/token-revoker.js';

export interface DeleteAssociationOptions {
  /** Budget for the connector's DeactivateUser. Default 10 seconds. */
  readonly deadlineMs?: number;
}

/**
 * What managed integrations does with the tokens it holds when an association is deleted: renew an access
 * token that has expired first (so the connector's DeactivateUser gets one it can resolve), and revoke the
 * refresh token at the platform afterwards (RFC 7009), which the connector never sees.
 */
export interface DeletionTokens {
  readonly fresh: EnsureFreshAccessToken;
  readonly revoker: TokenRevoker;
}

/**
 * DeleteAccountAssociation: renews an expired access token (with `tokens`), marks the association
 * ASSOCIATION_DELETING, has the connector deactivate the user with the stored access token (it revokes the
 * tokens it knows of), revokes the refresh token, then removes the association. When the connector or the
 * platform cannot be reached the association stays DELETING and the caller may repeat the request; when the
 * connector refuses for good (its configuration), the association is as it was, with the reason (see
 * LinkDeletion). Without `tokens`, the stored access token is sent as it is and nothing else is revoked.
 */
export class DeleteAssociation {
  readonly #deletion: LinkDeletion;

  constructor(
    private readonly links: AccountLinkRepository,
    private readonly connector: ConnectorClient,
    private readonly clock: Clock,
    private readonly options: DeleteAssociationOptions = {},
    private readonly tokens?: DeletionTokens,
  ) {
    this.#deletion = new LinkDeletion(links, clock);
  }

  async execute(input: { readonly associationId: string }): Promise<void> {
    const associationId = assertAssociationId(input.associationId);
    const deadline = Deadline.in(this.options.deadlineMs ?? 10_000, this.clock);
    let link = await this.links.findById(associationId);
    if (link === undefined) throw new AssociationNotFound(associationId);
    if (link.state === 'ASSOCIATION_SUCCEEDED' && this.tokens !== undefined) link = await this.#renewed(link, deadline);
    if (!(await this.#deletion.begin(link))) throw new AssociationModifiedConcurrently(associationId);

    const accessToken = link.tokens?.accessToken;
    // A link that never succeeded holds no tokens and names no user: there is nobody to deactivate.
    if (accessToken !== undefined && link.userId !== undefined) {
      try {
        await this.connector.deactivateUser(accessToken, deadline);
        // After DeactivateUser: revoking the refresh token ends the whole grant at many platforms, the access
        // token the connector was just given included.
        await this.#revokeRefreshToken(link.associationId, deadline);
      } catch (error) {
        await this.#deletion.fail(associationId, error);
        throw error;
      }
    }
    // The in-process connector may have removed the link already; that, or a later version, is fine.
    await this.#deletion.complete(link);
  }

  /**
   * Revokes the refresh token of a link DeactivateUser left in the store. A connector that shares the store
   * (the one in this process) removed the link itself, and revoked its tokens at the same endpoint: nothing
   * is revoked twice. A remote connector never sees the refresh token, so it is revoked here.
   */
  async #revokeRefreshToken(associationId: string, deadline: Deadline): Promise<void> {
    if (this.tokens === undefined) return;
    const refreshToken = (await this.links.findById(associationId))?.tokens?.refreshToken;
    if (refreshToken !== undefined) await this.tokens.revoker.revoke(refreshToken, 'refresh_token', deadline);
  }

  /**
   * The link with its access token renewed when the policy asks for it. A refresh token that no longer works
   * does not stop the deletion (the link is REFRESH_TOKEN_EXPIRED, and goes); a platform that cannot be
   * reached does, before anything changed: the caller repeats the request.
   */
  async #renewed(link: AccountLink, deadline: Deadline): Promise<AccountLink> {
    try {
      await this.tokens?.fresh.execute({ associationId: link.associationId, deadline });
    } catch (error) {
      if (!(error instanceof DomainError && error.code === 'REFRESH_TOKEN_EXPIRED')) throw error;
    }
    const current = await this.links.findById(link.associationId);
    if (current === undefined) throw new AssociationNotFound(link.associationId);
    return current;
  }
}
