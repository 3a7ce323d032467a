import { DomainError } from './domain-error.js';

/** What the emulated device API names a missing resource as (ResourceNotFoundException's `ResourceType`). */
export type DeviceResourceType = 'DeviceDiscovery' | 'ManagedThing' | 'Command' | 'Device';

export class DeviceResourceNotFound extends DomainError {
  readonly code = 'DEVICE_RESOURCE_NOT_FOUND';

  constructor(
    readonly resourceType: DeviceResourceType,
    readonly resourceId: string,
  ) {
    super(`${resourceType} ${resourceId} does not exist.`);
  }
}
