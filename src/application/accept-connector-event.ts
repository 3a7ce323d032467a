import type { DiscoveredDeviceRecord } from '../domain/devices/device-discovery.js';
import { ManagedThing, type EndpointState } from '../domain/devices/managed-thing.js';
import { ConnectorEventRefused } from '../domain/errors/connector-event-refused.js';
import { DeviceResourceNotFound } from '../domain/errors/device-resource-not-found.js';
import type { Clock } from './ports/clock.js';
import type { DeviceRepository } from './ports/device-repository.js';
import type { SecretGenerator } from './ports/secret-generator.js';

/** A device of a DEVICE_DISCOVERY event, its capability report read as endpoint states. */
export interface ReportedDevice {
  readonly connectorDeviceId: string;
  readonly connectorDeviceName?: string | undefined;
  readonly deviceTypes: readonly string[];
  readonly endpoints: readonly EndpointState[];
}

interface EventCommon {
  readonly connectorId: string;
  readonly userId?: string | undefined;
  readonly statusCode?: number | undefined;
}

/** SendConnectorEvent's request, checked against its constraints (the HTTP adapter does that). */
export type IncomingConnectorEvent =
  | (EventCommon & { readonly operation: 'DEVICE_DISCOVERY'; readonly deviceDiscoveryId: string; readonly devices: readonly ReportedDevice[] })
  | (EventCommon & {
      readonly operation: 'DEVICE_COMMAND_RESPONSE';
      readonly traceId: string;
      readonly connectorDeviceId?: string | undefined;
      readonly endpoint?: EndpointState | undefined;
    })
  | (EventCommon & { readonly operation: 'DEVICE_EVENT'; readonly connectorDeviceId: string; readonly endpoint?: EndpointState | undefined });

/**
 * SendConnectorEvent: a connector's DEVICE_DISCOVERY (the discovery's devices, each a managed thing of the
 * association), DEVICE_COMMAND_RESPONSE and DEVICE_EVENT (the thing's reported state). An event is taken
 * only from the connector the discovery, command or thing is of, and only about the association's user.
 */
export class AcceptConnectorEvent {
  constructor(
    private readonly devices: DeviceRepository,
    private readonly secrets: SecretGenerator,
    private readonly clock: Clock,
    private readonly options: { readonly connectorId: string },
  ) {}

  /** @throws ConnectorEventRefused (another connector, another user); DeviceResourceNotFound (unknown discovery, trace or device). */
  async execute(event: IncomingConnectorEvent): Promise<void> {
    if (event.connectorId !== this.options.connectorId) throw new ConnectorEventRefused('it names a connector this service does not know');
    switch (event.operation) {
      case 'DEVICE_DISCOVERY':
        return this.#discovered(event);
      case 'DEVICE_COMMAND_RESPONSE':
        return this.#commandResponse(event);
      case 'DEVICE_EVENT':
        return this.#deviceEvent(event);
    }
  }

  async #discovered(event: Extract<IncomingConnectorEvent, { operation: 'DEVICE_DISCOVERY' }>): Promise<void> {
    const discovery = await this.devices.findDiscovery(event.deviceDiscoveryId);
    if (discovery === undefined) throw new DeviceResourceNotFound('DeviceDiscovery', event.deviceDiscoveryId);
    checkOwner(discovery, event);
    const now = this.clock.now();
    if (!succeeded(event.statusCode)) {
      discovery.fail(now);
      await this.devices.saveDiscovery(discovery);
      return;
    }
    const records: DiscoveredDeviceRecord[] = [];
    for (const device of event.devices) {
      const report = { name: device.connectorDeviceName, deviceTypes: device.deviceTypes, endpoints: device.endpoints };
      const known = await this.devices.thingOf(discovery.associationId, device.connectorDeviceId);
      const thing =
        known ??
        ManagedThing.discovered({
          id: this.secrets.associationId(),
          associationId: discovery.associationId,
          connectorId: discovery.connectorId,
          userId: discovery.userId,
          connectorDeviceId: device.connectorDeviceId,
          ...report,
          updatedAt: now,
        });
      const modification = known === undefined ? 'DISCOVERED' : thing.rediscovered(report, now) ? 'UPDATED' : 'NO_CHANGE';
      await this.devices.saveThing(thing);
      records.push({
        connectorDeviceId: device.connectorDeviceId,
        ...(device.connectorDeviceName === undefined ? {} : { connectorDeviceName: device.connectorDeviceName }),
        deviceTypes: device.deviceTypes,
        managedThingId: thing.id,
        modification,
        discoveredAt: now,
      });
    }
    discovery.succeed(records, now);
    await this.devices.saveDiscovery(discovery);
  }

  async #commandResponse(event: Extract<IncomingConnectorEvent, { operation: 'DEVICE_COMMAND_RESPONSE' }>): Promise<void> {
    const trace = await this.devices.findCommand(event.traceId);
    if (trace === undefined) throw new DeviceResourceNotFound('Command', event.traceId);
    const thing = await this.devices.findThing(trace.managedThingId);
    if (thing === undefined) throw new DeviceResourceNotFound('ManagedThing', trace.managedThingId);
    checkOwner(thing, event);
    if (event.connectorDeviceId !== undefined && event.connectorDeviceId !== thing.connectorDeviceId) {
      throw new ConnectorEventRefused('its ConnectorDeviceId is not the device the command was sent to');
    }
    if (event.endpoint === undefined || !succeeded(event.statusCode)) return;
    thing.report(event.endpoint, this.clock.now());
    await this.devices.saveThing(thing);
  }

  async #deviceEvent(event: Extract<IncomingConnectorEvent, { operation: 'DEVICE_EVENT' }>): Promise<void> {
    const candidates = (await this.devices.thingsWithDevice(event.connectorDeviceId)).filter((thing) => thing.connectorId === event.connectorId);
    if (candidates.length === 0) throw new DeviceResourceNotFound('Device', event.connectorDeviceId);
    const things = event.userId === undefined ? candidates : candidates.filter((thing) => thing.userId === event.userId);
    if (things.length === 0) throw new ConnectorEventRefused('its UserId is not the user of the device\'s account association');
    if (event.endpoint === undefined || !succeeded(event.statusCode)) return;
    const now = this.clock.now();
    for (const thing of things) {
      thing.report(event.endpoint, now);
      await this.devices.saveThing(thing);
    }
  }
}

function checkOwner(owner: { readonly connectorId: string; readonly userId: string | undefined }, event: EventCommon): void {
  if (owner.connectorId !== event.connectorId) throw new ConnectorEventRefused('it is about another connector\'s association');
  if (event.userId !== undefined && event.userId !== owner.userId) {
    throw new ConnectorEventRefused('its UserId is not the user of the account association');
  }
}

/** An event without StatusCode reports a success, as the guide's samples (200) do. */
function succeeded(statusCode: number | undefined): boolean {
  return statusCode === undefined || (statusCode >= 200 && statusCode < 300);
}
