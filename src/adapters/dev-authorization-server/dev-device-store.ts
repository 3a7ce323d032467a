/** A device of the sandbox platform, as its device API answers it. */
export interface DevDevice {
  readonly id: string;
  readonly name: string;
  readonly model: string;
  readonly capabilities: {
    readonly onOff?: { readonly on: boolean };
    readonly thermostat?: { readonly localTemperatureC: number; readonly heatingSetpointC: number };
  };
}

export type DevDeviceCommand = { readonly command: 'on' | 'off' | 'toggle' } | { readonly command: 'setHeatingSetpoint'; readonly celsius: number };

/** Why a command was not applied: the device API answers these as 404 and 400. */
export type DevCommandRefusal = 'no_such_device' | 'unsupported_command';

/** Every user starts with these: a lamp that switches on and off, and a thermostat. */
function demoDevices(): DevDevice[] {
  return [
    { id: 'lamp-1', name: 'Desk lamp', model: 'Sandbox Lamp L1', capabilities: { onOff: { on: false } } },
    { id: 'thermostat-1', name: 'Hall thermostat', model: 'Sandbox Thermostat T1', capabilities: { thermostat: { localTemperatureC: 20.5, heatingSetpointC: 21 } } },
  ];
}

/** The sandbox platform's devices, per account, in memory: new on each start, like its users and keys. */
export class DevDeviceStore {
  readonly #byAccount = new Map<string, DevDevice[]>();

  devicesOf(accountId: string): readonly DevDevice[] {
    return this.#devices(accountId);
  }

  deviceOf(accountId: string, deviceId: string): DevDevice | undefined {
    return this.#devices(accountId).find((device) => device.id === deviceId);
  }

  apply(accountId: string, deviceId: string, command: DevDeviceCommand): DevDevice | DevCommandRefusal {
    const devices = this.#devices(accountId);
    const index = devices.findIndex((device) => device.id === deviceId);
    const device = devices[index];
    if (device === undefined) return 'no_such_device';
    const { onOff, thermostat } = device.capabilities;
    let changed: DevDevice;
    if (command.command === 'setHeatingSetpoint') {
      if (thermostat === undefined) return 'unsupported_command';
      changed = { ...device, capabilities: { ...device.capabilities, thermostat: { ...thermostat, heatingSetpointC: command.celsius } } };
    } else {
      if (onOff === undefined) return 'unsupported_command';
      const on = command.command === 'toggle' ? !onOff.on : command.command === 'on';
      changed = { ...device, capabilities: { ...device.capabilities, onOff: { on } } };
    }
    devices[index] = changed;
    return changed;
  }

  #devices(accountId: string): DevDevice[] {
    let devices = this.#byAccount.get(accountId);
    if (devices === undefined) {
      devices = demoDevices();
      this.#byAccount.set(accountId, devices);
    }
    return devices;
  }
}
