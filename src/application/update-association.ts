import { assertAssociationId } from '../domain/association-id.js';
import { AssociationNotFound } from '../domain/errors/association-not-found.js';
import type { AccountLinkRepository } from './ports/account-link-repository.js';
import type { Clock } from './ports/clock.js';

export interface UpdateAssociationInput {
  readonly associationId: string;
  readonly name?: string | undefined;
  readonly description?: string | undefined;
}

/** UpdateAccountAssociation: a new Name and/or Description, stored by compare-and-set. */
export class UpdateAssociation {
  constructor(
    private readonly links: AccountLinkRepository,
    private readonly clock: Clock,
  ) {}

  /**
   * @throws AssociationNotFound, InvalidRequest (a value outside its constraints),
   * IllegalAssociationTransition (while it is being deleted), AssociationModifiedConcurrently (a race lost).
   */
  async execute(input: UpdateAssociationInput): Promise<void> {
    const associationId = assertAssociationId(input.associationId);
    const link = await this.links.findById(associationId);
    if (link === undefined) throw new AssociationNotFound(associationId);
    const readVersion = link.version;
    if (link.changeDescription({ name: input.name, description: input.description }, this.clock.now())) {
      await this.links.save(link, readVersion);
    }
  }
}
