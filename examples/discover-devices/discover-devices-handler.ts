import { InvalidRequest, type ConnectorRequest, type ConnectorResult, type Deadline, type UserIdentity, type UserOperationHandler } from 'c2c-account-linking';
import type { DeviceCatalog } from './device-catalog.js';
import type { DeviceDiscoveryReporter } from './device-discovery-reporter.js';

export const DISCOVER_DEVICES = 'AWS.DiscoverDevices';

/**
 * `AWS.DiscoverDevices` for a known user: the router has already resolved the token to `identity`, so
 * this handler never sees or parses a token. As managed integrations documents it, discovery is
 * asynchronous: the devices travel in a DEVICE_DISCOVERY event under the request's `deviceDiscoveryId`,
 * and the answer to the invocation is only the acknowledgement. Register it with
 * `createConnector(config, { operations: [...] })`.
 */
export class DiscoverDevicesHandler implements UserOperationHandler {
  readonly operationName = DISCOVER_DEVICES;

  constructor(
    private readonly catalog: DeviceCatalog,
    private readonly reporter: DeviceDiscoveryReporter,
  ) {}

  async handle(request: ConnectorRequest, identity: UserIdentity, deadline: Deadline): Promise<ConnectorResult> {
    const deviceDiscoveryId = request.payload['deviceDiscoveryId'];
    if (typeof deviceDiscoveryId !== 'string' || deviceDiscoveryId.length === 0) {
      throw new InvalidRequest('AWS.DiscoverDevices needs payload.deviceDiscoveryId.');
    }
    const devices = await this.catalog.devicesOf(identity.userId, deadline);
    await this.reporter.report({ deviceDiscoveryId, userId: identity.userId, devices }, deadline);
    return {
      responseMessage: `Device discovery ${deviceDiscoveryId} acknowledged for connector-id ${request.connectorId}.`,
      userId: identity.userId,
    };
  }
}
