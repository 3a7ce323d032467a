import type { MatterClusterReport, MatterEndpointReport, MatterEndpointState } from './ports/connector-events.js';
import type { CloudDevice, DeviceTrait } from './ports/device-cloud.js';

/** Every device is one Matter endpoint: the platforms this reference speaks to have no multi-part devices. */
export const DEVICE_ENDPOINT_ID = '1';

export const ON_OFF_CLUSTER = '0x0006';
export const THERMOSTAT_CLUSTER = '0x0201';
export const ON_OFF_ATTRIBUTE = '0x0000';
export const LOCAL_TEMPERATURE_ATTRIBUTE = '0x0000';
export const OCCUPIED_HEATING_SETPOINT_ATTRIBUTE = '0x0012';
/** Matter device types: On/Off Light, Thermostat. */
const ON_OFF_LIGHT = '0x0100';
const THERMOSTAT = '0x0301';

/** The device as the endpoint of a Matter capability report (DEVICE_DISCOVERY). */
export function endpointReportOf(device: CloudDevice): MatterEndpointReport {
  return {
    id: DEVICE_ENDPOINT_ID,
    deviceTypes: device.traits.map((trait) => (trait.kind === 'onOff' ? ON_OFF_LIGHT : THERMOSTAT)),
    clusters: device.traits.map(clusterReportOf),
  };
}

function clusterReportOf(trait: DeviceTrait): MatterClusterReport {
  if (trait.kind === 'onOff') {
    // Off, On, Toggle.
    return { id: ON_OFF_CLUSTER, revision: 4, name: 'OnOff', attributes: [{ id: ON_OFF_ATTRIBUTE, name: 'OnOff', value: trait.on }], commands: ['0x00', '0x01', '0x02'] };
  }
  return {
    id: THERMOSTAT_CLUSTER,
    revision: 6,
    name: 'Thermostat',
    attributes: [
      { id: LOCAL_TEMPERATURE_ATTRIBUTE, name: 'LocalTemperature', value: centidegrees(trait.localTemperatureC) },
      { id: OCCUPIED_HEATING_SETPOINT_ATTRIBUTE, name: 'OccupiedHeatingSetpoint', value: centidegrees(trait.heatingSetpointC) },
    ],
    // SetpointRaiseLower.
    commands: ['0x00'],
  };
}

/** The device's state as a MatterEndpoint, limited to `clusters` when given (those a command addressed). */
export function endpointStateOf(device: CloudDevice, endpointId: string, clusters?: readonly string[]): MatterEndpointState {
  const states = device.traits
    .map((trait) =>
      trait.kind === 'onOff'
        ? { id: ON_OFF_CLUSTER, attributes: { [ON_OFF_ATTRIBUTE]: trait.on } }
        : {
            id: THERMOSTAT_CLUSTER,
            attributes: {
              [LOCAL_TEMPERATURE_ATTRIBUTE]: centidegrees(trait.localTemperatureC),
              [OCCUPIED_HEATING_SETPOINT_ATTRIBUTE]: centidegrees(trait.heatingSetpointC),
            },
          },
    )
    .filter((state) => clusters === undefined || clusters.includes(state.id));
  return { id: endpointId, clusters: states.slice(0, 5) };
}

/** Matter keeps temperatures in hundredths of a degree Celsius. */
function centidegrees(celsius: number): number {
  return Math.round(celsius * 100);
}
