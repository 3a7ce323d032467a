import type { AxiosInstance, AxiosResponse } from 'axios';
import type { Deadline } from '../../application/deadline.js';
import type { CloudDevice, DeviceCloud, DeviceCommand, DeviceOutcome, DeviceTrait, PlatformCredential } from '../../application/ports/device-cloud.js';
import { ConnectorMisconfigured } from '../../domain/errors/connector-misconfigured.js';
import { DeviceCloudUnavailable } from '../../domain/errors/device-cloud-unavailable.js';
import { InvalidToken } from '../../domain/errors/invalid-token.js';
import { bearerAuthorization } from '../outbound-http/bearer-authorization.js';
import { describeHttpFailure } from '../outbound-http/describe-http-failure.js';
import { parseJsonObject } from '../outbound-http/parse-json-object.js';
import { isTransientStatus, sendWithRetries, type RetryPolicy } from '../outbound-http/send-with-retries.js';

export interface AxiosDeviceCloudOptions {
  /** The platform's device API (`C2C_DEVICE_API_URL`): `GET /devices`, `GET /devices/{id}`, `POST /devices/{id}/commands`. */
  readonly baseUrl: string;
  /** Retries of reads that failed transiently, within the deadline; commands are never retried (a toggle is not idempotent). */
  readonly retry?: RetryPolicy;
  /** Largest answer read. Default 256 KiB. */
  readonly maxResponseBytes?: number;
}

/**
 * The device API of the sandbox platform, as a reference for a real one: bearer-protected JSON, a device
 * `{"id","name","model"?,"capabilities":{"onOff":{"on"},"thermostat":{"localTemperatureC","heatingSetpointC"}}}`.
 * 401 and 403 are the platform refusing the token (INVALID_TOKEN: managed integrations refreshes it);
 * timeouts, network errors, 429 and 5xx are DEVICE_CLOUD_UNAVAILABLE; a device it does not know (404) or a
 * command it turns down (400, 409, 422) is a refused outcome; anything else is CONFIGURATION_ERROR.
 * Errors never carry the token: the AxiosError (its config holds the header) is never kept as a cause.
 */
export class AxiosDeviceCloud implements DeviceCloud {
  readonly #base: string;
  readonly #maxResponseBytes: number;

  constructor(
    private readonly http: AxiosInstance,
    private readonly options: AxiosDeviceCloudOptions,
  ) {
    this.#base = options.baseUrl.replace(/\/+$/, '');
    this.#maxResponseBytes = options.maxResponseBytes ?? 256 * 1024;
  }

  async devicesOf(credential: PlatformCredential, deadline: Deadline): Promise<readonly CloudDevice[]> {
    const response = await this.#send('GET', '/devices', credential, undefined, deadline);
    if (response.status !== 200) throw this.#unusable(response.status);
    const devices = parseJsonObject(response.data)?.['devices'];
    if (!Array.isArray(devices)) throw misconfigured('an answer without a "devices" list');
    return devices.map(deviceOf);
  }

  read(credential: PlatformCredential, deviceId: string, deadline: Deadline): Promise<DeviceOutcome> {
    return this.#outcome(this.#send('GET', `/devices/${encodeURIComponent(deviceId)}`, credential, undefined, deadline));
  }

  command(credential: PlatformCredential, deviceId: string, command: DeviceCommand, deadline: Deadline): Promise<DeviceOutcome> {
    const body =
      command.kind === 'switch'
        ? { command: command.on ? 'on' : 'off' }
        : command.kind === 'toggle'
          ? { command: 'toggle' }
          : { command: 'setHeatingSetpoint', celsius: command.celsius };
    return this.#outcome(this.#send('POST', `/devices/${encodeURIComponent(deviceId)}/commands`, credential, body, deadline));
  }

  async #outcome(sent: Promise<AxiosResponse<string>>): Promise<DeviceOutcome> {
    const response = await sent;
    const { status } = response;
    if (status === 200) {
      const device = parseJsonObject(response.data);
      if (device === undefined) throw misconfigured('a device that is not a JSON object');
      return { applied: true, device: deviceOf(device) };
    }
    if (status === 400 || status === 404 || status === 409 || status === 422) {
      return { applied: false, statusCode: status, reason: status === 404 ? 'the platform knows no such device' : 'the platform refused the command' };
    }
    throw this.#unusable(status);
  }

  async #send(method: 'GET' | 'POST', path: string, credential: PlatformCredential, body: object | undefined, deadline: Deadline): Promise<AxiosResponse<string>> {
    if (credential.type !== 'OAuth2.0') {
      throw new ConnectorMisconfigured('The device API client calls the platform with OAuth bearer tokens only; a General Authorization connector needs a DeviceCloud of its own.');
    }
    const authorization = bearerAuthorization(credential.token);
    if (deadline.remainingMs() === 0) throw new DeviceCloudUnavailable('The device API gave no usable answer: no time left in the deadline.');
    const send = (timeout: number) =>
      this.http.request<string>({
        method,
        url: `${this.#base}${path}`,
        timeout,
        signal: deadline.signal,
        maxContentLength: this.#maxResponseBytes,
        headers: { Authorization: authorization, Accept: 'application/json', ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
        ...(body === undefined ? {} : { data: JSON.stringify(body) }),
      });
    let response: AxiosResponse<string>;
    try {
      response = method === 'GET' ? await sendWithRetries(deadline, this.options.retry ?? {}, send) : await send(Math.max(1, deadline.remainingMs()));
    } catch (error) {
      // Not kept as cause: the AxiosError's config carries the Authorization header.
      throw new DeviceCloudUnavailable(`The device API gave no usable answer: ${describeHttpFailure(error)}.`);
    }
    if (response.status === 401 || response.status === 403) {
      throw new InvalidToken(`The device API refused the token (HTTP ${response.status}).`);
    }
    return response;
  }

  #unusable(status: number): Error {
    if (isTransientStatus(status)) return new DeviceCloudUnavailable(`The device API gave no usable answer: HTTP ${status}.`);
    return misconfigured(`HTTP ${status}${status >= 300 && status < 400 ? ', a redirect, which is not followed' : ''}`);
  }
}

function misconfigured(what: string): ConnectorMisconfigured {
  return new ConnectorMisconfigured(`The device API answered ${what}, and would on every retry; check C2C_DEVICE_API_URL.`);
}

function deviceOf(value: unknown): CloudDevice {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw misconfigured('a device that is not a JSON object');
  const device = value as Record<string, unknown>;
  const { id, name, model, capabilities } = device;
  if (typeof id !== 'string' || id === '' || typeof name !== 'string') throw misconfigured('a device without a string id and name');
  if (typeof capabilities !== 'object' || capabilities === null) throw misconfigured('a device without capabilities');
  const traits: DeviceTrait[] = [];
  const { onOff, thermostat } = capabilities as Record<string, unknown>;
  if (onOff !== undefined) {
    const on = (onOff as Record<string, unknown> | null)?.['on'];
    if (typeof on !== 'boolean') throw misconfigured('an onOff capability without a boolean "on"');
    traits.push({ kind: 'onOff', on });
  }
  if (thermostat !== undefined) {
    const fields = (thermostat ?? {}) as Record<string, unknown>;
    const { localTemperatureC, heatingSetpointC } = fields;
    if (!isFiniteNumber(localTemperatureC) || !isFiniteNumber(heatingSetpointC)) {
      throw misconfigured('a thermostat capability without numeric localTemperatureC and heatingSetpointC');
    }
    traits.push({ kind: 'thermostat', localTemperatureC, heatingSetpointC });
  }
  return { id, name, ...(typeof model === 'string' ? { model } : {}), traits };
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}
