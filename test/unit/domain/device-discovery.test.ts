import { expect } from 'chai';
import { DeviceDiscovery, type DiscoveredDeviceRecord } from '#domain/devices/device-discovery.js';

const STARTED_AT = new Date('2030-01-01T10:00:00.000Z');
const after = (ms: number): Date => new Date(STARTED_AT.getTime() + ms);

function aDiscovery(): DeviceDiscovery {
  return DeviceDiscovery.start({ id: 'disc1', associationId: 'assoc1', connectorId: 'c1', userId: 'user-1', startedAt: STARTED_AT, timeoutMs: 60_000 });
}

const lamp: DiscoveredDeviceRecord = {
  connectorDeviceId: 'lamp-1',
  deviceTypes: ['0x0100'],
  managedThingId: 'thing1',
  modification: 'DISCOVERED',
  discoveredAt: after(1_000),
};

describe('DeviceDiscovery', () => {
  it('is RUNNING until its timeout, then reads as TIMED_OUT, finished at the timeout', () => {
    const discovery = aDiscovery();
    expect(discovery.statusAt(after(59_999))).to.equal('RUNNING');
    expect(discovery.finishedAtFor(after(59_999))).to.equal(undefined);
    expect(discovery.statusAt(after(60_000))).to.equal('TIMED_OUT');
    expect(discovery.finishedAtFor(after(90_000))).to.deep.equal(after(60_000));
  });

  it('SUCCEEDED with the report; a repeated report replaces the devices, a later failure changes nothing', () => {
    const discovery = aDiscovery();
    expect(discovery.succeed([lamp], after(1_000))).to.equal(true);
    expect(discovery.succeed([lamp, { ...lamp, connectorDeviceId: 'lamp-2' }], after(2_000))).to.equal(true);
    discovery.fail(after(3_000));
    expect(discovery.statusAt(after(120_000)), 'a finished discovery never times out').to.equal('SUCCEEDED');
    expect(discovery.devices.map((device) => device.connectorDeviceId)).to.deep.equal(['lamp-1', 'lamp-2']);
    expect(discovery.finishedAtFor(after(120_000))).to.deep.equal(after(1_000));
  });

  it('a report after the timeout, or after a failure, is not taken', () => {
    const late = aDiscovery();
    expect(late.succeed([lamp], after(60_000))).to.equal(false);
    expect(late.statusAt(after(60_000))).to.equal('TIMED_OUT');
    const failed = aDiscovery();
    failed.fail(after(500));
    expect(failed.succeed([lamp], after(1_000))).to.equal(false);
    expect(failed.statusAt(after(120_000))).to.equal('FAILED');
    expect(failed.devices).to.deep.equal([]);
  });

  it('restores from its snapshot as it was', () => {
    const discovery = aDiscovery();
    discovery.succeed([lamp], after(1_000));
    const restored = DeviceDiscovery.restore(discovery.snapshot());
    expect(restored.statusAt(after(120_000))).to.equal('SUCCEEDED');
    expect(restored.devices).to.deep.equal([lamp]);
  });
});
