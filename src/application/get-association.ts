import { assertAssociationId } from '../domain/association-id.js';
import { AssociationNotFound } from '../domain/errors/association-not-found.js';
import { viewOf, type AssociationView } from './association-view.js';
import { expireAbandonedLink } from './expire-abandoned-link.js';
import type { AccountLinkRepository } from './ports/account-link-repository.js';
import type { Clock } from './ports/clock.js';

/** GetAccountAssociation: an association whose authorization ran out of time reads ASSOCIATION_FAILED (see expireAbandonedLink). */
export class GetAssociation {
  constructor(
    private readonly links: AccountLinkRepository,
    private readonly clock: Clock,
  ) {}

  async execute(input: { readonly associationId: string }): Promise<AssociationView> {
    const associationId = assertAssociationId(input.associationId);
    const read = await this.links.findById(associationId);
    const link = read === undefined ? undefined : await expireAbandonedLink(this.links, read, this.clock.now());
    if (link === undefined) throw new AssociationNotFound(associationId);
    return viewOf(link);
  }
}
