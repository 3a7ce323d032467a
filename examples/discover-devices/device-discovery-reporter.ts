import type { Deadline } from 'c2c-account-linking';
import type { CatalogDevice } from './device-catalog.js';

/** What managed integrations expects in a DEVICE_DISCOVERY connector event. */
export interface DeviceDiscoveryReport {
  readonly deviceDiscoveryId: string;
  readonly userId: string;
  readonly devices: readonly CatalogDevice[];
}

/**
 * The example's second port: hands the discovered devices to managed integrations. In a real connector,
 * an adapter that calls the `SendConnectorEvent` API (operation `DEVICE_DISCOVERY`, signed with the
 * Lambda's AWS credentials) with each device as a ConnectorDeviceId, a ConnectorDeviceName and its
 * capability report.
 */
export interface DeviceDiscoveryReporter {
  report(report: DeviceDiscoveryReport, deadline: Deadline): Promise<void>;
}
