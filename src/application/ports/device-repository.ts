import type { DeviceDiscovery } from '../../domain/devices/device-discovery.js';
import type { ManagedThing } from '../../domain/devices/managed-thing.js';

/** A command sent to a connector, to match its DEVICE_COMMAND_RESPONSE events with. */
export interface CommandTrace {
  readonly traceId: string;
  readonly managedThingId: string;
  readonly sentAt: Date;
}

/**
 * Port: the emulated side's device discoveries, managed things and command traces. Writes replace what the
 * store holds under the id; reads answer copies, which change nothing until saved. Implementations throw
 * PersistenceUnavailable when the store cannot be reached.
 */
export interface DeviceRepository {
  saveDiscovery(discovery: DeviceDiscovery): Promise<void>;
  findDiscovery(id: string): Promise<DeviceDiscovery | undefined>;
  saveThing(thing: ManagedThing): Promise<void>;
  findThing(id: string): Promise<ManagedThing | undefined>;
  /** The things of any association with this ConnectorDeviceId, for DEVICE_EVENTs, which name no association. */
  thingsWithDevice(connectorDeviceId: string): Promise<readonly ManagedThing[]>;
  thingOf(associationId: string, connectorDeviceId: string): Promise<ManagedThing | undefined>;
  saveCommand(trace: CommandTrace): Promise<void>;
  findCommand(traceId: string): Promise<CommandTrace | undefined>;
}
