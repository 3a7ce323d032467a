import type { OAuthAuthorization, SecretCredential } from '../connector-request.js';
import type { Deadline } from '../deadline.js';

/** What a device can do and the state it is in, in the platform's own terms (not Matter's). */
export type DeviceTrait =
  | { readonly kind: 'onOff'; readonly on: boolean }
  | { readonly kind: 'thermostat'; readonly localTemperatureC: number; readonly heatingSetpointC: number };

/** One of the user's devices at the platform. */
export interface CloudDevice {
  /** The platform's id: becomes the ConnectorDeviceId (1–256 of `[a-zA-Z0-9_.,@-]`, no personal data). */
  readonly id: string;
  readonly name: string;
  readonly model?: string;
  readonly traits: readonly DeviceTrait[];
}

export type DeviceCommand =
  | { readonly kind: 'switch'; readonly on: boolean }
  | { readonly kind: 'toggle' }
  | { readonly kind: 'setHeatingSetpoint'; readonly celsius: number };

/**
 * `applied`: the device is in `device`'s state now. `refused`: the platform turned the command (or the read)
 * down for a reason no retry changes, e.g. no such device (404) or a command the device does not take (400).
 */
export type DeviceOutcome =
  | { readonly applied: true; readonly device: CloudDevice }
  | { readonly applied: false; readonly statusCode: number; readonly reason: string };

/** How the connector calls the platform as the user: the request's bearer token, or its General Authorization secret. */
export type PlatformCredential = OAuthAuthorization | SecretCredential;

/**
 * Port: the third-party platform's device API, called as the user. Implementations throw `InvalidToken`
 * when the platform refuses the credential, `DeviceCloudUnavailable` when it gives no usable answer within
 * the deadline (network, 429, 5xx), and `ConnectorMisconfigured` for answers no retry changes.
 */
export interface DeviceCloud {
  devicesOf(credential: PlatformCredential, deadline: Deadline): Promise<readonly CloudDevice[]>;
  read(credential: PlatformCredential, deviceId: string, deadline: Deadline): Promise<DeviceOutcome>;
  command(credential: PlatformCredential, deviceId: string, command: DeviceCommand, deadline: Deadline): Promise<DeviceOutcome>;
}
