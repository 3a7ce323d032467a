import { expect } from 'chai';
import { SystemClock } from '#adapters/clock/system-clock.js';
import { AxiosConnectorEvents } from '#adapters/connector-events/axios-connector-events.js';
import { createHttpClient } from '#adapters/outbound-http/http-client.js';
import { Deadline } from '#application/deadline.js';
import type { ConnectorEvent } from '#application/ports/connector-events.js';
import { ConnectorEventsUnavailable } from '#domain/errors/connector-events-unavailable.js';
import { ConnectorMisconfigured } from '#domain/errors/connector-misconfigured.js';
import { sendJson, startLoopbackServer, type LoopbackServer, type Respond } from '#main/testing/index.js';
import { expectDomainError } from '../../support/expect-domain-error.js';

const clock = new SystemClock();
const http = createHttpClient();

const lampReport = {
  version: '1.0.0',
  endpoints: [{ id: '1', deviceTypes: ['0x0100'], clusters: [{ id: '0x0006', revision: 4, name: 'OnOff', attributes: [{ id: '0x0000', name: 'OnOff', value: true }], commands: ['0x00'] }] }],
} as const;

const discovery: ConnectorEvent = {
  operation: 'DEVICE_DISCOVERY',
  userId: 'ann-1',
  deviceDiscoveryId: 'discovery42',
  statusCode: 200,
  devices: [
    {
      connectorDeviceId: 'lamp-1',
      connectorDeviceName: 'Desk lamp',
      capabilityReport: lampReport,
    },
  ],
};

describe('AxiosConnectorEvents against a loopback SendConnectorEvent endpoint (the emulator\'s)', () => {
  let server: LoopbackServer;
  let respond: Respond;

  beforeEach(async () => {
    respond = (_request, response) => sendJson(response, 202, { ConnectorId: 'connector-1' });
    server = await startLoopbackServer((request, response) => respond(request, response));
  });
  afterEach(() => server.close());

  const events = (retries = 0) => new AxiosConnectorEvents(http, { baseUrl: `${server.url}/`, configuredBy: 'C2C_EVENTS_URL', retry: { maxRetries: retries, baseDelayMs: 1 } });
  const deadline = (ms = 1500) => Deadline.in(ms, clock);

  it('posts a DEVICE_DISCOVERY to /connector-event/{ConnectorId} with the API\'s field names', async () => {
    await events().send('connector-1', discovery, deadline());
    const [request] = server.requests;
    expect(request).to.deep.include({ method: 'POST', url: '/connector-event/connector-1' });
    expect(request?.headers['content-type']).to.equal('application/json');
    expect(JSON.parse(request!.body)).to.deep.equal({
      Operation: 'DEVICE_DISCOVERY',
      OperationVersion: '1.0',
      StatusCode: 200,
      UserId: 'ann-1',
      DeviceDiscoveryId: 'discovery42',
      Devices: [{ ConnectorDeviceId: 'lamp-1', ConnectorDeviceName: 'Desk lamp', CapabilityReport: lampReport }],
    });
  });

  it('writes a command response\'s MatterEndpoint attributes as the guide\'s sample does, a list of {id: value}', async () => {
    await events().send(
      'connector-1',
      {
        operation: 'DEVICE_COMMAND_RESPONSE',
        userId: 'ann-1',
        traceId: 'trace-1',
        connectorDeviceId: 'lamp-1',
        statusCode: 200,
        endpoint: { id: '1', clusters: [{ id: '0x0006', attributes: { '0x0000': true } }] },
      },
      deadline(),
    );
    expect(JSON.parse(server.requests[0]!.body)).to.deep.equal({
      Operation: 'DEVICE_COMMAND_RESPONSE',
      OperationVersion: '1.0',
      StatusCode: 200,
      UserId: 'ann-1',
      TraceId: 'trace-1',
      ConnectorDeviceId: 'lamp-1',
      MatterEndpoint: { id: '1', clusters: [{ id: '0x0006', attributes: [{ '0x0000': true }] }] },
    });
  });

  it('sends a DEVICE_EVENT without a UserId when it has none, and a refused command without a MatterEndpoint', async () => {
    await events().send('connector-1', { operation: 'DEVICE_EVENT', connectorDeviceId: 'lamp-1', statusCode: 200, endpoint: { id: '1', clusters: [{ id: '0x0006', attributes: { '0x0000': false } }] } }, deadline());
    await events().send('connector-1', { operation: 'DEVICE_COMMAND_RESPONSE', userId: 'ann-1', traceId: 'trace-2', connectorDeviceId: 'lamp-9', statusCode: 404 }, deadline());
    const [event, refused] = server.requests.map((request) => JSON.parse(request.body) as Record<string, unknown>);
    expect(event).to.deep.equal({
      Operation: 'DEVICE_EVENT',
      OperationVersion: '1.0',
      StatusCode: 200,
      ConnectorDeviceId: 'lamp-1',
      MatterEndpoint: { id: '1', clusters: [{ id: '0x0006', attributes: [{ '0x0000': false }] }] },
    });
    expect(refused).to.deep.equal({ Operation: 'DEVICE_COMMAND_RESPONSE', OperationVersion: '1.0', StatusCode: 404, UserId: 'ann-1', TraceId: 'trace-2', ConnectorDeviceId: 'lamp-9' });
  });

  it('escapes the connector id in the path', async () => {
    await events().send('acme/connector 1', discovery, deadline());
    expect(server.requests[0]?.url).to.equal('/connector-event/acme%2Fconnector%201');
  });

  it('retries a 503 within the deadline (SendConnectorEvent is idempotent)', async () => {
    let calls = 0;
    respond = (_request, response) => sendJson(response, calls++ === 0 ? 503 : 202, {});
    await events(2).send('connector-1', discovery, deadline());
    expect(server.requests).to.have.length(2);
    expect(server.requests[1]?.body).to.equal(server.requests[0]?.body);
  });

  for (const status of [429, 500, 503]) {
    it(`takes ${status} for CONNECTOR_EVENTS_UNAVAILABLE (retryable)`, async () => {
      respond = (_request, response) => {
        response.setHeader('x-amzn-errortype', 'ThrottlingException:http://internal.amazon.com/coral/com.amazon.iotmanagedintegrations/');
        sendJson(response, status, { message: 'slow down' });
      };
      const error = await expectDomainError(events().send('connector-1', discovery, deadline()), { type: ConnectorEventsUnavailable, code: 'CONNECTOR_EVENTS_UNAVAILABLE' });
      expect(error.message).to.equal(`SendConnectorEvent gave no usable answer: HTTP ${status}, ThrottlingException.`);
    });
  }

  for (const [status, type] of [
    [400, 'ValidationException'],
    [403, 'AccessDeniedException'],
    [404, 'ResourceNotFoundException'],
  ] as const) {
    it(`takes ${status} ${type} for CONFIGURATION_ERROR, naming the error type and what to check`, async () => {
      respond = (_request, response) => sendJson(response, status, { __type: `com.amazonaws.iotmanagedintegrations#${type}`, Message: 'no' });
      const error = await expectDomainError(events().send('connector-1', discovery, deadline()), { type: ConnectorMisconfigured, code: 'CONFIGURATION_ERROR' });
      expect(error.message).to.equal(`SendConnectorEvent refused the DEVICE_DISCOVERY event (HTTP ${status}, ${type}), and would on every retry; check C2C_EVENTS_URL.`);
    });
  }

  it('gives up at the deadline: CONNECTOR_EVENTS_UNAVAILABLE', async () => {
    respond = () => undefined;
    const error = await expectDomainError(events().send('connector-1', discovery, deadline(150)), { type: ConnectorEventsUnavailable, code: 'CONNECTOR_EVENTS_UNAVAILABLE' });
    expect(error.message).to.equal('SendConnectorEvent gave no usable answer: no answer within the deadline.');
  });
});
