import { expect } from 'chai';
import sinon from 'sinon';
import { createConnector, loadConfig, type Deadline } from 'c2c-account-linking';
import { stubTokenVerifier } from 'c2c-account-linking/testing';
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
  const verifier = stubTokenVerifier();
  const devicesOf = sinon.stub<[string, Deadline], Promise<readonly CatalogDevice[]>>();
  const catalog: DeviceCatalog = { devicesOf };
  const report = sinon.stub<[DeviceDiscoveryReport, Deadline], Promise<void>>();
  const reporter: DeviceDiscoveryReporter = { report };
  // The jwt source is configured, but its verifier is the test kit's stub: no keys, no network.
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    C2C_JWKS_URI: 'https://idp.example.com/.well-known/jwks.json',
    C2C_JWT_ISSUER: 'https://idp.example.com',
    C2C_JWT_AUDIENCE: 'acme-connector',
  });
  const { handler, router } = createConnector(config, {
    ports: { tokenVerifier: verifier },
    operations: [new DiscoverDevicesHandler(catalog, reporter)],
  });

  beforeEach(() => {
    verifier.verify.reset();
    devicesOf.reset();
    report.reset();
    report.resolves();
    verifier.verify.resolves({
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
    expect(verifier.verify.firstCall.args[0].reveal()).to.equal('token-of-ann');
  });

  it('answers 400 INVALID_REQUEST, reporting nothing, when the request has no deviceDiscoveryId', async () => {
    const answer = await handler(envelope('AWS.DiscoverDevices', 'token-of-ann', {}));
    expect(answer.header.responseCode).to.equal(400);
    expect(answer.payload.errorCode).to.equal('INVALID_REQUEST');
    expect(report.called).to.equal(false);
  });

  it('never runs for a token the identity chain rejects', async () => {
    verifier.verify.resolves({ recognised: false, reason: 'not a JWT' });
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
