import type { Container } from 'inversify';
import type { ConnectorLambdaHandler } from '../adapters/lambda/lambda-handler.js';
import type { FastifyServer } from '../adapters/http/fastify-server.js';
import type { OperationRouter } from '../application/operation-router.js';
import type { AccountLinkRepository } from '../application/ports/account-link-repository.js';
import type { Clock } from '../application/ports/clock.js';
import type { ConnectorClient } from '../application/ports/connector-client.js';
import type { IdentityLookup } from '../application/ports/identity-lookup.js';
import type { SecretGenerator } from '../application/ports/secret-generator.js';
import type { TokenExchanger } from '../application/ports/token-exchanger.js';
import type { TokenRevoker } from '../application/ports/token-revoker.js';
import type { TokenVerifier } from '../application/ports/token-verifier.js';
import type { UserOperationHandler } from '../application/user-operation-handler.js';
import type { AppConfig } from './config/app-config.js';
import { buildContainer } from './container.js';
import type { AccountLinkStore } from './open-account-link-store.js';
import { TOKENS } from './tokens.js';

/** Your own adapters, each replacing the default binding of its port. */
export interface PortOverrides {
  /** The `jwt` identity source. */
  readonly tokenVerifier?: TokenVerifier;
  /** The `userinfo` identity source: e.g. a vendor profile API that is not OIDC. */
  readonly identityLookup?: IdentityLookup;
  readonly accountLinkRepository?: AccountLinkRepository;
  readonly tokenExchanger?: TokenExchanger;
  readonly tokenRevoker?: TokenRevoker;
  readonly connectorClient?: ConnectorClient;
  readonly clock?: Clock;
  readonly secretGenerator?: SecretGenerator;
}

export interface ConnectorOverrides {
  readonly ports?: PortOverrides;
  /** Handlers of further operations (`AWS.DiscoverDevices`, `AWS.SendCommand`, ...), one per operation. */
  readonly operations?: readonly UserOperationHandler[];
  /** The open link store of the linking flow, from `openAccountLinkStore(config.linking.storage, options)`. */
  readonly storage?: AccountLinkStore;
}

export interface Connector {
  /** The Lambda entry: `export const handler = connector.handler`. */
  readonly handler: ConnectorLambdaHandler;
  /** The router the handler and `POST /connector` share. */
  readonly router: OperationRouter;
  /** The HTTP entry (`server.app` is the fastify instance), built on first use. */
  readonly server: FastifyServer;
}

const PORT_TOKENS: { readonly [K in keyof Required<PortOverrides>]: symbol } = {
  tokenVerifier: TOKENS.TokenVerifier,
  identityLookup: TOKENS.IdentityLookup,
  accountLinkRepository: TOKENS.AccountLinkRepository,
  tokenExchanger: TOKENS.TokenExchanger,
  tokenRevoker: TOKENS.TokenRevoker,
  connectorClient: TOKENS.ConnectorClient,
  clock: TOKENS.Clock,
  secretGenerator: TOKENS.SecretGenerator,
};

/**
 * The connector, composed from `config` (see `loadConfig`) with your adapters and operations in place of or
 * next to the built-in ones. Call it once per process (at a Lambda's cold start, outside the handler).
 */
export function createConnector(config: AppConfig, overrides: ConnectorOverrides = {}): Connector {
  const container = buildContainer(config, overrides.storage === undefined ? {} : { storage: overrides.storage });
  applyOverrides(container, overrides);
  const handler = container.get<ConnectorLambdaHandler>(TOKENS.LambdaHandler);
  const router = container.get<OperationRouter>(TOKENS.OperationRouter);
  let server: FastifyServer | undefined;
  return {
    handler,
    router,
    get server() {
      server ??= container.get<FastifyServer>(TOKENS.HttpServer);
      return server;
    },
  };
}

function applyOverrides(container: Container, overrides: ConnectorOverrides): void {
  for (const [name, implementation] of Object.entries(overrides.ports ?? {})) {
    if (implementation === undefined) continue;
    const token = PORT_TOKENS[name as keyof PortOverrides];
    if (token === undefined) throw new Error(`createConnector: "${name}" is not a port that can be overridden.`);
    if (container.isBound(token)) container.unbind(token);
    container.bind(token).toConstantValue(implementation);
  }
  for (const operation of overrides.operations ?? []) {
    container.bind(TOKENS.UserOperationHandler).toConstantValue(operation);
  }
}
