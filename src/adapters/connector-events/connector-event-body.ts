import type { ConnectorEvent, DiscoveredDevice, MatterEndpointState } from '../../application/ports/connector-events.js';

/** The JSON body of SendConnectorEvent (`POST /connector-event/{ConnectorId}`) for one event, field names as the API has them. */
export function connectorEventBody(event: ConnectorEvent): Record<string, unknown> {
  const common = { Operation: event.operation, OperationVersion: '1.0', StatusCode: event.statusCode };
  switch (event.operation) {
    case 'DEVICE_DISCOVERY':
      return { ...common, UserId: event.userId, DeviceDiscoveryId: event.deviceDiscoveryId, Devices: event.devices.map(deviceBody) };
    case 'DEVICE_COMMAND_RESPONSE':
      return {
        ...common,
        UserId: event.userId,
        TraceId: event.traceId,
        ConnectorDeviceId: event.connectorDeviceId,
        ...(event.endpoint === undefined ? {} : { MatterEndpoint: endpointBody(event.endpoint) }),
      };
    case 'DEVICE_EVENT':
      return {
        ...common,
        ...(event.userId === undefined ? {} : { UserId: event.userId }),
        ConnectorDeviceId: event.connectorDeviceId,
        MatterEndpoint: endpointBody(event.endpoint),
      };
  }
}

function deviceBody(device: DiscoveredDevice): Record<string, unknown> {
  return {
    ConnectorDeviceId: device.connectorDeviceId,
    ...(device.connectorDeviceName === undefined ? {} : { ConnectorDeviceName: device.connectorDeviceName }),
    CapabilityReport: device.capabilityReport,
  };
}

/** Attributes as the guide's DEVICE_EVENT sample writes them: a list of `{attributeId: value}` maps. */
function endpointBody(endpoint: MatterEndpointState): Record<string, unknown> {
  return {
    id: endpoint.id,
    clusters: endpoint.clusters.map((cluster) => ({
      id: cluster.id,
      attributes: Object.entries(cluster.attributes).map(([id, value]) => ({ [id]: value })),
    })),
  };
}
