import { expect } from 'chai';
import { DevAuthorizationServer } from '#adapters/dev-authorization-server/dev-authorization-server.js';
import type { OperationRouter } from '#application/operation-router.js';
import { TOKENS } from '#main/tokens.js';
import { sendJson, startLoopbackServer, type LoopbackServer } from '#main/testing/index.js';
import { connectorFor, settle, type ConnectorUnderTest } from '../../support/connector-world.js';
import { obtainTokens } from '../../support/dev-authorization-server-fixture.js';
import { commandEndpoint, discoverDevicesEnvelope, sendCommandEnvelope } from '../../support/device-envelopes.js';

describe('AWS.DiscoverDevices and AWS.SendCommand through createConnector\'s handler, against the sandbox platform', () => {
  const platform = new DevAuthorizationServer({ client: { redirectUris: ['http://127.0.0.1:9/oauth/callback'] }, accessTokenFormat: 'jwt' });
  let sink: LoopbackServer;
  let sinkStatus = 202;
  let connector: ConnectorUnderTest;
  let token: string;

  before(async () => {
    await platform.start();
    sink = await startLoopbackServer((_request, response) => sendJson(response, sinkStatus, { ConnectorId: 'connector-1' }));
    connector = connectorFor({
      C2C_JWKS_URI: platform.jwksUri,
      C2C_JWT_ISSUER: platform.issuer,
      C2C_JWT_AUDIENCE: platform.resource,
      C2C_DEVICE_API_URL: platform.deviceApiUrl,
      C2C_EVENTS_URL: sink.url,
    });
    token = (await obtainTokens(platform)).accessToken;
  });
  after(async () => {
    await sink.close();
    await platform.stop();
  });
  beforeEach(() => {
    sink.requests.length = 0;
    sinkStatus = 202;
  });

  const events = () => sink.requests.map((request) => ({ url: request.url, body: JSON.parse(request.body) as Record<string, unknown> }));

  it('registers both beside the built-in operations', async () => {
    const router = connector.container.get<OperationRouter>(TOKENS.OperationRouter);
    expect(router.operations).to.have.members(['AWS.ActivateUser', 'AWS.DeactivateUser', 'AWS.DiscoverDevices', 'AWS.SendCommand']);
  });

  it('DiscoverDevices sends a DEVICE_DISCOVERY event with the demo user\'s devices and acknowledges', async () => {
    const answer = await connector.handler(discoverDevicesEnvelope(token, 'discovery1'));

    expect(answer).to.deep.equal({
      header: { responseCode: 200 },
      payload: { responseMessage: 'Device discovery discovery1 acknowledged for connector-id connector-1.', deviceDiscoveryId: 'discovery1' },
    });
    const [event] = events();
    expect(events()).to.have.length(1);
    expect(event?.url).to.equal('/connector-event/connector-1');
    expect(event?.body).to.deep.include({ Operation: 'DEVICE_DISCOVERY', UserId: 'demo-user-1', DeviceDiscoveryId: 'discovery1', StatusCode: 200 });
    const devices = event?.body['Devices'] as { ConnectorDeviceId: string; ConnectorDeviceName: string; CapabilityReport: { endpoints: { clusters: { id: string }[] }[] } }[];
    expect(devices.map((device) => [device.ConnectorDeviceId, device.ConnectorDeviceName, device.CapabilityReport.endpoints[0]?.clusters[0]?.id])).to.deep.equal([
      ['lamp-1', 'Desk lamp', '0x0006'],
      ['thermostat-1', 'Hall thermostat', '0x0201'],
    ]);
  });

  it('SendCommand switches the lamp on at the platform and a DEVICE_COMMAND_RESPONSE reports it', async () => {
    const answer = await connector.handler(sendCommandEnvelope(token, { traceId: 'trace-on-1' }));

    expect(answer).to.deep.equal({
      header: { responseCode: 200 },
      payload: { responseMessage: 'Command trace-on-1 acknowledged for connector-id connector-1.', traceId: 'trace-on-1' },
    });
    expect(platform.devicesOf('demo-user-1')[0]?.capabilities.onOff?.on).to.equal(true);
    expect(events().map((event) => event.body)).to.deep.equal([
      {
        Operation: 'DEVICE_COMMAND_RESPONSE',
        OperationVersion: '1.0',
        StatusCode: 200,
        UserId: 'demo-user-1',
        TraceId: 'trace-on-1',
        ConnectorDeviceId: 'lamp-1',
        MatterEndpoint: { id: '1', clusters: [{ id: '0x0006', attributes: [{ '0x0000': true }] }] },
      },
    ]);
  });

  it('reports a device the platform does not know with StatusCode 404 and still acknowledges', async () => {
    const answer = await connector.handler(sendCommandEnvelope(token, { traceId: 'trace-missing', connectorDeviceId: 'lamp-404' }));
    expect(answer.header.responseCode).to.equal(200);
    expect(events()[0]?.body).to.deep.include({ TraceId: 'trace-missing', StatusCode: 404 });
    expect(events()[0]?.body).to.not.have.property('MatterEndpoint');
  });

  it('answers a malformed SendCommand with 400 INVALID_REQUEST, commanding and reporting nothing', async () => {
    const answer = await connector.handler(sendCommandEnvelope(token, { traceId: 'trace-bad', endpoints: [commandEndpoint([{ name: 'Explode' }])] }));
    expect(answer.header.responseCode).to.equal(400);
    expect(answer.payload.errorCode).to.equal('INVALID_REQUEST');
    expect(events()).to.deep.equal([]);
  });

  it('answers a token the platform never issued with 401 INVALID_TOKEN before anything is called', async () => {
    const answer = await connector.handler(discoverDevicesEnvelope('not-a-token', 'discovery2'));
    expect(answer.payload.errorCode).to.equal('INVALID_TOKEN');
    expect(events()).to.deep.equal([]);
  });

  it('throws CONNECTOR_EVENTS_UNAVAILABLE (managed integrations retries) when the sink fails, then the retry sends the event once, the lamp toggled once', async () => {
    sinkStatus = 503;
    const before = platform.devicesOf('demo-user-1')[0]?.capabilities.onOff?.on;
    const toggle = sendCommandEnvelope(token, { traceId: 'trace-toggle', endpoints: [commandEndpoint([{ name: 'Toggle' }])] });
    const failed = await settle(connector.handler(toggle));
    expect(failed.thrown?.name).to.equal('CONNECTOR_EVENTS_UNAVAILABLE');
    expect(failed.thrown?.message).to.not.contain(token);

    sinkStatus = 202;
    sink.requests.length = 0;
    const retried = await connector.handler(toggle);
    expect(retried.header.responseCode).to.equal(200);
    expect(platform.devicesOf('demo-user-1')[0]?.capabilities.onOff?.on).to.equal(!before);
    expect(events()).to.have.length(1);
    expect(events()[0]?.body).to.deep.include({ TraceId: 'trace-toggle', StatusCode: 200 });
  });
});
