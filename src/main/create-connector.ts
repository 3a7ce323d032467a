import type { Container } from 'inversify';
import type { FastifyServer } from '../adapters/http/fastify-server.js';
import type { ConnectorLambdaHandler } from '../adapters/lambda/lambda-handler.js';
import { Deadline } from '../application/deadline.js';
import type { OperationRouter } from '../application/operation-router.js';
import type { Clock } from '../application/ports/clock.js';
import type { NamedIdentitySource } from '../application/ports/identity-source.js';
import type { Logger } from '../application/ports/logger.js';
import type { AppConfig } from './config/app-config.js';
import { composeApplication, type Composition } from './composition/compose-application.js';
import type { ConnectorExtensions } from './composition/extensions.js';
import { TOKENS } from './tokens.js';

export type { ConnectorExtensions, PortOverrides } from './composition/extensions.js';

/** How long start-up (a Lambda's init phase has 10 s of its own) may spend warming the identity sources up. */
const WARM_UP_BUDGET_MS = 5_000;

export interface Connector {
  /** The Lambda entry: `export const handler = connector.handler`. Waits for `ready` on its first call. */
  readonly handler: ConnectorLambdaHandler;
  /** Settles once the link store is open; rejects with the reason start-up failed (a ConfigurationError names the variable). */
  readonly ready: Promise<void>;
  /** The composed container, for resolving by `TOKENS` (rebind through `extensions.rebind`, before start). */
  readonly container: Container;
  /** The router the handler and `POST /connector` share (after `ready`). */
  router(): Promise<OperationRouter>;
  /** The HTTP entry (`server.app` is the fastify instance), made on first call; fastify is loaded only then. */
  server(): Promise<FastifyServer>;
  /** Starts the HTTP entry on `config.http` and answers its base URL. */
  listen(): Promise<string>;
  /** Where the linking flow keeps its links (for a start-up line), once `ready`; undefined when it keeps none. */
  storeDescription(): string | undefined;
  /** Stops the HTTP entry, if started, and closes the link store. */
  close(): Promise<void>;
}

/**
 * The connector, composed from `config` (see `loadConfig`) and your extensions, and started: the identity
 * sources warm up (the issuers' key sets are fetched) and the configured link store opens. Every entry
 * does exactly this; call it once per process (at a Lambda's cold start, outside the handler).
 * @throws ConfigurationError when an extension cannot apply to this configuration.
 */
export function createConnector(config: AppConfig, extensions: ConnectorExtensions = {}): Connector {
  const composition = composeApplication(config, extensions);
  const { container, identityChain, storeSlot } = composition;
  const logger = container.get<Logger>(TOKENS.Logger);
  let handler: ConnectorLambdaHandler | undefined;
  const ready = start(composition, config).then(() => {
    if (identityChain.length > 0) handler = container.get<ConnectorLambdaHandler>(TOKENS.LambdaHandler);
  });
  ready.catch((error: unknown) => {
    logger.error('connector start failed', { problem: error instanceof Error ? error.message : 'unknown' });
  });
  let server: Promise<FastifyServer> | undefined;

  const whenReady: ConnectorLambdaHandler = async (event, context) => {
    await ready;
    if (handler === undefined) throw new Error('This service runs no connector of its own (C2C_CONNECTOR_URL names the connector).');
    return handler(event, context);
  };
  return {
    handler: (event, context) => (handler === undefined ? whenReady(event, context) : handler(event, context)),
    ready,
    container,
    router: async () => {
      await ready;
      return container.get<OperationRouter>(TOKENS.OperationRouter);
    },
    server() {
      server ??= ready.then(async () => {
        const { createHttpServer } = await import('./composition/http-entry.js');
        const store = storeSlot.store;
        return createHttpServer(container, config, identityChain.length > 0, store === undefined ? undefined : () => store.health());
      });
      return server;
    },
    async listen() {
      return (await this.server()).listen();
    },
    storeDescription: () => storeSlot.store?.description,
    async close() {
      const started = server;
      server = undefined;
      const made = await started?.catch(() => undefined);
      await made?.close();
      await storeSlot.store?.close();
    },
  };
}

async function start({ container, identityChain, storeSlot, opensStore }: Composition, config: AppConfig): Promise<void> {
  if (identityChain.length > 0) {
    const deadline = Deadline.in(WARM_UP_BUDGET_MS, container.get<Clock>(TOKENS.Clock));
    // Not awaited: a source that cannot warm up leaves the work (and its report) to the first invocation.
    for (const { source } of container.get<NamedIdentitySource[]>(TOKENS.IdentitySources)) void source.warmUp?.(deadline);
  }
  const storage = config.linking?.storage;
  if (opensStore && storage !== undefined) {
    const { openAccountLinkStore } = await import('./open-account-link-store.js');
    const clock = container.get<Clock>(TOKENS.Clock);
    storeSlot.fill(await openAccountLinkStore(storage, { ensureTable: storage.kind === 'embedded' || storage.createTable, clock }));
  }
}
