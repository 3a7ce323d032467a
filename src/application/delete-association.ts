import { assertAssociationId } from '../domain/association-id.js';
import { AssociationModifiedConcurrently } from '../domain/errors/association-modified-concurrently.js';
import { AssociationNotFound } from '../domain/errors/association-not-found.js';
import { Deadline } from './deadline.js';
import { LinkDeletion } from './link-deletion.js';
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
 * connector cannot be reached the association stays DELETING and the caller may repeat the request; when
 * it refuses for good (its configuration), the association is as it was, with the reason (see LinkDeletion).
 */
export class DeleteAssociation {
  readonly #deletion: LinkDeletion;

  constructor(
    private readonly links: AccountLinkRepository,
    private readonly connector: ConnectorClient,
    private readonly clock: Clock,
    private readonly options: DeleteAssociationOptions = {},
  ) {
    this.#deletion = new LinkDeletion(links, clock);
  }

  async execute(input: { readonly associationId: string }): Promise<void> {
    const associationId = assertAssociationId(input.associationId);
    const link = await this.links.findById(associationId);
    if (link === undefined) throw new AssociationNotFound(associationId);
    if (!(await this.#deletion.begin(link))) throw new AssociationModifiedConcurrently(associationId);

    const accessToken = link.tokens?.accessToken;
    // A link that never succeeded holds no tokens and names no user: there is nobody to deactivate.
    if (accessToken !== undefined && link.userId !== undefined) {
      try {
        await this.connector.deactivateUser(accessToken, Deadline.in(this.options.deadlineMs ?? 10_000, this.clock));
      } catch (error) {
        await this.#deletion.fail(associationId, error);
        throw error;
      }
    }
    // The in-process connector may have removed the link already; that, or a later version, is fine.
    await this.#deletion.complete(link);
  }
}
