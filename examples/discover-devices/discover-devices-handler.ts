import type { ConnectorRequest, ConnectorResult, Deadline, UserIdentity, UserOperationHandler } from 'c2c-account-linking';
import type { DeviceCatalog } from './device-catalog.js';

export const DISCOVER_DEVICES = 'AWS.DiscoverDevices';

/**
 * `AWS.DiscoverDevices` for a known user: the router has already resolved the token to `identity`, so
 * this handler never sees or parses a token. Register it with `createConnector(config, { operations: [...] })`.
 */
export class DiscoverDevicesHandler implements UserOperationHandler {
  readonly operationName = DISCOVER_DEVICES;

  constructor(private readonly catalog: DeviceCatalog) {}

  async handle(request: ConnectorRequest, identity: UserIdentity, deadline: Deadline): Promise<ConnectorResult> {
    const devices = await this.catalog.devicesOf(identity.userId, deadline);
    // A production connector also reports the devices to managed integrations (SendConnectorEvent,
    // DEVICE_DISCOVERY); the answer here is the synchronous acknowledgement with what was found.
    return {
      responseMessage: `Discovered ${devices.length} devices for connector-id ${request.connectorId}.`,
      userId: identity.userId,
      devices: devices.map((device) => ({ connectorDeviceId: device.id, connectorDeviceName: device.name, model: device.model })),
    };
  }
}
