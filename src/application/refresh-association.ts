import { assertAssociationId } from '../domain/association-id.js';
import { AssociationNotFound } from '../domain/errors/association-not-found.js';
import { ConnectorDestinationNotFound } from '../domain/errors/connector-destination-not-found.js';
import { destinationOfLink } from './connector-destination-of.js';
import type { AccountLinkRepository } from './ports/account-link-repository.js';
import type { Clock } from './ports/clock.js';
import type { ConnectorDestinations } from './ports/connector-destinations.js';

/** StartAccountAssociationRefresh: a new authorization round trip (relink) for an existing association. */
export class RefreshAssociation {
  constructor(
    private readonly links: AccountLinkRepository,
    private readonly destinations: ConnectorDestinations,
    private readonly clock: Clock,
  ) {}

  /** @throws ConnectorDestinationNotFound when the destination the association was created for is gone. */
  async execute(input: { readonly associationId: string }): Promise<{ readonly authorizationUrl: string }> {
    const associationId = assertAssociationId(input.associationId);
    const link = await this.links.findById(associationId);
    if (link === undefined) throw new AssociationNotFound(associationId);
    const destination = await destinationOfLink(this.destinations, link.connectorDestinationId);
    if (destination === undefined) throw new ConnectorDestinationNotFound(link.connectorDestinationId ?? 'unnamed');
    const readVersion = link.version;
    const { pending, url } = destination.authorization.create(associationId);
    link.restartAuthorization(pending, this.clock.now());
    await this.links.save(link, readVersion);
    return { authorizationUrl: url };
  }
}
