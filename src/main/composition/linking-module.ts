import type { AxiosInstance } from 'axios';
import type { Container } from 'inversify';
import { HttpConnectorClient } from '../../adapters/connector-client/http-connector-client.js';
import { InProcessConnectorClient } from '../../adapters/connector-client/in-process-connector-client.js';
import { NodeSecretGenerator } from '../../adapters/crypto/node-secret-generator.js';
import { JoseIdTokenVerifier } from '../../adapters/jwt/jose-id-token-verifier.js';
import { UncheckedIdTokens } from '../../adapters/jwt/unchecked-id-tokens.js';
import { AxiosTokenExchanger } from '../../adapters/oauth/axios-token-exchanger.js';
import { InMemoryConnectorDestinations } from '../../adapters/destinations/in-memory-connector-destinations.js';
import { NoTokenRevoker } from '../../adapters/oauth/no-token-revoker.js';
import { AccountAssociationArns } from '../../application/account-association-arns.js';
import { AssociationViews } from '../../application/association-view.js';
import { AuthorizationRequest } from '../../application/authorization-request.js';
import { CompleteLinking } from '../../application/complete-linking.js';
import { DeleteAssociation } from '../../application/delete-association.js';
import { EnsureFreshAccessToken } from '../../application/ensure-fresh-access-token.js';
import { GetAssociation } from '../../application/get-association.js';
import { ListAssociations } from '../../application/list-associations.js';
import type { ConnectorDestinations } from '../../application/ports/connector-destinations.js';
import type { Digest } from '../../application/ports/digest.js';
import type { OperationRouter } from '../../application/operation-router.js';
import type { AccountLinkRepository } from '../../application/ports/account-link-repository.js';
import type { Clock } from '../../application/ports/clock.js';
import type { ConnectorClient } from '../../application/ports/connector-client.js';
import type { IdTokenVerifier } from '../../application/ports/id-token-verifier.js';
import type { Logger } from '../../application/ports/logger.js';
import type { SecretGenerator } from '../../application/ports/secret-generator.js';
import type { TokenExchanger } from '../../application/ports/token-exchanger.js';
import type { TokenRefresher } from '../../application/ports/token-refresher.js';
import type { TokenRevoker } from '../../application/ports/token-revoker.js';
import { TokenRefreshPolicy } from '../../domain/token-refresh-policy.js';
import { RefreshAssociation } from '../../application/refresh-association.js';
import { StartLinking } from '../../application/start-linking.js';
import { UpdateAssociation } from '../../application/update-association.js';
import type { AppConfig, LinkingConfig } from '../config/app-config.js';
import { ConfigurationError } from '../config/configuration-error.js';
import { TOKENS } from '../tokens.js';
import { LINKING_ONLY_PORTS, type PortOverrides } from './extensions.js';
import { tokenRevokerOnFirstUse } from './on-first-use.js';

/** The managed-integrations side of account linking: associations, the callback, the code exchange. */
export function bindLinking(container: Container, config: AppConfig, ports: PortOverrides): void {
  const linking = config.linking;
  if (linking === undefined) {
    refuseLinkingPorts(ports);
    return;
  }
  bindPorts(container, linking, ports);
  bindIdTokenVerifier(container, config, linking);
  container
    .bind(TOKENS.AuthorizationRequest)
    .toResolvedValue(
      (secrets: SecretGenerator, clock: Clock, digest: Digest) => new AuthorizationRequest(secrets, clock, linking.authorization, digest),
      [TOKENS.SecretGenerator, TOKENS.Clock, TOKENS.Digest],
    );
  // One destination, from the C2C_* linking variables; the use cases see only the port.
  container
    .bind(TOKENS.ConnectorDestinations)
    .toResolvedValue(
      (authorization: AuthorizationRequest) => new InMemoryConnectorDestinations([{ id: linking.connectorDestinationId, authorization }]),
      [TOKENS.AuthorizationRequest],
    );
  container
    .bind(TOKENS.AssociationViews)
    .toResolvedValue(
      (destinations: ConnectorDestinations, clock: Clock) => new AssociationViews(destinations, new AccountAssociationArns(linking.arns), clock),
      [TOKENS.ConnectorDestinations, TOKENS.Clock],
    );
  container
    .bind(TOKENS.StartLinking)
    .toResolvedValue(
      (links: AccountLinkRepository, secrets: SecretGenerator, destinations: ConnectorDestinations, views: AssociationViews, digest: Digest, clock: Clock) =>
        new StartLinking(links, secrets, destinations, views, digest, clock),
      [TOKENS.AccountLinkRepository, TOKENS.SecretGenerator, TOKENS.ConnectorDestinations, TOKENS.AssociationViews, TOKENS.Digest, TOKENS.Clock],
    );
  container
    .bind(TOKENS.GetAssociation)
    .toResolvedValue(
      (links: AccountLinkRepository, views: AssociationViews, clock: Clock) => new GetAssociation(links, views, clock),
      [TOKENS.AccountLinkRepository, TOKENS.AssociationViews, TOKENS.Clock],
    );
  container
    .bind(TOKENS.ListAssociations)
    .toResolvedValue(
      (links: AccountLinkRepository, views: AssociationViews, clock: Clock) => new ListAssociations(links, views, clock),
      [TOKENS.AccountLinkRepository, TOKENS.AssociationViews, TOKENS.Clock],
    );
  container
    .bind(TOKENS.UpdateAssociation)
    .toResolvedValue((links: AccountLinkRepository, clock: Clock) => new UpdateAssociation(links, clock), [TOKENS.AccountLinkRepository, TOKENS.Clock]);
  container
    .bind(TOKENS.RefreshAssociation)
    .toResolvedValue(
      (links: AccountLinkRepository, destinations: ConnectorDestinations, clock: Clock) => new RefreshAssociation(links, destinations, clock),
      [TOKENS.AccountLinkRepository, TOKENS.ConnectorDestinations, TOKENS.Clock],
    );
  container
    .bind(TOKENS.CompleteLinking)
    .toResolvedValue(
      (
        links: AccountLinkRepository,
        exchanger: TokenExchanger,
        connector: ConnectorClient,
        idTokens: IdTokenVerifier,
        revoker: TokenRevoker,
        clock: Clock,
        logger: Logger,
      ) =>
        new CompleteLinking(links, exchanger, connector, idTokens, revoker, clock, logger, {
          oauthRedirectUrl: linking.oauthRedirectUrl,
          callbackUrl: linking.callbackUrl,
          deadlineMs: linking.deadlineMs,
        }),
      [
        TOKENS.AccountLinkRepository,
        TOKENS.TokenExchanger,
        TOKENS.ConnectorClient,
        TOKENS.IdTokenVerifier,
        TOKENS.LinkingTokenRevoker,
        TOKENS.Clock,
        TOKENS.Logger,
      ],
    );
  container
    .bind(TOKENS.EnsureFreshAccessToken)
    .toResolvedValue(
      (links: AccountLinkRepository, refresher: TokenRefresher, secrets: SecretGenerator, clock: Clock) =>
        new EnsureFreshAccessToken(links, refresher, secrets, clock, new TokenRefreshPolicy(linking.tokenRefresh), {
          deadlineMs: linking.deadlineMs,
        }),
      [TOKENS.AccountLinkRepository, TOKENS.TokenRefresher, TOKENS.SecretGenerator, TOKENS.Clock],
    );
  container
    .bind(TOKENS.DeleteAssociation)
    .toResolvedValue(
      (links: AccountLinkRepository, connector: ConnectorClient, clock: Clock, fresh: EnsureFreshAccessToken, revoker: TokenRevoker) =>
        new DeleteAssociation(links, connector, clock, { deadlineMs: linking.deadlineMs }, { fresh, revoker }),
      [TOKENS.AccountLinkRepository, TOKENS.ConnectorClient, TOKENS.Clock, TOKENS.EnsureFreshAccessToken, TOKENS.LinkingTokenRevoker],
    );
}

/** Without C2C_OIDC_ISSUER there is no key set to check an ID token with: it is ignored, never read. */
function bindIdTokenVerifier(container: Container, config: AppConfig, linking: LinkingConfig): void {
  const options = linking.idToken;
  if (options === undefined) {
    container.bind(TOKENS.IdTokenVerifier).toConstantValue(new UncheckedIdTokens());
    return;
  }
  container
    .bind(TOKENS.IdTokenVerifier)
    .toResolvedValue(
      (http: AxiosInstance, clock: Clock, logger: Logger) => new JoseIdTokenVerifier(http, clock, logger, { ...options, retry: config.retry }),
      [TOKENS.HttpClient, TOKENS.Clock, TOKENS.Logger],
    );
}

function bindPorts(container: Container, linking: LinkingConfig, ports: PortOverrides): void {
  const { tokenExchanger, connectorClient, secretGenerator } = ports;
  container.bind(TOKENS.SecretGenerator).toConstantValue(secretGenerator ?? new NodeSecretGenerator());
  container
    .bind(TOKENS.TokenRefresher)
    .toResolvedValue(
      (http: AxiosInstance, clock: Clock) => new AxiosTokenExchanger(http, clock, linking.tokenExchange),
      [TOKENS.HttpClient, TOKENS.Clock],
    );
  if (tokenExchanger !== undefined) container.bind(TOKENS.TokenExchanger).toConstantValue(tokenExchanger);
  else {
    container
      .bind(TOKENS.TokenExchanger)
      .toResolvedValue(
        (http: AxiosInstance, clock: Clock) => new AxiosTokenExchanger(http, clock, linking.tokenExchange),
        [TOKENS.HttpClient, TOKENS.Clock],
      );
  }
  const { revocation } = linking;
  if (revocation === undefined) container.bind(TOKENS.LinkingTokenRevoker).toConstantValue(new NoTokenRevoker());
  else {
    container.bind(TOKENS.LinkingTokenRevoker).toResolvedValue(
      (http: AxiosInstance) =>
        tokenRevokerOnFirstUse(async () => {
          const { AxiosTokenRevoker } = await import('../../adapters/oauth/axios-token-revoker.js');
          return new AxiosTokenRevoker(http, revocation);
        }),
      [TOKENS.HttpClient],
    );
  }
  const { connectorUrl: url, connectorId } = linking;
  if (connectorClient !== undefined) container.bind(TOKENS.ConnectorClient).toConstantValue(connectorClient);
  else if (url === undefined) {
    container
      .bind(TOKENS.ConnectorClient)
      .toResolvedValue((router: OperationRouter) => new InProcessConnectorClient(router, { connectorId }), [TOKENS.OperationRouter]);
  } else {
    container
      .bind(TOKENS.ConnectorClient)
      .toResolvedValue((http: AxiosInstance) => new HttpConnectorClient(http, { url, connectorId }), [TOKENS.HttpClient]);
  }
}

function refuseLinkingPorts(ports: PortOverrides): void {
  const given = LINKING_ONLY_PORTS.filter((name) => ports[name] !== undefined);
  if (given.length === 0) return;
  throw new ConfigurationError(
    given.map((name) => ({
      variable: `ports.${name}`,
      problem: 'is used only by the linking flow, which is not configured (set C2C_AUTHORIZATION_URL, C2C_TOKEN_URL and C2C_OAUTH_REDIRECT_URL)',
    })),
  );
}
