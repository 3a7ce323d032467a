import type { Container } from 'inversify';
import { pino } from 'pino';
import type { ConnectorEndpoint } from '../../adapters/connector-envelope/connector-endpoint.js';
import { FastifyServer } from '../../adapters/http/fastify-server.js';
import type { HttpRoutes } from '../../adapters/http/http-routes.js';
import { ConnectorRoutes } from '../../adapters/http/connector-routes.js';
import { CustomerAppRoutes } from '../../adapters/http/customer-app-routes.js';
import { HealthRoutes, type StoreHealthCheck } from '../../adapters/http/health-routes.js';
import { DeviceRoutes } from '../../adapters/http/device-routes.js';
import { LinkingRoutes } from '../../adapters/http/linking-routes.js';
import { PinoLogger } from '../../adapters/logging/pino-logger.js';
import type { AcceptConnectorEvent } from '../../application/accept-connector-event.js';
import type { CompleteLinking } from '../../application/complete-linking.js';
import type { GetDeviceDiscovery } from '../../application/get-device-discovery.js';
import type { GetManagedThingState } from '../../application/get-managed-thing-state.js';
import type { ListDiscoveredDevices } from '../../application/list-discovered-devices.js';
import type { SendManagedThingCommand } from '../../application/send-managed-thing-command.js';
import type { StartDeviceDiscovery } from '../../application/start-device-discovery.js';
import type { DeleteAssociation } from '../../application/delete-association.js';
import type { GetAssociation } from '../../application/get-association.js';
import type { ListAssociations } from '../../application/list-associations.js';
import type { UpdateAssociation } from '../../application/update-association.js';
import type { RefreshAssociation } from '../../application/refresh-association.js';
import type { Logger } from '../../application/ports/logger.js';
import type { StartLinking } from '../../application/start-linking.js';
import type { AppConfig } from '../config/app-config.js';
import { TOKENS } from '../tokens.js';
import { bindEmulatedDevices } from './emulated-devices-module.js';

/**
 * The HTTP entry: its route groups over the composed container, and the fastify server that mounts them.
 * Loaded with `import()` when the HTTP entry is used, so that a Lambda never loads fastify or the pages.
 */
export function createHttpServer(container: Container, config: AppConfig, servesConnector: boolean, storeHealth?: StoreHealthCheck): FastifyServer {
  bindHttpRoutes(container, config, servesConnector, storeHealth);
  const logger = container.get<Logger>(TOKENS.Logger);
  // The service outlives its requests: its access lines need not be on stdout before each answer.
  if (logger instanceof PinoLogger) logger.bufferWrites(pino.destination({ dest: 1, sync: false }));
  return new FastifyServer(container.getAll<HttpRoutes>(TOKENS.HttpRoutes), config.http, logger);
}

function bindHttpRoutes(container: Container, config: AppConfig, servesConnector: boolean, storeHealth: StoreHealthCheck | undefined): void {
  container.bind(TOKENS.HttpRoutes).toResolvedValue(() => new HealthRoutes(storeHealth));
  if (servesConnector) {
    container
      .bind(TOKENS.HttpRoutes)
      .toResolvedValue((endpoint: ConnectorEndpoint) => new ConnectorRoutes(endpoint), [TOKENS.ConnectorEndpoint]);
  }
  const linking = config.linking;
  if (linking !== undefined) {
    // Discoveries and things live in this process and are reached only through these routes, so they are
    // bound here, not with the linking flow: a Lambda that keeps links for DeactivateUser never carries them.
    bindEmulatedDevices(container, linking);
    container
      .bind(TOKENS.HttpRoutes)
      .toResolvedValue(
        (
          startLinking: StartLinking,
          getAssociation: GetAssociation,
          listAssociations: ListAssociations,
          updateAssociation: UpdateAssociation,
          refreshAssociation: RefreshAssociation,
          completeLinking: CompleteLinking,
          deleteAssociation: DeleteAssociation,
        ) =>
          new LinkingRoutes(
            { startLinking, getAssociation, listAssociations, updateAssociation, refreshAssociation, completeLinking, deleteAssociation },
            { callbackPath: new URL(linking.callbackUrl).pathname, apiKey: linking.apiKey },
          ),
        [
          TOKENS.StartLinking,
          TOKENS.GetAssociation,
          TOKENS.ListAssociations,
          TOKENS.UpdateAssociation,
          TOKENS.RefreshAssociation,
          TOKENS.CompleteLinking,
          TOKENS.DeleteAssociation,
        ],
      );
    container
      .bind(TOKENS.HttpRoutes)
      .toResolvedValue(
        (
          startDeviceDiscovery: StartDeviceDiscovery,
          getDeviceDiscovery: GetDeviceDiscovery,
          listDiscoveredDevices: ListDiscoveredDevices,
          acceptConnectorEvent: AcceptConnectorEvent,
          sendManagedThingCommand: SendManagedThingCommand,
          getManagedThingState: GetManagedThingState,
        ) =>
          new DeviceRoutes(
            { startDeviceDiscovery, getDeviceDiscovery, listDiscoveredDevices, acceptConnectorEvent, sendManagedThingCommand, getManagedThingState },
            { apiKey: linking.apiKey },
          ),
        [
          TOKENS.StartDeviceDiscovery,
          TOKENS.GetDeviceDiscovery,
          TOKENS.ListDiscoveredDevices,
          TOKENS.AcceptConnectorEvent,
          TOKENS.SendManagedThingCommand,
          TOKENS.GetManagedThingState,
        ],
      );
  }
  if (config.customerApp) {
    const oauthRedirectUrl = linking?.oauthRedirectUrl;
    container
      .bind(TOKENS.HttpRoutes)
      .toResolvedValue(() => new CustomerAppRoutes(oauthRedirectUrl === undefined ? {} : { oauthRedirectUrl }));
  }
}
