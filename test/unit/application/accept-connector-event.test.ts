import { expect } from 'chai';
import { NodeSecretGenerator } from '#adapters/crypto/node-secret-generator.js';
import { InMemoryDeviceRepository } from '#adapters/devices/in-memory-device-repository.js';
import { AcceptConnectorEvent, type ReportedDevice } from '#application/accept-connector-event.js';
import { DeviceDiscovery } from '#domain/devices/device-discovery.js';
import { ConnectorEventRefused } from '#domain/errors/connector-event-refused.js';
import { FakeClock } from '#main/testing/index.js';
import { expectDomainError } from '../../support/expect-domain-error.js';

const lamp = (on: boolean, name = 'Desk lamp'): ReportedDevice => ({
  connectorDeviceId: 'lamp-1',
  connectorDeviceName: name,
  deviceTypes: ['0x0100'],
  endpoints: [{ id: '1', clusters: [{ id: '0x0006', attributes: { '0x0000': on } }] }],
});

describe('AcceptConnectorEvent', () => {
  async function setUp() {
    const clock = new FakeClock();
    const devices = new InMemoryDeviceRepository();
    const accept = new AcceptConnectorEvent(devices, new NodeSecretGenerator(), clock, { connectorId: 'c1' });
    const start = async (id: string) => {
      const discovery = DeviceDiscovery.start({ id, associationId: 'assoc1', connectorId: 'c1', userId: 'user-1', startedAt: clock.now(), timeoutMs: 60_000 });
      await devices.saveDiscovery(discovery);
    };
    return { clock, devices, accept, start };
  }

  it('a second discovery keeps the managed thing: NO_CHANGE for the same report, UPDATED when the name or state changed', async () => {
    const { devices, accept, start } = await setUp();
    await start('d1');
    await accept.execute({ operation: 'DEVICE_DISCOVERY', connectorId: 'c1', userId: 'user-1', deviceDiscoveryId: 'd1', statusCode: 200, devices: [lamp(false)] });
    await start('d2');
    await accept.execute({ operation: 'DEVICE_DISCOVERY', connectorId: 'c1', deviceDiscoveryId: 'd2', devices: [lamp(false)] });
    await start('d3');
    await accept.execute({ operation: 'DEVICE_DISCOVERY', connectorId: 'c1', deviceDiscoveryId: 'd3', devices: [lamp(true, 'Lamp')] });

    const [first, second, third] = await Promise.all(['d1', 'd2', 'd3'].map(async (id) => (await devices.findDiscovery(id))!.devices[0]!));
    expect([first!.modification, second!.modification, third!.modification]).to.deep.equal(['DISCOVERED', 'NO_CHANGE', 'UPDATED']);
    expect(new Set([first!.managedThingId, second!.managedThingId, third!.managedThingId]).size).to.equal(1);
    expect((await devices.findThing(first!.managedThingId))!.endpoints[0]!.clusters[0]!.attributes).to.deep.equal({ '0x0000': true });
  });

  it('a DEVICE_DISCOVERY whose StatusCode is not 2xx fails the discovery and makes no thing', async () => {
    const { clock, devices, accept, start } = await setUp();
    await start('d1');
    await accept.execute({ operation: 'DEVICE_DISCOVERY', connectorId: 'c1', deviceDiscoveryId: 'd1', statusCode: 500, devices: [lamp(false)] });
    expect((await devices.findDiscovery('d1'))!.statusAt(clock.now())).to.equal('FAILED');
    expect(await devices.thingsWithDevice('lamp-1')).to.deep.equal([]);
  });

  it('refuses a report about another user, and keeps the discovery RUNNING', async () => {
    const { clock, devices, accept, start } = await setUp();
    await start('d1');
    await expectDomainError(
      accept.execute({ operation: 'DEVICE_DISCOVERY', connectorId: 'c1', userId: 'user-2', deviceDiscoveryId: 'd1', devices: [lamp(false)] }),
      { type: ConnectorEventRefused, code: 'CONNECTOR_EVENT_REFUSED' },
    );
    expect((await devices.findDiscovery('d1'))!.statusAt(clock.now())).to.equal('RUNNING');
  });
});
