import type { AccountLink } from '../domain/account-link.js';
import type { AssociationState } from '../domain/association-state.js';
import type { AccountAssociationArns } from './account-association-arns.js';
import { destinationOfLink } from './connector-destination-of.js';
import type { Clock } from './ports/clock.js';
import type { ConnectorDestinations } from './ports/connector-destinations.js';

/** What may be shown of an association: never its tokens or PKCE verifier. */
export interface AssociationView {
  readonly associationId: string;
  readonly state: AssociationState;
  readonly userId: string | undefined;
  readonly errorMessage: string | undefined;
  readonly arn: string;
  /** Undefined only for a link stored before destinations when several exist. */
  readonly connectorDestinationId: string | undefined;
  readonly name: string | undefined;
  readonly description: string | undefined;
  readonly tags: Readonly<Record<string, string>> | undefined;
  /** The URL of the round trip in flight; empty when none is pending (managed integrations' rule). */
  readonly authorizationUrl: string;
}

/** Builds the views of links, with what the link does not hold itself: its Arn and its pending URL. */
export class AssociationViews {
  constructor(
    private readonly destinations: ConnectorDestinations,
    private readonly arns: AccountAssociationArns,
    private readonly clock: Clock,
  ) {}

  async of(link: AccountLink): Promise<AssociationView> {
    const destination = await destinationOfLink(this.destinations, link.connectorDestinationId);
    const pending = link.pending;
    const awaiting = pending !== undefined && link.isAwaitingCallback(this.clock.now());
    return {
      associationId: link.associationId,
      state: link.state,
      userId: link.userId,
      errorMessage: link.errorMessage,
      arn: this.arns.of(link.associationId),
      connectorDestinationId: link.connectorDestinationId ?? destination?.id,
      name: link.name,
      description: link.description,
      tags: link.tags,
      authorizationUrl: awaiting && destination !== undefined ? destination.authorization.urlOf(link.associationId, pending) : '',
    };
  }
}
