import { InvalidRequest } from '../domain/errors/invalid-request.js';
import { ON_OFF_CLUSTER, THERMOSTAT_CLUSTER } from './matter-device-model.js';
import type { DeviceCommand } from './ports/device-cloud.js';

/** SendConnectorEvent's TraceId, which AWS.SendCommand hands the connector to echo. */
export const TRACE_ID_PATTERN = /^[a-zA-Z0-9:=_-]{1,128}$/;
/** ConnectorDeviceId. */
export const CONNECTOR_DEVICE_ID_PATTERN = /^[a-zA-Z0-9_.,@-]{1,256}$/;
const ENDPOINT_ID_PATTERN = /^[0-9a-zA-Z]{1,64}$/;
/** SchemaVersionedId (`matter.OnOff@1.4`), or the unversioned ids the guide's own samples use (`matter.OnOff`). */
const CAPABILITY_ID_PATTERN = /^(?=.{1,128}$)[a-zA-Z0-9.]+(@(\d+\.\d+(\.\d+)?|\$latest))?$/;
const CAPABILITY_NAME_PATTERN = /^[/a-zA-Z0-9._ -]{1,128}$/;
const CAPABILITY_VERSION_PATTERN = /^(0|[1-9][0-9]{0,63})$/;
const ACTION_NAME_PATTERN = /^[/a-zA-Z]{1,128}$/;
const ACTION_REF_PATTERN = /^[a-zA-Z.]{1,128}$/;
const ACTION_TRACE_ID_PATTERN = /^(?=.{16,20}$)[a-zA-Z0-9]+=(?:_[0-9]+)?$/;

/** One action, translated: a command for the device, or a read of its state; `cluster` is what its answer reports. */
export interface CommandStep {
  readonly endpointId: string;
  readonly cluster: string;
  readonly command: DeviceCommand | 'read';
}

export interface SendCommandInput {
  readonly traceId: string;
  readonly connectorDeviceId: string;
  readonly steps: readonly CommandStep[];
}

/**
 * Reads AWS.SendCommand's payload: `traceId`, `connectorDeviceId` and `endpoints`, the Matter-style
 * endpoints, capabilities and actions of SendManagedThingCommand, with its constraints. Each action becomes a
 * step the device API understands; one the connector cannot translate is refused like a malformed field.
 * @throws InvalidRequest naming the field, never quoting it.
 */
export function readSendCommandPayload(payload: Readonly<Record<string, unknown>>): SendCommandInput {
  const traceId = text(payload['traceId'], TRACE_ID_PATTERN, 'payload.traceId', '1 to 128 of [a-zA-Z0-9:=_-]');
  const connectorDeviceId = text(payload['connectorDeviceId'], CONNECTOR_DEVICE_ID_PATTERN, 'payload.connectorDeviceId', '1 to 256 of [a-zA-Z0-9_.,@-]');
  const steps: CommandStep[] = [];
  list(payload['endpoints'], 'payload.endpoints', 5).forEach((endpoint, e) => {
    const at = `payload.endpoints[${e}]`;
    const fields = record(endpoint, at);
    const endpointId = text(fields['endpointId'], ENDPOINT_ID_PATTERN, `${at}.endpointId`, '1 to 64 of [0-9a-zA-Z]');
    list(fields['capabilities'], `${at}.capabilities`, 5).forEach((capability, c) => {
      const where = `${at}.capabilities[${c}]`;
      const described = record(capability, where);
      const id = text(described['id'], CAPABILITY_ID_PATTERN, `${where}.id`, 'a capability id such as matter.OnOff@1.4');
      text(described['name'], CAPABILITY_NAME_PATTERN, `${where}.name`, '1 to 128 of [/a-zA-Z0-9._ -]');
      text(described['version'], CAPABILITY_VERSION_PATTERN, `${where}.version`, 'a whole number without leading zeros');
      list(described['actions'], `${where}.actions`, 5).forEach((action, a) => {
        steps.push({ endpointId, ...translate(id, record(action, `${where}.actions[${a}]`), `${where}.actions[${a}]`) });
      });
    });
  });
  return { traceId, connectorDeviceId, steps };
}

function translate(capabilityId: string, action: Readonly<Record<string, unknown>>, at: string): Omit<CommandStep, 'endpointId'> {
  const name = text(action['name'], ACTION_NAME_PATTERN, `${at}.name`, 'letters and /');
  if (action['ref'] !== undefined) text(action['ref'], ACTION_REF_PATTERN, `${at}.ref`, 'letters and .');
  if (action['actionTraceId'] !== undefined) text(action['actionTraceId'], ACTION_TRACE_ID_PATTERN, `${at}.actionTraceId`, '16 to 20 characters, [a-zA-Z0-9]+=(_[0-9]+)?');
  const parameters = action['parameters'] === undefined ? {} : record(action['parameters'], `${at}.parameters`);
  const capability = capabilityId.split('@')[0] ?? '';
  if (capability === 'matter.OnOff' || capability === 'aws.OnOff') {
    const cluster = ON_OFF_CLUSTER;
    switch (name) {
      case 'On':
        return { cluster, command: { kind: 'switch', on: true } };
      case 'Off':
        return { cluster, command: { kind: 'switch', on: false } };
      case 'Toggle':
        return { cluster, command: { kind: 'toggle' } };
      case 'ReadState':
        return { cluster, command: 'read' };
      case 'UpdateState': {
        const on = parameters['OnOff'];
        if (typeof on !== 'boolean') throw new InvalidRequest(`${at}.parameters.OnOff must be true or false for UpdateState of On/Off.`);
        return { cluster, command: { kind: 'switch', on } };
      }
    }
  }
  if (capability === 'matter.Thermostat' || capability === 'aws.Thermostat') {
    const cluster = THERMOSTAT_CLUSTER;
    if (name === 'ReadState') return { cluster, command: 'read' };
    if (name === 'UpdateState') {
      const setpoint = parameters['OccupiedHeatingSetpoint'];
      // Matter's unit: hundredths of a degree Celsius, 7 °C to 30 °C as a thermostat's usual heating limits.
      if (typeof setpoint !== 'number' || !Number.isInteger(setpoint) || setpoint < 700 || setpoint > 3000) {
        throw new InvalidRequest(`${at}.parameters.OccupiedHeatingSetpoint must be a whole number of hundredths of a degree, 700 to 3000.`);
      }
      return { cluster, command: { kind: 'setHeatingSetpoint', celsius: setpoint / 100 } };
    }
  }
  throw new InvalidRequest(`${at}: this connector cannot translate that action of that capability (On/Off: On, Off, Toggle, UpdateState, ReadState; Thermostat: UpdateState, ReadState).`);
}

function text(value: unknown, pattern: RegExp, field: string, rule: string): string {
  if (typeof value !== 'string' || !pattern.test(value)) throw new InvalidRequest(`${field} must be ${rule}.`);
  return value;
}

function list(value: unknown, field: string, max: number): readonly unknown[] {
  if (!Array.isArray(value) || value.length === 0 || value.length > max) throw new InvalidRequest(`${field} must be a list of 1 to ${max} items.`);
  return value as unknown[];
}

function record(value: unknown, field: string): Readonly<Record<string, unknown>> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new InvalidRequest(`${field} must be an object.`);
  return value as Record<string, unknown>;
}
