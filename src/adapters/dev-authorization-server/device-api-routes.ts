import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type Provider from 'oidc-provider';
import type { DevAccessTokenFormat } from './dev-authorization-server-options.js';
import type { DevDeviceCommand, DevDeviceStore } from './dev-device-store.js';

export const DEVICE_API_PATH = '/api';

const ROUTE = /^\/api\/devices(?:\/([A-Za-z0-9_.,@-]{1,256})(\/commands)?)?$/;
const MAX_BODY_BYTES = 4 * 1024;

export interface DeviceApiOptions {
  readonly provider: Provider;
  readonly accessTokenFormat: DevAccessTokenFormat;
  /** The `aud` of JWT access tokens. */
  readonly resource: string;
  readonly devices: DevDeviceStore;
}

/**
 * The sandbox platform's device API, a resource server of the authorization server it runs beside: it
 * takes a bearer access token and checks it as any resource server would, a JWT against the issuer's key
 * set (signature, issuer, audience, expiry), an opaque token by looking it up (introspection). Routes:
 * `GET /api/devices`, `GET /api/devices/{id}`, `POST /api/devices/{id}/commands` with
 * `{"command":"on"|"off"|"toggle"}` or `{"command":"setHeatingSetpoint","celsius":n}`.
 */
export class DeviceApiRoutes {
  #keys: JWTVerifyGetKey | undefined;

  constructor(private readonly options: DeviceApiOptions) {}

  /** Answers the request if it is a device API route; returns false to leave it to the others. */
  async handle(request: IncomingMessage, response: ServerResponse): Promise<boolean> {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (path !== DEVICE_API_PATH && !path.startsWith(`${DEVICE_API_PATH}/`)) return false;
    const match = ROUTE.exec(path);
    if (match === null) {
      sendJson(response, 404, { error: 'not_found' });
      return true;
    }
    const [, deviceId, commands] = match;
    const method = request.method ?? 'GET';
    const allowed = commands === undefined ? 'GET' : 'POST';
    if (method !== allowed) {
      sendJson(response, 405, { error: 'method_not_allowed' }, { allow: allowed });
      return true;
    }
    const accountId = await this.#accountOf(request, response);
    if (accountId === undefined) return true;
    const { devices } = this.options;
    if (deviceId === undefined) {
      sendJson(response, 200, { devices: devices.devicesOf(accountId) });
    } else if (commands === undefined) {
      const device = devices.deviceOf(accountId, deviceId);
      if (device === undefined) sendJson(response, 404, { error: 'no_such_device' });
      else sendJson(response, 200, device);
    } else {
      const command = commandOf(await readJson(request));
      if (command === undefined) {
        sendJson(response, 400, { error: 'invalid_command' });
        return true;
      }
      const outcome = devices.apply(accountId, deviceId, command);
      if (outcome === 'no_such_device') sendJson(response, 404, { error: outcome });
      else if (outcome === 'unsupported_command') sendJson(response, 400, { error: outcome });
      else sendJson(response, 200, outcome);
    }
    return true;
  }

  /** The token's account, or undefined once the refusal is answered (RFC 6750 §3). */
  async #accountOf(request: IncomingMessage, response: ServerResponse): Promise<string | undefined> {
    const header = request.headers.authorization ?? '';
    const token = /^Bearer ([\x21-\x7e]+)$/.exec(header)?.[1];
    if (token === undefined) {
      sendJson(response, 401, { error: 'invalid_request' }, { 'www-authenticate': 'Bearer realm="devices"' });
      return undefined;
    }
    const accountId = await this.#verify(token);
    if (accountId === undefined) {
      sendJson(response, 401, { error: 'invalid_token' }, { 'www-authenticate': 'Bearer realm="devices", error="invalid_token"' });
    }
    return accountId;
  }

  async #verify(token: string): Promise<string | undefined> {
    const { provider } = this.options;
    if (this.options.accessTokenFormat === 'opaque') {
      const found = await provider.AccessToken.find(token).catch(() => undefined);
      return found === undefined || found.isExpired ? undefined : found.accountId;
    }
    this.#keys ??= createRemoteJWKSet(new URL(provider.urlFor('jwks')));
    try {
      const { payload } = await jwtVerify(token, this.#keys, { issuer: provider.issuer, audience: this.options.resource, algorithms: ['RS256'] });
      return typeof payload.sub === 'string' ? payload.sub : undefined;
    } catch {
      return undefined;
    }
  }
}

function commandOf(body: unknown): DevDeviceCommand | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const { command, celsius } = body as Record<string, unknown>;
  if (command === 'on' || command === 'off' || command === 'toggle') return { command };
  if (command === 'setHeatingSetpoint' && typeof celsius === 'number' && celsius >= 7 && celsius <= 30) return { command, celsius };
  return undefined;
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return undefined;
  }
}

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store', ...headers });
  response.end(text);
}
