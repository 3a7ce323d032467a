import type { Container } from 'inversify';
import { InMemoryDeviceRepository } from '../../adapters/devices/in-memory-device-repository.js';
import { AcceptConnectorEvent } from '../../application/accept-connector-event.js';
import type { EnsureFreshAccessToken } from '../../application/ensure-fresh-access-token.js';
import { GetDeviceDiscovery } from '../../application/get-device-discovery.js';
import { GetManagedThingState } from '../../application/get-managed-thing-state.js';
import { ListDiscoveredDevices } from '../../application/list-discovered-devices.js';
import type { AccountLinkRepository } from '../../application/ports/account-link-repository.js';
import type { Clock } from '../../application/ports/clock.js';
import type { ConnectorClient } from '../../application/ports/connector-client.js';
import type { DeviceRepository } from '../../application/ports/device-repository.js';
import type { Logger } from '../../application/ports/logger.js';
import type { SecretGenerator } from '../../application/ports/secret-generator.js';
import { SendManagedThingCommand } from '../../application/send-managed-thing-command.js';
import { StartDeviceDiscovery } from '../../application/start-device-discovery.js';
import type { LinkingConfig } from '../config/app-config.js';
import { TOKENS } from '../tokens.js';

/**
 * The managed-integrations side after linking: device discovery, the connector's events, commands and
 * state, over the linking flow's connector client and token refresh. Discoveries and things are kept in
 * this process's memory (a sandbox's needs; the embedded store keeps only account links).
 */
export function bindEmulatedDevices(container: Container, linking: LinkingConfig): void {
  const operations = { connectorId: linking.connectorId, deadlineMs: linking.deadlineMs };
  container.bind(TOKENS.DeviceRepository).toConstantValue(new InMemoryDeviceRepository());
  container
    .bind(TOKENS.StartDeviceDiscovery)
    .toResolvedValue(
      (
        links: AccountLinkRepository,
        devices: DeviceRepository,
        fresh: EnsureFreshAccessToken,
        connector: ConnectorClient,
        secrets: SecretGenerator,
        clock: Clock,
        logger: Logger,
      ) => new StartDeviceDiscovery(links, devices, fresh, connector, secrets, clock, logger, { ...operations, timeoutMs: linking.discoveryTimeoutMs }),
      [
        TOKENS.AccountLinkRepository,
        TOKENS.DeviceRepository,
        TOKENS.EnsureFreshAccessToken,
        TOKENS.ConnectorClient,
        TOKENS.SecretGenerator,
        TOKENS.Clock,
        TOKENS.Logger,
      ],
    );
  container
    .bind(TOKENS.GetDeviceDiscovery)
    .toResolvedValue((devices: DeviceRepository, clock: Clock) => new GetDeviceDiscovery(devices, clock, linking.arns), [TOKENS.DeviceRepository, TOKENS.Clock]);
  container
    .bind(TOKENS.ListDiscoveredDevices)
    .toResolvedValue((devices: DeviceRepository) => new ListDiscoveredDevices(devices), [TOKENS.DeviceRepository]);
  container
    .bind(TOKENS.AcceptConnectorEvent)
    .toResolvedValue(
      (devices: DeviceRepository, secrets: SecretGenerator, clock: Clock) => new AcceptConnectorEvent(devices, secrets, clock, operations),
      [TOKENS.DeviceRepository, TOKENS.SecretGenerator, TOKENS.Clock],
    );
  container
    .bind(TOKENS.SendManagedThingCommand)
    .toResolvedValue(
      (devices: DeviceRepository, fresh: EnsureFreshAccessToken, connector: ConnectorClient, secrets: SecretGenerator, clock: Clock) =>
        new SendManagedThingCommand(devices, fresh, connector, secrets, clock, operations),
      [TOKENS.DeviceRepository, TOKENS.EnsureFreshAccessToken, TOKENS.ConnectorClient, TOKENS.SecretGenerator, TOKENS.Clock],
    );
  container
    .bind(TOKENS.GetManagedThingState)
    .toResolvedValue((devices: DeviceRepository) => new GetManagedThingState(devices), [TOKENS.DeviceRepository]);
}
