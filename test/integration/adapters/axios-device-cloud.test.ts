import { inspect } from 'node:util';
import { expect } from 'chai';
import { SystemClock } from '#adapters/clock/system-clock.js';
import { AxiosDeviceCloud } from '#adapters/device-cloud/axios-device-cloud.js';
import { createHttpClient } from '#adapters/outbound-http/http-client.js';
import { Deadline } from '#application/deadline.js';
import type { PlatformCredential } from '#application/ports/device-cloud.js';
import { AccessToken } from '#domain/access-token.js';
import { ConnectorMisconfigured } from '#domain/errors/connector-misconfigured.js';
import { DeviceCloudUnavailable } from '#domain/errors/device-cloud-unavailable.js';
import { InvalidToken } from '#domain/errors/invalid-token.js';
import { SecretValue } from '#domain/secret-value.js';
import { sendJson, startLoopbackServer, type LoopbackServer, type Respond } from '#main/testing/index.js';
import { SECRET_ARN, SECRET_VERSION_ID } from '../../support/envelopes.js';
import { expectDomainError } from '../../support/expect-domain-error.js';

/** Real time: real servers answer (and hang) in real time. */
const clock = new SystemClock();
const TOKEN = 'device-api-token-8c1f4e2a9b';
const credential: PlatformCredential = { type: 'OAuth2.0', token: AccessToken.of(TOKEN) };
const http = createHttpClient();

const lamp = { id: 'lamp-1', name: 'Desk lamp', model: 'L100', capabilities: { onOff: { on: false } } };
const thermostat = { id: 'thermostat-1', name: 'Hall thermostat', capabilities: { thermostat: { localTemperatureC: 20.5, heatingSetpointC: 21 } } };

describe('AxiosDeviceCloud against a loopback device API', () => {
  let server: LoopbackServer;
  let respond: Respond;

  beforeEach(async () => {
    respond = (_request, response) => sendJson(response, 200, { devices: [lamp, thermostat] });
    server = await startLoopbackServer((request, response) => respond(request, response));
  });
  afterEach(() => server.close());

  const cloud = (retries = 0) => new AxiosDeviceCloud(http, { baseUrl: `${server.url}/api/`, retry: { maxRetries: retries, baseDelayMs: 1 } });
  const deadline = (ms = 1500) => Deadline.in(ms, clock);

  it('lists the devices with the bearer token, reading each one\'s capabilities as traits', async () => {
    const devices = await cloud().devicesOf(credential, deadline());
    expect(devices).to.deep.equal([
      { id: 'lamp-1', name: 'Desk lamp', model: 'L100', traits: [{ kind: 'onOff', on: false }] },
      { id: 'thermostat-1', name: 'Hall thermostat', traits: [{ kind: 'thermostat', localTemperatureC: 20.5, heatingSetpointC: 21 }] },
    ]);
    expect(server.requests[0]).to.deep.include({ method: 'GET', url: '/api/devices' });
    expect(server.requests[0]?.headers.authorization).to.equal(`Bearer ${TOKEN}`);
  });

  it('posts a command as JSON and answers the device\'s state after it', async () => {
    respond = (request, response) => sendJson(response, 200, { ...lamp, capabilities: { onOff: { on: (JSON.parse(request.body) as { command?: string }).command === 'on' } } });
    const outcome = await cloud().command(credential, 'lamp-1', { kind: 'switch', on: true }, deadline());
    expect(outcome).to.deep.equal({ applied: true, device: { id: 'lamp-1', name: 'Desk lamp', model: 'L100', traits: [{ kind: 'onOff', on: true }] } });
    expect(server.requests[0]).to.deep.include({ method: 'POST', url: '/api/devices/lamp-1/commands', body: '{"command":"on"}' });
    expect(server.requests[0]?.headers['content-type']).to.equal('application/json');

    await cloud().command(credential, 'thermostat-1', { kind: 'setHeatingSetpoint', celsius: 22.5 }, deadline());
    await cloud().command(credential, 'lamp-1', { kind: 'toggle' }, deadline());
    expect(server.requests.slice(1).map((request) => request.body)).to.deep.equal(['{"command":"setHeatingSetpoint","celsius":22.5}', '{"command":"toggle"}']);
  });

  it('reads one device, its id escaped in the path', async () => {
    respond = (_request, response) => sendJson(response, 200, lamp);
    await cloud().read(credential, 'lamp@home,1', deadline());
    expect(server.requests[0]?.url).to.equal('/api/devices/lamp%40home%2C1');
  });

  for (const status of [400, 404, 409, 422]) {
    it(`answers a command refused with ${status} as a refused outcome`, async () => {
      respond = (_request, response) => sendJson(response, status, { error: 'nope' });
      const outcome = await cloud().command(credential, 'lamp-9', { kind: 'toggle' }, deadline());
      expect(outcome).to.deep.include({ applied: false, statusCode: status });
    });
  }

  for (const status of [401, 403]) {
    it(`takes ${status} for the platform refusing the token: INVALID_TOKEN, without the token`, async () => {
      respond = (_request, response) => sendJson(response, status, { error: 'invalid_token' });
      const error = await expectDomainError(cloud().devicesOf(credential, deadline()), { type: InvalidToken, code: 'INVALID_TOKEN', secret: TOKEN });
      expect(error.message).to.equal(`The device API refused the token (HTTP ${status}).`);
    });
  }

  it('retries a read that failed with 503 and answers the next attempt', async () => {
    let calls = 0;
    respond = (_request, response) => (calls++ === 0 ? sendJson(response, 503, {}) : sendJson(response, 200, { devices: [] }));
    expect(await cloud(2).devicesOf(credential, deadline())).to.deep.equal([]);
    expect(server.requests).to.have.length(2);
  });

  it('never retries a command (a toggle is not idempotent): 503 is DEVICE_CLOUD_UNAVAILABLE after one attempt', async () => {
    respond = (_request, response) => sendJson(response, 503, {});
    await expectDomainError(cloud(3).command(credential, 'lamp-1', { kind: 'toggle' }, deadline()), {
      type: DeviceCloudUnavailable,
      code: 'DEVICE_CLOUD_UNAVAILABLE',
      secret: TOKEN,
    });
    expect(server.requests).to.have.length(1);
  });

  it('gives up at the deadline when the API does not answer: DEVICE_CLOUD_UNAVAILABLE, token nowhere in the error', async () => {
    respond = () => undefined;
    const error = await expectDomainError(cloud().devicesOf(credential, deadline(150)), { type: DeviceCloudUnavailable, code: 'DEVICE_CLOUD_UNAVAILABLE', secret: TOKEN });
    expect(error.message).to.equal('The device API gave no usable answer: no answer within the deadline.');
    expect(inspect(error, { depth: 10 })).to.not.include('Bearer');
  });

  it('a network failure is DEVICE_CLOUD_UNAVAILABLE', async () => {
    const url = server.url;
    await server.close();
    const closed = new AxiosDeviceCloud(http, { baseUrl: url });
    await expectDomainError(closed.devicesOf(credential, deadline()), { type: DeviceCloudUnavailable, code: 'DEVICE_CLOUD_UNAVAILABLE', secret: TOKEN });
    server = await startLoopbackServer((request, response) => respond(request, response));
  });

  for (const [what, status, body] of [
    ['a 404 for the list (a wrong URL)', 404, { error: 'not found' }],
    ['a redirect', 302, {}],
    ['a list that is no list', 200, { devices: 'lamp' }],
    ['a device without an id', 200, { devices: [{ name: 'x', capabilities: {} }] }],
    ['an onOff without a boolean', 200, { devices: [{ ...lamp, capabilities: { onOff: { on: 'yes' } } }] }],
  ] as const) {
    it(`takes ${what} for CONFIGURATION_ERROR naming C2C_DEVICE_API_URL`, async () => {
      respond = (_request, response) => sendJson(response, status, body);
      const error = await expectDomainError(cloud().devicesOf(credential, deadline()), { type: ConnectorMisconfigured, code: 'CONFIGURATION_ERROR', secret: TOKEN });
      expect(error.message).to.contain('check C2C_DEVICE_API_URL');
    });
  }

  it('refuses a General Authorization credential before calling anything: it sends bearer tokens only', async () => {
    const secretCredential: PlatformCredential = {
      type: 'GeneralAuthorization',
      secretsManager: { arn: SECRET_ARN, versionId: SECRET_VERSION_ID },
      secret: SecretValue.of('{"apiKey":"k-1"}'),
    };
    await expectDomainError(cloud().devicesOf(secretCredential, deadline()), { type: ConnectorMisconfigured, code: 'CONFIGURATION_ERROR' });
    expect(server.requests).to.have.length(0);
  });

  it('refuses a token that cannot travel in a header unchanged, calling nothing', async () => {
    await expectDomainError(cloud().devicesOf({ type: 'OAuth2.0', token: AccessToken.of('token\r\nX-Injected: 1') }, deadline()), { type: InvalidToken, code: 'INVALID_TOKEN' });
    expect(server.requests).to.have.length(0);
  });
});
