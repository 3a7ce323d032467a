import { AccountLink } from '../domain/account-link.js';
import { assertAssociationDetails, assertClientToken, type AssociationDetails } from '../domain/association-details.js';
import type { AssociationState } from '../domain/association-state.js';
import { ClientTokenReused } from '../domain/errors/client-token-reused.js';
import { DomainError } from '../domain/errors/domain-error.js';
import { AssociationModifiedConcurrently } from '../domain/errors/association-modified-concurrently.js';
import type { AssociationViews } from './association-view.js';
import { connectorDestinationOf } from './connector-destination-of.js';
import type { AccountLinkRepository } from './ports/account-link-repository.js';
import type { Clock } from './ports/clock.js';
import type { ConnectorDestination, ConnectorDestinations } from './ports/connector-destinations.js';
import type { Digest } from './ports/digest.js';
import type { SecretGenerator } from './ports/secret-generator.js';

/** CreateAccountAssociation's parameters; every one optional here (see `connectorDestinationId`). */
export interface StartLinkingInput {
  /** Idempotency: the same token with the same parameters answers the association it created. */
  readonly clientToken?: string | undefined;
  /** Required by managed integrations; here it may be left out while there is a single destination. */
  readonly connectorDestinationId?: string | undefined;
  readonly name?: string | undefined;
  readonly description?: string | undefined;
  readonly tags?: Readonly<Record<string, string>> | undefined;
}

export interface StartedLinking {
  readonly associationId: string;
  /** ASSOCIATION_IN_PROGRESS when created; a repeated request answers the association's state as it is now. */
  readonly state: AssociationState;
  /** Empty when a repeated request finds no round trip pending any more. */
  readonly authorizationUrl: string;
  readonly arn: string;
}

/**
 * CreateAccountAssociation: a new association in progress, and the URL the end user must visit.
 *
 * With a ClientToken the association's id is derived from the token (a digest), so that the store's
 * create-if-absent decides, in one conditional write, between a first request and its retry, however many
 * race. A retry with the same parameters answers the association again, one with other parameters is
 * ClientTokenReused. A token is remembered as long as the association it created exists.
 */
export class StartLinking {
  constructor(
    private readonly links: AccountLinkRepository,
    private readonly secrets: SecretGenerator,
    private readonly destinations: ConnectorDestinations,
    private readonly views: AssociationViews,
    private readonly digest: Digest,
    private readonly clock: Clock,
  ) {}

  /**
   * @throws InvalidRequest for a parameter outside its constraints.
   * @throws ConnectorDestinationNotFound for a destination that does not exist.
   * @throws ClientTokenReused when the token created an association with other parameters.
   */
  async execute(input: StartLinkingInput = {}): Promise<StartedLinking> {
    const destination = await connectorDestinationOf(this.destinations, input.connectorDestinationId);
    const details = assertAssociationDetails({
      connectorDestinationId: destination.id,
      name: input.name,
      description: input.description,
      tags: input.tags,
    });
    if (input.clientToken === undefined) return this.#create(this.secrets.associationId(), destination, details, undefined);

    const clientToken = assertClientToken(input.clientToken);
    const associationId = this.#associationIdOf(clientToken);
    const fingerprint = this.#fingerprintOf(details);
    // Twice at most: the association a first attempt collided with may be deleted before it is read.
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        return await this.#create(associationId, destination, details, fingerprint);
      } catch (error) {
        if (!(error instanceof DomainError && error.code === 'ASSOCIATION_MODIFIED_CONCURRENTLY')) throw error;
      }
      const existing = await this.links.findById(associationId);
      if (existing === undefined) continue;
      if (existing.creationFingerprint !== fingerprint) throw new ClientTokenReused(associationId);
      return this.#started(existing);
    }
    throw new AssociationModifiedConcurrently(associationId);
  }

  async #create(
    associationId: string,
    destination: ConnectorDestination,
    details: AssociationDetails,
    creationFingerprint: string | undefined,
  ): Promise<StartedLinking> {
    const { pending } = destination.authorization.create(associationId);
    const link = AccountLink.start(associationId, pending, this.clock.now(), { ...details, creationFingerprint });
    await this.links.create(link);
    return this.#started(link);
  }

  async #started(link: AccountLink): Promise<StartedLinking> {
    const view = await this.views.of(link);
    return { associationId: view.associationId, state: view.state, authorizationUrl: view.authorizationUrl, arn: view.arn };
  }

  /** 1–64 alphanumerics, as every AccountAssociationId; the prefix keeps these digests apart from any other. */
  #associationIdOf(clientToken: string): string {
    return this.digest.sha256Base64Url(`c2c-account-linking ClientToken\n${clientToken}`).replace(/[^A-Za-z0-9]/g, '');
  }

  /** The parameters as the association records them (the destination resolved, tags in key order). */
  #fingerprintOf(details: AssociationDetails): string {
    const tags = details.tags === undefined ? null : Object.entries(details.tags).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return this.digest.sha256Base64Url(
      JSON.stringify([details.connectorDestinationId, details.name ?? null, details.description ?? null, tags]),
    );
  }
}
