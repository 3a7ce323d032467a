import { InvalidRequest } from '../domain/errors/invalid-request.js';
import type { UserIdentity } from '../domain/user-identity.js';
import type { ConnectorResult, IdentifiedRequest } from './connector-request.js';
import type { Deadline } from './deadline.js';
import { discoveredDeviceOf } from './discovered-device.js';
import type { InvocationMemory } from './invocation-memory.js';
import type { ConnectorEvents } from './ports/connector-events.js';
import type { DeviceCloud } from './ports/device-cloud.js';
import type { UserOperationHandler } from './user-operation-handler.js';

export const DISCOVER_DEVICES = 'AWS.DiscoverDevices';

/** DeviceDiscoveryId. */
export const DEVICE_DISCOVERY_ID_PATTERN = /^[A-Za-z0-9]{1,200}$/;

/**
 * `AWS.DiscoverDevices`: lists the user's devices at the platform and reports them in one DEVICE_DISCOVERY
 * event under the request's `deviceDiscoveryId`, then answers the acknowledgement. Managed integrations
 * reads the devices from the event, never from the answer. Both happen within the invocation: a Lambda is
 * frozen once it answers, so work left for after the answer might never run. A failure of either step fails
 * the invocation (retried when a retry may cure it); a retry repeats only the step that failed.
 */
export class DiscoverDevicesOperation implements UserOperationHandler {
  readonly operationName = DISCOVER_DEVICES;

  constructor(
    private readonly cloud: DeviceCloud,
    private readonly events: ConnectorEvents,
    private readonly memory: InvocationMemory,
  ) {}

  async handle(request: IdentifiedRequest, identity: UserIdentity, deadline: Deadline): Promise<ConnectorResult> {
    const deviceDiscoveryId = request.payload['deviceDiscoveryId'];
    if (typeof deviceDiscoveryId !== 'string' || !DEVICE_DISCOVERY_ID_PATTERN.test(deviceDiscoveryId)) {
      throw new InvalidRequest('payload.deviceDiscoveryId must be 1 to 200 of [A-Za-z0-9].');
    }
    const { userId } = identity;
    const invocation = [DISCOVER_DEVICES, request.connectorId, userId, deviceDiscoveryId].join('\n');
    const { value: devices } = await this.memory.once(`${invocation}\ndevices`, async () =>
      (await this.cloud.devicesOf(request.auth, deadline)).map(discoveredDeviceOf),
    );
    await this.memory.once(`${invocation}\nevent`, () =>
      this.events.send(request.connectorId, { operation: 'DEVICE_DISCOVERY', userId, deviceDiscoveryId, statusCode: 200, devices }, deadline),
    );
    return {
      responseMessage: `Device discovery ${deviceDiscoveryId} acknowledged for connector-id ${request.connectorId}.`,
      deviceDiscoveryId,
    };
  }
}
