import { expect } from 'chai';
import type { ConnectorResult } from '#application/connector-request.js';
import type { OperationRouter } from '#application/operation-router.js';
import type { UserOperationHandler } from '#application/user-operation-handler.js';
import { ConfigurationError } from '#main/config/configuration-error.js';
import { loadConfig } from '#main/config/load-config.js';
import { createConnector, type ConnectorExtensions } from '#main/create-connector.js';
import { stubConnectorEvents, stubDeviceCloud, stubIdentitySource } from '#main/testing/index.js';
import { TOKENS } from '#main/tokens.js';
import { DESK_LAMP, discoverDevicesEnvelope } from '../../support/device-envelopes.js';

class OwnDiscovery implements UserOperationHandler {
  readonly operationName = 'AWS.DiscoverDevices';
  handle(): Promise<ConnectorResult> {
    return Promise.resolve({ responseMessage: 'mine' });
  }
}

const registered = (): ConnectorExtensions['identitySources'] => {
  const source = stubIdentitySource();
  source.identify.resolves({ recognised: true, claims: { userId: 'ann-1', issuer: 'https://idp.example.com', subject: 'ann-1', source: 'jwt' } });
  return { idp: source };
};

function problemsOf(env: Record<string, string>, extensions: ConnectorExtensions = {}): string[] {
  try {
    createConnector(loadConfig({ LOG_LEVEL: 'silent', C2C_IDENTITY_SOURCES: 'idp', ...env }), { identitySources: registered(), ...extensions });
  } catch (error) {
    if (error instanceof ConfigurationError) return error.problems.map((p) => `${p.variable}: ${p.problem}`);
    throw error;
  }
  return expect.fail('the composition was accepted');
}

describe('composition of the device operations', () => {
  it('has none without a device API, so that an extension may handle AWS.DiscoverDevices', async () => {
    const connector = createConnector(loadConfig({ LOG_LEVEL: 'silent', C2C_IDENTITY_SOURCES: 'idp' }), { identitySources: registered(), operations: [new OwnDiscovery()] });
    const router = await connector.router();
    expect(router.operations).to.have.members(['AWS.ActivateUser', 'AWS.DeactivateUser', 'AWS.DiscoverDevices']);
    expect((await connector.handler(discoverDevicesEnvelope('token'))).payload.responseMessage).to.equal('mine');
  });

  it('refuses an extension for an operation the device API makes built in', () => {
    expect(problemsOf({ C2C_DEVICE_API_URL: 'https://api.acme.example', C2C_EVENTS_URL: 'http://127.0.0.1:1' }, { operations: [new OwnDiscovery()] })).to.deep.equal([
      'operations[0]: handles AWS.DiscoverDevices, which the connector handles itself with its device API (C2C_DEVICE_API_URL or ports.deviceCloud)',
    ]);
  });

  it('names the missing half: events without a device API, or a device API port without events', () => {
    expect(problemsOf({ C2C_EVENTS_URL: 'http://127.0.0.1:1' })).to.deep.equal([
      'C2C_DEVICE_API_URL: is required for the device operations that C2C_EVENTS_SINK, C2C_EVENTS_URL or ports.connectorEvents configure',
    ]);
    expect(problemsOf({}, { ports: { deviceCloud: stubDeviceCloud() } })).to.deep.equal(['C2C_EVENTS_SINK: is required (aws or http) for the device operations of ports.deviceCloud']);
  });

  it('uses a given deviceCloud and connectorEvents in place of the configured ones', async () => {
    const cloud = stubDeviceCloud();
    cloud.devicesOf.resolves([DESK_LAMP]);
    const events = stubConnectorEvents();
    const connector = createConnector(loadConfig({ LOG_LEVEL: 'silent', C2C_IDENTITY_SOURCES: 'idp' }), {
      identitySources: registered(),
      ports: { deviceCloud: cloud, connectorEvents: events },
    });
    const answer = await connector.handler(discoverDevicesEnvelope('token-of-ann', 'discovery7'));
    expect(answer.header.responseCode).to.equal(200);
    expect(events.send.firstCall.args[1]).to.deep.include({ operation: 'DEVICE_DISCOVERY', userId: 'ann-1', deviceDiscoveryId: 'discovery7' });
    expect(connector.container.get<OperationRouter>(TOKENS.OperationRouter).operations).to.include('AWS.SendCommand');
  });
});
