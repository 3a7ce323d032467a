import type { CommandTrace, DeviceRepository } from '../../application/ports/device-repository.js';
import { DeviceDiscovery, type DeviceDiscoverySnapshot } from '../../domain/devices/device-discovery.js';
import { ManagedThing, type ManagedThingSnapshot } from '../../domain/devices/managed-thing.js';

/**
 * DeviceRepository in this process's memory: what a sandbox needs, lost on restart. Snapshots are kept, so
 * an entity read and changed is not the stored one until saved.
 */
export class InMemoryDeviceRepository implements DeviceRepository {
  readonly #discoveries = new Map<string, DeviceDiscoverySnapshot>();
  readonly #things = new Map<string, ManagedThingSnapshot>();
  readonly #commands = new Map<string, CommandTrace>();

  async saveDiscovery(discovery: DeviceDiscovery): Promise<void> {
    this.#discoveries.set(discovery.id, discovery.snapshot());
  }

  async findDiscovery(id: string): Promise<DeviceDiscovery | undefined> {
    const snapshot = this.#discoveries.get(id);
    return snapshot === undefined ? undefined : DeviceDiscovery.restore(snapshot);
  }

  async saveThing(thing: ManagedThing): Promise<void> {
    this.#things.set(thing.id, thing.snapshot());
  }

  async findThing(id: string): Promise<ManagedThing | undefined> {
    const snapshot = this.#things.get(id);
    return snapshot === undefined ? undefined : ManagedThing.restore(snapshot);
  }

  async thingsWithDevice(connectorDeviceId: string): Promise<readonly ManagedThing[]> {
    return [...this.#things.values()].filter((thing) => thing.connectorDeviceId === connectorDeviceId).map((thing) => ManagedThing.restore(thing));
  }

  async thingOf(associationId: string, connectorDeviceId: string): Promise<ManagedThing | undefined> {
    const snapshot = [...this.#things.values()].find((thing) => thing.associationId === associationId && thing.connectorDeviceId === connectorDeviceId);
    return snapshot === undefined ? undefined : ManagedThing.restore(snapshot);
  }

  async saveCommand(trace: CommandTrace): Promise<void> {
    this.#commands.set(trace.traceId, trace);
  }

  async findCommand(traceId: string): Promise<CommandTrace | undefined> {
    return this.#commands.get(traceId);
  }
}
