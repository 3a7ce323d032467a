import type { AccountLink } from '../domain/account-link.js';
import { assertAssociationId } from '../domain/association-id.js';
import { AssociationNotFound } from '../domain/errors/association-not-found.js';
import { DomainError } from '../domain/errors/domain-error.js';
import { Deadline } from './deadline.js';
import type { AccountLinkRepository } from './ports/account-link-repository.js';
import type { Clock } from './ports/clock.js';
import type { ConnectorClient } from './ports/connector-client.js';

export interface DeleteAssociationOptions {
  /** Budget for the connector's DeactivateUser. Default 10 seconds. */
  readonly deadlineMs?: number;
}

/**
 * DeleteAccountAssociation: marks the association ASSOCIATION_DELETING, has the connector deactivate the
 * user with the stored access token (it revokes the tokens), then removes the association. When the
 * connector cannot be reached the association stays DELETING and the caller may repeat the request.
 */
export class DeleteAssociation {
  constructor(
    private readonly links: AccountLinkRepository,
    private readonly connector: ConnectorClient,
    private readonly clock: Clock,
    private readonly options: DeleteAssociationOptions = {},
  ) {}

  async execute(input: { readonly associationId: string }): Promise<void> {
    const associationId = assertAssociationId(input.associationId);
    const link = await this.links.findById(associationId);
    if (link === undefined) throw new AssociationNotFound(associationId);
    const readVersion = link.version;
    link.beginDeletion(this.clock.now());
    if (link.version !== readVersion) await this.links.save(link, readVersion);

    const accessToken = link.tokens?.accessToken;
    // A link that never succeeded holds no tokens and names no user: there is nobody to deactivate.
    if (accessToken !== undefined && link.userId !== undefined) {
      await this.connector.deactivateUser(accessToken, Deadline.in(this.options.deadlineMs ?? 10_000, this.clock));
    }
    await this.#remove(link);
  }

  /** The in-process connector may have removed the link already; that, or a later version, is fine. */
  async #remove(link: AccountLink): Promise<void> {
    try {
      await this.links.delete(link.associationId, link.version);
    } catch (error) {
      if (!(error instanceof DomainError && error.code === 'ASSOCIATION_MODIFIED_CONCURRENTLY')) throw error;
    }
  }
}
