import type { DeviceDiscoveryStatus } from '../domain/devices/device-discovery.js';
import { DeviceResourceNotFound } from '../domain/errors/device-resource-not-found.js';
import type { Clock } from './ports/clock.js';
import type { DeviceRepository } from './ports/device-repository.js';

export interface DeviceDiscoveryView {
  readonly id: string;
  readonly arn: string;
  readonly discoveryType: 'CLOUD';
  readonly status: DeviceDiscoveryStatus;
  readonly startedAt: Date;
  readonly finishedAt: Date | undefined;
  readonly accountAssociationId: string;
}

/** Where the ARNs point: the emulated account's region and id. */
export interface DeviceArnOptions {
  readonly region: string;
  readonly accountId: string;
}

/** GetDeviceDiscovery: the status as of now (TIMED_OUT decided here, with the clock). */
export class GetDeviceDiscovery {
  constructor(
    private readonly devices: DeviceRepository,
    private readonly clock: Clock,
    private readonly arns: DeviceArnOptions,
  ) {}

  /** @throws DeviceResourceNotFound */
  async execute(input: { readonly id: string }): Promise<DeviceDiscoveryView> {
    const discovery = await this.devices.findDiscovery(input.id);
    if (discovery === undefined) throw new DeviceResourceNotFound('DeviceDiscovery', input.id);
    const now = this.clock.now();
    return {
      id: discovery.id,
      arn: `arn:aws:iotmanagedintegrations:${this.arns.region}:${this.arns.accountId}:device-discovery/${discovery.id}`,
      discoveryType: 'CLOUD',
      status: discovery.statusAt(now),
      startedAt: discovery.startedAt,
      finishedAt: discovery.finishedAtFor(now),
      accountAssociationId: discovery.associationId,
    };
  }
}
