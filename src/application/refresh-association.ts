import { assertAssociationId } from '../domain/association-id.js';
import { AssociationNotFound } from '../domain/errors/association-not-found.js';
import type { AuthorizationRequest } from './authorization-request.js';
import type { AccountLinkRepository } from './ports/account-link-repository.js';
import type { Clock } from './ports/clock.js';

/** StartAccountAssociationRefresh: a new authorization round trip (relink) for an existing association. */
export class RefreshAssociation {
  constructor(
    private readonly links: AccountLinkRepository,
    private readonly authorization: AuthorizationRequest,
    private readonly clock: Clock,
  ) {}

  async execute(input: { readonly associationId: string }): Promise<{ readonly authorizationUrl: string }> {
    const associationId = assertAssociationId(input.associationId);
    const link = await this.links.findById(associationId);
    if (link === undefined) throw new AssociationNotFound(associationId);
    const readVersion = link.version;
    const { pending, url } = this.authorization.create(associationId);
    link.restartAuthorization(pending, this.clock.now());
    await this.links.save(link, readVersion);
    return { authorizationUrl: url };
  }
}
