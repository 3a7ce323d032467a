import { DomainError } from './domain-error.js';

/** The platform's device API gave no usable answer in time (timeout, network, 429, 5xx): a retry may cure it. */
export class DeviceCloudUnavailable extends DomainError {
  readonly code = 'DEVICE_CLOUD_UNAVAILABLE';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
