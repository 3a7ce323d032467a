import { assertAssociationId } from '../domain/association-id.js';
import { AssociationNotFound } from '../domain/errors/association-not-found.js';
import type { AssociationView, AssociationViews } from './association-view.js';
import type { AccountLinkRepository } from './ports/account-link-repository.js';

/** GetAccountAssociation. */
export class GetAssociation {
  constructor(
    private readonly links: AccountLinkRepository,
    private readonly views: AssociationViews,
  ) {}

  async execute(input: { readonly associationId: string }): Promise<AssociationView> {
    const associationId = assertAssociationId(input.associationId);
    const link = await this.links.findById(associationId);
    if (link === undefined) throw new AssociationNotFound(associationId);
    return this.views.of(link);
  }
}
