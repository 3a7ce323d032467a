import { DeviceResourceNotFound } from '../domain/errors/device-resource-not-found.js';
import type { ClusterAttributes } from '../domain/devices/managed-thing.js';
import {
  LOCAL_TEMPERATURE_ATTRIBUTE,
  OCCUPIED_HEATING_SETPOINT_ATTRIBUTE,
  ON_OFF_ATTRIBUTE,
  ON_OFF_CLUSTER,
  THERMOSTAT_CLUSTER,
} from './matter-device-model.js';
import type { DeviceRepository } from './ports/device-repository.js';

export interface CapabilityState {
  readonly id: string;
  readonly name: string;
  readonly version: string;
  readonly properties: Readonly<Record<string, unknown>>;
}

export interface ManagedThingState {
  readonly endpoints: readonly { readonly endpointId: string; readonly capabilities: readonly CapabilityState[] }[];
}

/**
 * GetManagedThingState: the last reported state of each endpoint, clusters as capabilities. The clusters
 * SendCommand translates get their capability's id and property names (the ones commands use); any other
 * keeps its cluster id and attribute ids.
 */
export class GetManagedThingState {
  constructor(private readonly devices: DeviceRepository) {}

  /** @throws DeviceResourceNotFound */
  async execute(input: { readonly managedThingId: string }): Promise<ManagedThingState> {
    const thing = await this.devices.findThing(input.managedThingId);
    if (thing === undefined) throw new DeviceResourceNotFound('ManagedThing', input.managedThingId);
    return {
      endpoints: thing.endpoints.slice(0, 5).map((endpoint) => ({
        endpointId: endpoint.id,
        capabilities: endpoint.clusters.slice(0, 5).map((cluster) => capabilityOf(cluster.id, cluster.attributes)),
      })),
    };
  }
}

function capabilityOf(clusterId: string, attributes: ClusterAttributes): CapabilityState {
  if (clusterId.toLowerCase() === ON_OFF_CLUSTER) {
    return { id: 'matter.OnOff', name: 'On/Off', version: '1', properties: defined({ OnOff: attributes[ON_OFF_ATTRIBUTE] }) };
  }
  if (clusterId.toLowerCase() === THERMOSTAT_CLUSTER) {
    return {
      id: 'matter.Thermostat',
      name: 'Thermostat',
      version: '1',
      properties: defined({
        LocalTemperature: attributes[LOCAL_TEMPERATURE_ATTRIBUTE],
        OccupiedHeatingSetpoint: attributes[OCCUPIED_HEATING_SETPOINT_ATTRIBUTE],
      }),
    };
  }
  return { id: clusterId, name: `Cluster ${clusterId}`, version: '1', properties: attributes };
}

function defined(properties: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(properties).filter(([, value]) => value !== undefined));
}
