import 'reflect-metadata';
import type { AxiosInstance } from 'axios';
import { Container } from 'inversify';
import { OperationRouter } from '../application/operation-router.js';
import { DeleteAssociation } from '../application/delete-association.js';
import { ConnectorEndpoint } from '../adapters/connector-envelope/connector-endpoint.js';
import { ConnectorRoutes } from '../adapters/http/connector-routes.js';
import { FastifyServer } from '../adapters/http/fastify-server.js';
import { HealthRoutes } from '../adapters/http/health-routes.js';
import type { HttpRoutes } from '../adapters/http/http-routes.js';
import { AuthorizationRequest } from '../application/authorization-request.js';
import { CompleteLinking } from '../application/complete-linking.js';
import { GetAssociation } from '../application/get-association.js';
import type { AccountLinkRepository } from '../application/ports/account-link-repository.js';
import type { Clock } from '../application/ports/clock.js';
import type { ConnectorClient } from '../application/ports/connector-client.js';
import type { SecretGenerator } from '../application/ports/secret-generator.js';
import type { TokenExchanger } from '../application/ports/token-exchanger.js';
import { RefreshAssociation } from '../application/refresh-association.js';
import { StartLinking } from '../application/start-linking.js';
import { HttpConnectorClient } from '../adapters/connector-client/http-connector-client.js';
import { InProcessConnectorClient } from '../adapters/connector-client/in-process-connector-client.js';
import { NodeSecretGenerator } from '../adapters/crypto/node-secret-generator.js';
import { LinkingRoutes } from '../adapters/http/linking-routes.js';
import { CustomerAppRoutes } from '../adapters/http/customer-app-routes.js';
import { AxiosTokenExchanger } from '../adapters/oauth/axios-token-exchanger.js';
import { DynamoDbAccountLinkRepository } from '../adapters/persistence/dynamo-db-account-link-repository.js';
import type { AppConfig, LinkingConfig } from './config/app-config.js';
import type { OpenStorage } from './open-storage.js';
import { bindConnector } from './connector-container.js';
import { TOKENS } from './tokens.js';
import type { Logger } from '../application/ports/logger.js';

/**
 * The composition root: the only place that knows every class. Everything is a singleton resolved on
 * first use, so a binding can be replaced (`container.rebind(TOKENS.X)`) until the entry is resolved.
 */
export function buildContainer(config: AppConfig, runtime: ContainerRuntime = {}): Container {
  const container = new Container({ defaultScope: 'Singleton' });
  bindConnector(container, config);

  container.bind(TOKENS.HttpRoutes).toResolvedValue(() => new HealthRoutes());
  if (config.connector.identitySources.length > 0) {
    container
      .bind(TOKENS.HttpRoutes)
      .toResolvedValue((endpoint: ConnectorEndpoint) => new ConnectorRoutes(endpoint), [TOKENS.ConnectorEndpoint]);
  }
  if (config.linking !== undefined) bindLinking(container, config.linking, runtime);
  if (config.customerApp) {
    const oauthRedirectUrl = config.linking?.oauthRedirectUrl;
    container.bind(TOKENS.HttpRoutes).toResolvedValue(() => new CustomerAppRoutes(oauthRedirectUrl === undefined ? {} : { oauthRedirectUrl }));
  }
  container
    .bind(TOKENS.HttpServer)
    .toResolvedValue(
      (routes: HttpRoutes[], logger: Logger) => new FastifyServer(routes, config.http, logger),
      [{ serviceIdentifier: TOKENS.HttpRoutes, isMultiple: true }, TOKENS.Logger],
    );
  return container;
}

/** What exists only once the process has started things: the open store of the linking flow. */
export interface ContainerRuntime {
  readonly storage?: OpenStorage;
}

function bindLinking(container: Container, linking: LinkingConfig, runtime: ContainerRuntime): void {
  container.bind(TOKENS.SecretGenerator).toConstantValue(new NodeSecretGenerator());
  container.bind(TOKENS.Storage).toDynamicValue(() => {
    if (runtime.storage === undefined) {
      throw new Error('The linking store is not open: pass openStorage(config.linking.storage) to buildContainer, or rebind TOKENS.AccountLinkRepository.');
    }
    return runtime.storage;
  });
  container
    .bind(TOKENS.AccountLinkRepository)
    .toResolvedValue(
      (storage: OpenStorage, clock: Clock) =>
        new DynamoDbAccountLinkRepository({ client: storage.client, cipher: storage.cipher, tableName: storage.tableName, clock }),
      [TOKENS.Storage, TOKENS.Clock],
    );
  container
    .bind(TOKENS.TokenExchanger)
    .toResolvedValue((http: AxiosInstance, clock: Clock) => new AxiosTokenExchanger(http, clock, linking.tokenExchange), [TOKENS.HttpClient, TOKENS.Clock]);
  if (linking.connectorUrl === undefined) {
    container
      .bind(TOKENS.ConnectorClient)
      .toResolvedValue(
        (router: OperationRouter) => new InProcessConnectorClient(router, { connectorId: linking.connectorId }),
        [TOKENS.OperationRouter],
      );
  } else {
    const url = linking.connectorUrl;
    container
      .bind(TOKENS.ConnectorClient)
      .toResolvedValue(
        (http: AxiosInstance) => new HttpConnectorClient(http, { url, connectorId: linking.connectorId }),
        [TOKENS.HttpClient],
      );
  }
  container
    .bind(TOKENS.AuthorizationRequest)
    .toResolvedValue(
      (secrets: SecretGenerator, clock: Clock) => new AuthorizationRequest(secrets, clock, linking.authorization),
      [TOKENS.SecretGenerator, TOKENS.Clock],
    );
  container
    .bind(TOKENS.StartLinking)
    .toResolvedValue(
      (links: AccountLinkRepository, secrets: SecretGenerator, authorization: AuthorizationRequest, clock: Clock) =>
        new StartLinking(links, secrets, authorization, clock),
      [TOKENS.AccountLinkRepository, TOKENS.SecretGenerator, TOKENS.AuthorizationRequest, TOKENS.Clock],
    );
  container
    .bind(TOKENS.GetAssociation)
    .toResolvedValue((links: AccountLinkRepository) => new GetAssociation(links), [TOKENS.AccountLinkRepository]);
  container
    .bind(TOKENS.RefreshAssociation)
    .toResolvedValue(
      (links: AccountLinkRepository, authorization: AuthorizationRequest, clock: Clock) =>
        new RefreshAssociation(links, authorization, clock),
      [TOKENS.AccountLinkRepository, TOKENS.AuthorizationRequest, TOKENS.Clock],
    );
  container
    .bind(TOKENS.CompleteLinking)
    .toResolvedValue(
      (links: AccountLinkRepository, exchanger: TokenExchanger, connector: ConnectorClient, clock: Clock) =>
        new CompleteLinking(links, exchanger, connector, clock, {
          oauthRedirectUrl: linking.oauthRedirectUrl,
          callbackUrl: linking.callbackUrl,
          deadlineMs: linking.deadlineMs,
        }),
      [TOKENS.AccountLinkRepository, TOKENS.TokenExchanger, TOKENS.ConnectorClient, TOKENS.Clock],
    );
  container
    .bind(TOKENS.DeleteAssociation)
    .toResolvedValue(
      (links: AccountLinkRepository, connector: ConnectorClient, clock: Clock) =>
        new DeleteAssociation(links, connector, clock, { deadlineMs: linking.deadlineMs }),
      [TOKENS.AccountLinkRepository, TOKENS.ConnectorClient, TOKENS.Clock],
    );
  container
    .bind(TOKENS.HttpRoutes)
    .toResolvedValue(
      (
        startLinking: StartLinking,
        getAssociation: GetAssociation,
        refreshAssociation: RefreshAssociation,
        completeLinking: CompleteLinking,
        deleteAssociation: DeleteAssociation,
      ) =>
        new LinkingRoutes(
          { startLinking, getAssociation, refreshAssociation, completeLinking, deleteAssociation },
          { callbackPath: new URL(linking.callbackUrl).pathname, apiKey: linking.apiKey },
        ),
      [TOKENS.StartLinking, TOKENS.GetAssociation, TOKENS.RefreshAssociation, TOKENS.CompleteLinking, TOKENS.DeleteAssociation],
    );
}
