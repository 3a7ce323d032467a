import type { IncomingConnectorEvent, ReportedDevice } from '../../application/accept-connector-event.js';
import type { ListDiscoveredDevicesInput } from '../../application/list-discovered-devices.js';
import type { SendManagedThingCommandInput } from '../../application/send-managed-thing-command.js';
import type { StartDeviceDiscoveryInput } from '../../application/start-device-discovery.js';
import type { EndpointState } from '../../domain/devices/managed-thing.js';
import { InvalidRequest } from '../../domain/errors/invalid-request.js';

/** MI-API §3's shapes this API reads. */
const ACCOUNT_ASSOCIATION_ID = /^[0-9a-zA-Z]{1,64}$/;
const CLIENT_TOKEN = /^[a-zA-Z0-9=_-]{1,64}$/;
const CONNECTOR_DEVICE_ID = /^[a-zA-Z0-9_.,@-]{1,256}$/;
const CONNECTOR_DEVICE_NAME = /^[\p{L}\p{N} ._-]{1,256}$/u;
const USER_ID = /^[a-zA-Z0-9_.,@-]{1,64}$/;
const TRACE_ID = /^[a-zA-Z0-9:=_-]{1,128}$/;
const DEVICE_DISCOVERY_ID = /^[A-Za-z0-9]{1,200}$/;
const ENDPOINT_ID = /^[0-9a-zA-Z]{1,64}$/;
const MATTER_ID = /^(?=.{1,24}$)(0[xX][0-9a-fA-F]+|[0-9]+)$/;
const OPERATION_VERSION = /^[0-9.]{1,6}$/;
const EVENT_MESSAGE = /^[\sa-zA-Z0-9_.,@-]{1,256}$/;
const DEVICE_TYPE = /^[a-zA-Z0-9=_. ,@+\-/]{0,256}$/;
const DISCOVERY_TYPES = ['ZWAVE', 'ZIGBEE', 'CLOUD', 'CUSTOM', 'CONTROLLER_CAPABILITY_REDISCOVERY'];
const CAPABILITY_NAME = /^[/a-zA-Z0-9._ -]{1,128}$/;
const CAPABILITY_VERSION = /^(0|[1-9][0-9]*)$/;
const ACTION_NAME = /^[/a-zA-Z]{1,128}$/;

/** StartDeviceDiscovery's members (§6.1); those of other discovery types are known, and refused by the use case with CLOUD's rule. */
export function readStartDiscoveryRequest(body: unknown): StartDeviceDiscoveryInput {
  const members = objectOf(body, 'StartDeviceDiscovery', [
    'DiscoveryType',
    'CustomProtocolDetail',
    'ControllerIdentifier',
    'ConnectorAssociationIdentifier',
    'AccountAssociationId',
    'AuthenticationMaterial',
    'AuthenticationMaterialType',
    'ClientToken',
    'Tags',
    'ConnectorDeviceIdList',
    'Protocol',
    'EndDeviceIdentifier',
  ]);
  const discoveryType = members['DiscoveryType'];
  if (typeof discoveryType !== 'string' || !DISCOVERY_TYPES.includes(discoveryType)) {
    throw new InvalidRequest(`DiscoveryType is required, one of ${DISCOVERY_TYPES.join(', ')}.`);
  }
  optionalText(members['ClientToken'], CLIENT_TOKEN, 'ClientToken', '1 to 64 of [a-zA-Z0-9=_-]');
  return {
    discoveryType,
    accountAssociationId: optionalText(members['AccountAssociationId'], ACCOUNT_ASSOCIATION_ID, 'AccountAssociationId', '1 to 64 letters and digits'),
  };
}

export function readDevicesQuery(id: string, query: Readonly<Record<string, unknown>>): ListDiscoveredDevicesInput {
  const maxResults = typeof query['MaxResults'] === 'string' ? query['MaxResults'] : undefined;
  if (maxResults !== undefined && (!/^\d{1,4}$/.test(maxResults) || Number(maxResults) < 1 || Number(maxResults) > 1000)) {
    throw new InvalidRequest('MaxResults must be a whole number from 1 to 1000.');
  }
  const nextToken = typeof query['NextToken'] === 'string' ? query['NextToken'] : undefined;
  return { id, maxResults: maxResults === undefined ? undefined : Number(maxResults), nextToken };
}

/**
 * SendManagedThingCommand's members (§8) with their constraints; capability ids are not checked against
 * SchemaVersionedId, since the guide's own samples (`matter.OnOff`) would fail it: the connector decides
 * what it can translate.
 */
export function readCommandRequest(managedThingId: string, body: unknown): SendManagedThingCommandInput {
  const members = objectOf(body, 'SendManagedThingCommand', ['Endpoints', 'AccountAssociationId', 'ConnectorAssociationId']);
  const endpoints = list(members['Endpoints'], 'Endpoints', 1, 5);
  endpoints.forEach((endpoint, e) => {
    const at = `Endpoints[${e}]`;
    const fields = record(endpoint, at);
    text(fields['endpointId'], ENDPOINT_ID, `${at}.endpointId`, '1 to 64 of [0-9a-zA-Z]');
    list(fields['capabilities'], `${at}.capabilities`, 1, 5).forEach((capability, c) => {
      const where = `${at}.capabilities[${c}]`;
      const described = record(capability, where);
      text(described['id'], /^[a-zA-Z0-9.@$]{1,128}$/, `${where}.id`, 'a capability id such as matter.OnOff@1.4');
      text(described['name'], CAPABILITY_NAME, `${where}.name`, '1 to 128 of [/a-zA-Z0-9._ -]');
      text(described['version'], CAPABILITY_VERSION, `${where}.version`, 'a whole number without leading zeros');
      list(described['actions'], `${where}.actions`, 1, 5).forEach((action, a) => {
        text(record(action, `${where}.actions[${a}]`)['name'], ACTION_NAME, `${where}.actions[${a}].name`, 'letters and /');
      });
    });
  });
  return {
    managedThingId,
    endpoints,
    accountAssociationId: optionalText(members['AccountAssociationId'], ACCOUNT_ASSOCIATION_ID, 'AccountAssociationId', '1 to 64 letters and digits'),
  };
}

/**
 * SendConnectorEvent's body (§7) with its constraints. `ConnectorId` and `TraceId` in the body, as some of
 * the guide's samples send them, are taken; a body ConnectorId must be the path's.
 * @throws InvalidRequest naming the field, never quoting it.
 */
export function readConnectorEvent(connectorId: string, body: unknown): IncomingConnectorEvent {
  const members = objectOf(body, 'SendConnectorEvent', [
    'Operation',
    'UserId',
    'OperationVersion',
    'StatusCode',
    'Message',
    'DeviceDiscoveryId',
    'ConnectorDeviceId',
    'TraceId',
    'Devices',
    'MatterEndpoint',
    'ConnectorId',
  ]);
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(connectorId)) throw new InvalidRequest('ConnectorId must be 1 to 64 of [A-Za-z0-9-_].');
  if (members['ConnectorId'] !== undefined && members['ConnectorId'] !== connectorId) {
    throw new InvalidRequest('ConnectorId in the body must be the one of the path.');
  }
  const userId = optionalText(members['UserId'], USER_ID, 'UserId', '1 to 64 of [a-zA-Z0-9_.,@-]');
  optionalText(members['OperationVersion'], OPERATION_VERSION, 'OperationVersion', '1 to 6 of [0-9.]');
  optionalText(members['Message'], EVENT_MESSAGE, 'Message', '1 to 256 of [a-zA-Z0-9_.,@-] and spaces');
  const statusCode = members['StatusCode'];
  if (statusCode !== undefined && (typeof statusCode !== 'number' || !Number.isInteger(statusCode) || statusCode < 100 || statusCode > 550)) {
    throw new InvalidRequest('StatusCode must be a whole number from 100 to 550.');
  }
  const connectorDeviceId = optionalText(members['ConnectorDeviceId'], CONNECTOR_DEVICE_ID, 'ConnectorDeviceId', '1 to 256 of [a-zA-Z0-9_.,@-]');
  const traceId = optionalText(members['TraceId'], TRACE_ID, 'TraceId', '1 to 128 of [a-zA-Z0-9:=_-]');
  const deviceDiscoveryId = optionalText(members['DeviceDiscoveryId'], DEVICE_DISCOVERY_ID, 'DeviceDiscoveryId', '1 to 200 of [A-Za-z0-9]');
  const devices = members['Devices'] === undefined ? undefined : list(members['Devices'], 'Devices', 0, 100).map((device, d) => deviceOf(device, `Devices[${d}]`));
  const endpoint = members['MatterEndpoint'] === undefined ? undefined : endpointStateOf(members['MatterEndpoint'], 'MatterEndpoint');
  const common = { connectorId, userId, statusCode };
  switch (members['Operation']) {
    case 'DEVICE_DISCOVERY':
      if (deviceDiscoveryId === undefined) throw new InvalidRequest('DeviceDiscoveryId is required with Operation DEVICE_DISCOVERY.');
      return { ...common, operation: 'DEVICE_DISCOVERY', deviceDiscoveryId, devices: devices ?? [] };
    case 'DEVICE_COMMAND_RESPONSE':
      if (traceId === undefined) throw new InvalidRequest('TraceId is required with Operation DEVICE_COMMAND_RESPONSE.');
      return { ...common, operation: 'DEVICE_COMMAND_RESPONSE', traceId, connectorDeviceId, endpoint };
    case 'DEVICE_EVENT':
      if (connectorDeviceId === undefined) throw new InvalidRequest('ConnectorDeviceId is required with Operation DEVICE_EVENT.');
      return { ...common, operation: 'DEVICE_EVENT', connectorDeviceId, endpoint };
    case 'DEVICE_COMMAND_REQUEST':
      throw new InvalidRequest('Operation DEVICE_COMMAND_REQUEST (commands that start at the device) is not emulated.');
    default:
      throw new InvalidRequest('Operation is required, one of DEVICE_DISCOVERY, DEVICE_COMMAND_RESPONSE, DEVICE_EVENT, DEVICE_COMMAND_REQUEST.');
  }
}

/** A Device: its capability report's endpoints as states (the attributes' values are the device's state at discovery). */
function deviceOf(value: unknown, at: string): ReportedDevice {
  const device = record(value, at);
  const connectorDeviceId = text(device['ConnectorDeviceId'], CONNECTOR_DEVICE_ID, `${at}.ConnectorDeviceId`, '1 to 256 of [a-zA-Z0-9_.,@-]');
  const connectorDeviceName = optionalText(device['ConnectorDeviceName'], CONNECTOR_DEVICE_NAME, `${at}.ConnectorDeviceName`, '1 to 256 letters, digits, spaces and ._-');
  const report = record(device['CapabilityReport'], `${at}.CapabilityReport`);
  if (report['version'] !== '1.0.0') throw new InvalidRequest(`${at}.CapabilityReport.version must be 1.0.0.`);
  const deviceTypes: string[] = [];
  const endpoints = list(report['endpoints'], `${at}.CapabilityReport.endpoints`, 0, 50).map((endpoint, e): EndpointState => {
    const where = `${at}.CapabilityReport.endpoints[${e}]`;
    const fields = record(endpoint, where);
    const id = text(fields['id'], ENDPOINT_ID, `${where}.id`, '1 to 64 of [0-9a-zA-Z]');
    list(fields['deviceTypes'], `${where}.deviceTypes`, 0, 50).forEach((type, t) => {
      deviceTypes.push(text(type, DEVICE_TYPE, `${where}.deviceTypes[${t}]`, 'up to 256 of [a-zA-Z0-9=_. ,@+-/]'));
    });
    const clusters = list(fields['clusters'], `${where}.clusters`, 0, 50).map((cluster, c) => {
      const spot = `${where}.clusters[${c}]`;
      const described = record(cluster, spot);
      const clusterId = text(described['id'], MATTER_ID, `${spot}.id`, 'a cluster id, hex (0x0006) or decimal');
      const revision = described['revision'];
      if (typeof revision !== 'number' || !Number.isInteger(revision) || revision < 1 || revision > 10) {
        throw new InvalidRequest(`${spot}.revision must be a whole number from 1 to 10.`);
      }
      const attributes: Record<string, unknown> = {};
      const listed = described['attributes'] === undefined ? [] : list(described['attributes'], `${spot}.attributes`, 0, 100);
      listed.forEach((attribute, a) => {
        const fields = record(attribute, `${spot}.attributes[${a}]`);
        const attributeId = text(fields['id'], MATTER_ID, `${spot}.attributes[${a}].id`, 'an attribute id, hex or decimal');
        if (fields['value'] !== undefined) attributes[attributeId] = fields['value'];
      });
      return { id: clusterId, attributes };
    });
    return { id, clusters };
  });
  return { connectorDeviceId, connectorDeviceName, deviceTypes, endpoints };
}

/** A MatterEndpoint; its clusters' `attributes` as a map by id, or as the guide's list of `{id: value}` maps. */
function endpointStateOf(value: unknown, at: string): EndpointState {
  const endpoint = record(value, at);
  const id = text(endpoint['id'], ENDPOINT_ID, `${at}.id`, '1 to 64 of [0-9a-zA-Z]');
  const clusters = list(endpoint['clusters'], `${at}.clusters`, 1, 5).map((cluster, c) => {
    const spot = `${at}.clusters[${c}]`;
    const described = record(cluster, spot);
    const clusterId = text(described['id'], MATTER_ID, `${spot}.id`, 'a cluster id, hex (0x0006) or decimal');
    const given = described['attributes'];
    const maps = given === undefined ? [] : Array.isArray(given) ? given.map((entry, a) => record(entry, `${spot}.attributes[${a}]`)) : [record(given, `${spot}.attributes`)];
    const attributes: Record<string, unknown> = {};
    for (const map of maps) {
      for (const [attributeId, attributeValue] of Object.entries(map)) {
        if (!MATTER_ID.test(attributeId)) throw new InvalidRequest(`${spot}.attributes must be keyed by attribute ids, hex or decimal.`);
        attributes[attributeId] = attributeValue;
      }
    }
    return { id: clusterId, attributes };
  });
  return { id, clusters };
}

function objectOf(body: unknown, operation: string, allowed: readonly string[]): Readonly<Record<string, unknown>> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new InvalidRequest(`The body of ${operation} must be a JSON object.`);
  const unknown = Object.keys(body).find((key) => !allowed.includes(key));
  if (unknown !== undefined) throw new InvalidRequest(`${operation} takes no member ${/^[A-Za-z0-9_]{1,64}$/.test(unknown) ? unknown : 'of that name'}.`);
  return body as Readonly<Record<string, unknown>>;
}

function text(value: unknown, pattern: RegExp, field: string, rule: string): string {
  if (typeof value !== 'string' || !pattern.test(value)) throw new InvalidRequest(`${field} must be ${rule}.`);
  return value;
}

function optionalText(value: unknown, pattern: RegExp, field: string, rule: string): string | undefined {
  return value === undefined ? undefined : text(value, pattern, field, rule);
}

function list(value: unknown, field: string, min: number, max: number): readonly unknown[] {
  if (!Array.isArray(value) || value.length < min || value.length > max) throw new InvalidRequest(`${field} must be a list of ${min} to ${max} items.`);
  return value as unknown[];
}

function record(value: unknown, field: string): Readonly<Record<string, unknown>> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new InvalidRequest(`${field} must be an object.`);
  return value as Record<string, unknown>;
}
