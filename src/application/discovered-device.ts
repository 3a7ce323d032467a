import { ConnectorMisconfigured } from '../domain/errors/connector-misconfigured.js';
import { endpointReportOf } from './matter-device-model.js';
import type { DiscoveredDevice } from './ports/connector-events.js';
import type { CloudDevice } from './ports/device-cloud.js';
import { CONNECTOR_DEVICE_ID_PATTERN } from './send-command-payload.js';

/** What ConnectorDeviceName allows; anything else in a platform's device name becomes a space. */
const NAME_OUTSIDE_ALPHABET = /[^\p{L}\p{N} ._-]+/gu;

/**
 * A platform device as a DEVICE_DISCOVERY device: its id as ConnectorDeviceId, its name fitted to
 * ConnectorDeviceName, its traits as a Matter capability report.
 * @throws ConnectorMisconfigured when the platform's id cannot be a ConnectorDeviceId: managed integrations
 * would refuse the whole event, on every retry.
 */
export function discoveredDeviceOf(device: CloudDevice): DiscoveredDevice {
  if (!CONNECTOR_DEVICE_ID_PATTERN.test(device.id)) {
    throw new ConnectorMisconfigured('The device API listed a device whose id is not 1 to 256 of [a-zA-Z0-9_.,@-], which a ConnectorDeviceId must be.');
  }
  const name = device.name.replace(NAME_OUTSIDE_ALPHABET, ' ').replace(/ {2,}/g, ' ').trim().slice(0, 256).trim();
  return {
    connectorDeviceId: device.id,
    ...(name === '' ? {} : { connectorDeviceName: name }),
    capabilityReport: { version: '1.0.0', endpoints: [endpointReportOf(device)] },
  };
}
