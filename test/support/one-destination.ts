import { NodeDigest } from '#adapters/crypto/node-digest.js';
import { InMemoryConnectorDestinations } from '#adapters/destinations/in-memory-connector-destinations.js';
import { AccountAssociationArns } from '#application/account-association-arns.js';
import { AssociationViews } from '#application/association-view.js';
import { AuthorizationRequest, type AuthorizationRequestOptions } from '#application/authorization-request.js';
import { GetAssociation } from '#application/get-association.js';
import type { AccountLinkRepository } from '#application/ports/account-link-repository.js';
import type { Clock } from '#application/ports/clock.js';
import type { SecretGenerator } from '#application/ports/secret-generator.js';
import { RefreshAssociation } from '#application/refresh-association.js';
import { StartLinking } from '#application/start-linking.js';

/**
 * The association use cases of the application layer over one connector destination (`default`) whose round
 * trips go to `https://idp.example.com/authorize` as `client-1` with `openid offline_access`, unless `options`
 * says otherwise; ARNs in us-east-1 of account 000000000000.
 */
export function oneDestination(
  links: AccountLinkRepository,
  secrets: SecretGenerator,
  clock: Clock,
  options: Partial<AuthorizationRequestOptions> & Pick<AuthorizationRequestOptions, 'callbackUrl'>,
) {
  const digest = new NodeDigest();
  const authorization = new AuthorizationRequest(
    secrets,
    clock,
    { authorizationUrl: 'https://idp.example.com/authorize', clientId: 'client-1', scope: 'openid offline_access', ...options },
    digest,
  );
  const destinations = new InMemoryConnectorDestinations([{ id: 'default', authorization }]);
  const views = new AssociationViews(destinations, new AccountAssociationArns({ region: 'us-east-1', accountId: '000000000000' }), clock);
  return {
    authorization,
    start: new StartLinking(links, secrets, destinations, views, digest, clock),
    get: new GetAssociation(links, views, clock),
    refresh: new RefreshAssociation(links, destinations, clock),
  };
}
