import type { CloudDevice } from '#application/ports/device-cloud.js';

/** Object mother: an AWS.DiscoverDevices envelope with its deviceDiscoveryId. */
export function discoverDevicesEnvelope(token: string, deviceDiscoveryId: unknown = 'discovery42', connectorId = 'connector-1'): Record<string, unknown> {
  return {
    header: { auth: { token, type: 'OAuth2.0' } },
    payload: { operationName: 'AWS.DiscoverDevices', operationVersion: '1.0', connectorId, deviceDiscoveryId },
  };
}

/** One endpoint of a SendCommand: the capability and its actions, as SendManagedThingCommand carries them. */
export function commandEndpoint(
  actions: readonly Record<string, unknown>[],
  capability: { id?: string; name?: string; version?: string } = {},
  endpointId = '1',
): Record<string, unknown> {
  return {
    endpointId,
    capabilities: [{ id: capability.id ?? 'matter.OnOff@1.4', name: capability.name ?? 'On/Off', version: capability.version ?? '1', actions }],
  };
}

/** Object mother: an AWS.SendCommand payload that switches the device on. */
export function sendCommandPayload(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    operationName: 'AWS.SendCommand',
    operationVersion: '1.0',
    connectorId: 'connector-1',
    traceId: 'trace-1',
    connectorDeviceId: 'lamp-1',
    endpoints: [commandEndpoint([{ name: 'On' }])],
    ...overrides,
  };
}

export function sendCommandEnvelope(token: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { header: { auth: { token, type: 'OAuth2.0' } }, payload: sendCommandPayload(overrides) };
}

export const DESK_LAMP: CloudDevice = { id: 'lamp-1', name: 'Desk lamp', model: 'L100', traits: [{ kind: 'onOff', on: false }] };
export const HALL_THERMOSTAT: CloudDevice = {
  id: 'thermostat-1',
  name: 'Hall thermostat',
  traits: [{ kind: 'thermostat', localTemperatureC: 20.5, heatingSetpointC: 21 }],
};
