import type { DiscoveredDeviceRecord } from '../domain/devices/device-discovery.js';
import { DeviceResourceNotFound } from '../domain/errors/device-resource-not-found.js';
import { InvalidRequest } from '../domain/errors/invalid-request.js';
import type { DeviceRepository } from './ports/device-repository.js';

export interface ListDiscoveredDevicesInput {
  readonly id: string;
  readonly maxResults?: number | undefined;
  readonly nextToken?: string | undefined;
}

/** ListDiscoveredDevices: the devices of the discovery's report, each with its ManagedThingId; pages by position. */
export class ListDiscoveredDevices {
  constructor(private readonly devices: DeviceRepository) {}

  /** @throws DeviceResourceNotFound; InvalidRequest for a NextToken this operation did not answer. */
  async execute(input: ListDiscoveredDevicesInput): Promise<{ readonly items: readonly DiscoveredDeviceRecord[]; readonly nextToken?: string }> {
    const discovery = await this.devices.findDiscovery(input.id);
    if (discovery === undefined) throw new DeviceResourceNotFound('DeviceDiscovery', input.id);
    const start = input.nextToken === undefined ? 0 : Number(/^p(\d{1,6})$/.exec(input.nextToken)?.[1] ?? Number.NaN);
    if (!Number.isInteger(start) || start > discovery.devices.length) throw new InvalidRequest('NextToken is not one this operation answered.');
    const end = start + (input.maxResults ?? 100);
    const items = discovery.devices.slice(start, end);
    return end < discovery.devices.length ? { items, nextToken: `p${end}` } : { items };
  }
}
