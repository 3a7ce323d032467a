import { expect } from 'chai';
import sinon from 'sinon';
import { createConnector, type Deadline, type OperationRouter } from 'c2c-account-linking';
import { stubIdentitySource, testConfig } from 'c2c-account-linking/testing';
import type { CatalogDevice, DeviceCatalog } from './device-catalog.js';
import { DiscoverDevicesHandler } from './discover-devices-handler.js';
import type { DeviceDiscoveryReport, DeviceDiscoveryReporter } from './device-discovery-reporter.js';

function envelope(operationName: string, token = 'token-of-ann', extra: Record<string, unknown> = { deviceDiscoveryId: 'discovery-42' }): Record<string, unknown> {
  return {
    header: { auth: { token, type: 'OAuth2.0' } },
    payload: { operationName, operationVersion: '1.0', connectorId: 'acme-connector', ...extra },
  };
}

describe('example: AWS.DiscoverDevices registered through the router', () => {
  const source = stubIdentitySource();
  const devicesOf = sinon.stub<[string, Deadline], Promise<readonly CatalogDevice[]>>();
  const catalog: DeviceCatalog = { devicesOf };
  const report = sinon.stub<[DeviceDiscoveryReport, Deadline], Promise<void>>();
  const reporter: DeviceDiscoveryReporter = { report };
  // The identity source is the test kit's stub, registered by name: no keys, no network, no JWKS variables.
  const connector = createConnector(testConfig(), {
    identitySources: { idp: source },
    operations: [new DiscoverDevicesHandler(catalog, reporter)],
  });
  const { handler } = connector;
  let router: OperationRouter;
  before(async () => {
    router = await connector.router();
  });

  beforeEach(() => {
    source.identify.reset();
    devicesOf.reset();
    report.reset();
    report.resolves();
    source.identify.resolves({
      recognised: true,
      claims: { userId: 'ann-1', issuer: 'https://idp.example.com', subject: 'ann-1', source: 'jwt' },
    });
    devicesOf.resolves([{ id: 'lamp-1', name: 'Desk lamp', model: 'L100' }]);
  });

  it('registers next to the built-in operations', () => {
    expect(router.operations).to.have.members(['AWS.ActivateUser', 'AWS.DeactivateUser', 'AWS.DiscoverDevices']);
  });

  it('reports the devices of the user the token resolved to under the deviceDiscoveryId, and answers the acknowledgement', async () => {
    const answer = await handler(envelope('AWS.DiscoverDevices'));

    expect(answer).to.deep.equal({
      header: { responseCode: 200 },
      payload: { responseMessage: 'Device discovery discovery-42 acknowledged for connector-id acme-connector.', userId: 'ann-1' },
    });
    expect(devicesOf.firstCall.args[0]).to.equal('ann-1');
    expect(report.firstCall.args[0]).to.deep.equal({
      deviceDiscoveryId: 'discovery-42',
      userId: 'ann-1',
      devices: [{ id: 'lamp-1', name: 'Desk lamp', model: 'L100' }],
    });
    expect(source.identify.firstCall.args[0].reveal()).to.equal('token-of-ann');
  });

  it('answers 400 INVALID_REQUEST, reporting nothing, when the request has no deviceDiscoveryId', async () => {
    const answer = await handler(envelope('AWS.DiscoverDevices', 'token-of-ann', {}));
    expect(answer.header.responseCode).to.equal(400);
    expect(answer.payload.errorCode).to.equal('INVALID_REQUEST');
    expect(report.called).to.equal(false);
  });

  it('never runs for a token the identity chain rejects', async () => {
    source.identify.resolves({ recognised: false, reason: 'not a JWT' });
    const answer = await handler(envelope('AWS.DiscoverDevices', 'opaque-token'));
    expect(answer.header.responseCode).to.equal(401);
    expect(answer.payload.errorCode).to.equal('INVALID_TOKEN');
    expect(devicesOf.called).to.equal(false);
  });

  it('leaves operations without a handler UNSUPPORTED_OPERATION', async () => {
    const answer = await handler(envelope('AWS.SendCommand'));
    expect(answer.header.responseCode).to.equal(400);
    expect(answer.payload.errorCode).to.equal('UNSUPPORTED_OPERATION');
  });
});
