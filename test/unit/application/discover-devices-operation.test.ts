import { expect } from 'chai';
import { Deadline } from '#application/deadline.js';
import { DiscoverDevicesOperation } from '#application/discover-devices-operation.js';
import { InvocationMemory } from '#application/invocation-memory.js';
import type { ConnectorEvent } from '#application/ports/connector-events.js';
import type { IdentifiedRequest } from '#application/connector-request.js';
import { AccessToken } from '#domain/access-token.js';
import { ConnectorEventsUnavailable } from '#domain/errors/connector-events-unavailable.js';
import { ConnectorMisconfigured } from '#domain/errors/connector-misconfigured.js';
import { DeviceCloudUnavailable } from '#domain/errors/device-cloud-unavailable.js';
import { InvalidRequest } from '#domain/errors/invalid-request.js';
import { UserIdentity } from '#domain/user-identity.js';
import { FakeClock, stubConnectorEvents, stubDeviceCloud } from '#main/testing/index.js';
import { DESK_LAMP, HALL_THERMOSTAT } from '../../support/device-envelopes.js';
import { expectDomainError } from '../../support/expect-domain-error.js';

const ann = UserIdentity.create({ userId: 'ann-1', issuer: 'https://idp.example.com', subject: 'ann-1', source: 'jwt' });

function discoverRequest(payload: Record<string, unknown> = { deviceDiscoveryId: 'discovery42' }): IdentifiedRequest {
  return {
    operationName: 'AWS.DiscoverDevices',
    operationVersion: '1.0',
    connectorId: 'connector-1',
    auth: { type: 'OAuth2.0', token: AccessToken.of('token-of-ann') },
    payload: { operationName: 'AWS.DiscoverDevices', operationVersion: '1.0', connectorId: 'connector-1', ...payload },
  };
}

describe('DiscoverDevicesOperation (AWS.DiscoverDevices)', () => {
  function setUp() {
    const clock = new FakeClock();
    const cloud = stubDeviceCloud();
    cloud.devicesOf.resolves([DESK_LAMP, HALL_THERMOSTAT]);
    const events = stubConnectorEvents();
    const memory = new InvocationMemory(clock, { ttlMs: 60_000 });
    return { clock, cloud, events, memory, operation: new DiscoverDevicesOperation(cloud, events, memory) };
  }

  it('reports the user\'s devices in one DEVICE_DISCOVERY event under the deviceDiscoveryId, as Matter capability reports, then acknowledges', async () => {
    const { clock, cloud, events, operation } = setUp();
    const request = discoverRequest();
    const deadline = Deadline.in(1500, clock);

    const result = await operation.handle(request, ann, deadline);

    expect(result).to.deep.equal({ responseMessage: 'Device discovery discovery42 acknowledged for connector-id connector-1.', deviceDiscoveryId: 'discovery42' });
    expect(cloud.devicesOf.firstCall.args).to.deep.equal([request.auth, deadline]);
    expect(events.send.callCount).to.equal(1);
    const [connectorId, event, passedDeadline] = events.send.firstCall.args;
    expect(connectorId).to.equal('connector-1');
    expect(passedDeadline).to.equal(deadline);
    expect(event).to.deep.equal({
      operation: 'DEVICE_DISCOVERY',
      userId: 'ann-1',
      deviceDiscoveryId: 'discovery42',
      statusCode: 200,
      devices: [
        {
          connectorDeviceId: 'lamp-1',
          connectorDeviceName: 'Desk lamp',
          capabilityReport: {
            version: '1.0.0',
            endpoints: [
              {
                id: '1',
                deviceTypes: ['0x0100'],
                clusters: [{ id: '0x0006', revision: 4, name: 'OnOff', attributes: [{ id: '0x0000', name: 'OnOff', value: false }], commands: ['0x00', '0x01', '0x02'] }],
              },
            ],
          },
        },
        {
          connectorDeviceId: 'thermostat-1',
          connectorDeviceName: 'Hall thermostat',
          capabilityReport: {
            version: '1.0.0',
            endpoints: [
              {
                id: '1',
                deviceTypes: ['0x0301'],
                clusters: [
                  {
                    id: '0x0201',
                    revision: 6,
                    name: 'Thermostat',
                    attributes: [
                      { id: '0x0000', name: 'LocalTemperature', value: 2050 },
                      { id: '0x0012', name: 'OccupiedHeatingSetpoint', value: 2100 },
                    ],
                    commands: ['0x00'],
                  },
                ],
              },
            ],
          },
        },
      ],
    } satisfies ConnectorEvent);
  });

  it('reports an empty list when the user has no devices', async () => {
    const { clock, cloud, events, operation } = setUp();
    cloud.devicesOf.resolves([]);
    await operation.handle(discoverRequest(), ann, Deadline.in(1500, clock));
    expect(events.send.firstCall.args[1]).to.deep.include({ operation: 'DEVICE_DISCOVERY', devices: [] });
  });

  for (const [what, deviceDiscoveryId] of [
    ['missing', undefined],
    ['empty', ''],
    ['not a string', 42],
    ['outside [A-Za-z0-9]', 'discovery-42'],
    ['over 200 characters', 'a'.repeat(201)],
  ] as const) {
    it(`refuses a deviceDiscoveryId that is ${what} with INVALID_REQUEST, calling nothing`, async () => {
      const { clock, cloud, events, operation } = setUp();
      const error = await expectDomainError(operation.handle(discoverRequest({ deviceDiscoveryId }), ann, Deadline.in(1500, clock)), {
        type: InvalidRequest,
        code: 'INVALID_REQUEST',
      });
      expect(error.message).to.equal('payload.deviceDiscoveryId must be 1 to 200 of [A-Za-z0-9].');
      expect(cloud.devicesOf.called).to.equal(false);
      expect(events.send.called).to.equal(false);
    });
  }

  it('fits device names to ConnectorDeviceName and leaves out one with nothing left', async () => {
    const { clock, cloud, events, operation } = setUp();
    cloud.devicesOf.resolves([
      { ...DESK_LAMP, name: 'Ann\'s <b>lamp</b> ✨ (kitchen)' },
      { ...HALL_THERMOSTAT, name: '✨✨' },
    ]);
    await operation.handle(discoverRequest(), ann, Deadline.in(1500, clock));
    const event = events.send.firstCall.args[1];
    if (event.operation !== 'DEVICE_DISCOVERY') expect.fail(event.operation);
    expect(event.devices[0]?.connectorDeviceName).to.equal('Ann s b lamp b kitchen');
    expect(event.devices[1]).to.not.have.property('connectorDeviceName');
  });

  it('refuses a platform device id that cannot be a ConnectorDeviceId with CONFIGURATION_ERROR, sending nothing', async () => {
    const { clock, cloud, events, operation } = setUp();
    cloud.devicesOf.resolves([{ ...DESK_LAMP, id: 'lamp 1/kitchen' }]);
    await expectDomainError(operation.handle(discoverRequest(), ann, Deadline.in(1500, clock)), { type: ConnectorMisconfigured, code: 'CONFIGURATION_ERROR' });
    expect(events.send.called).to.equal(false);
  });

  it('passes a device API that is unavailable on (retryable), sending no event', async () => {
    const { clock, cloud, events, operation } = setUp();
    cloud.devicesOf.rejects(new DeviceCloudUnavailable('The device API gave no usable answer: HTTP 503.'));
    await expectDomainError(operation.handle(discoverRequest(), ann, Deadline.in(1500, clock)), { type: DeviceCloudUnavailable, code: 'DEVICE_CLOUD_UNAVAILABLE' });
    expect(events.send.called).to.equal(false);
  });

  it('on a retry after the event failed, sends the event again without asking the device API again', async () => {
    const { clock, cloud, events, operation } = setUp();
    events.send.onFirstCall().rejects(new ConnectorEventsUnavailable('SendConnectorEvent gave no usable answer: HTTP 503.'));
    await expectDomainError(operation.handle(discoverRequest(), ann, Deadline.in(1500, clock)), { type: ConnectorEventsUnavailable, code: 'CONNECTOR_EVENTS_UNAVAILABLE' });

    await operation.handle(discoverRequest(), ann, Deadline.in(1500, clock));

    expect(cloud.devicesOf.callCount).to.equal(1);
    expect(events.send.callCount).to.equal(2);
    expect(events.send.secondCall.args[1]).to.deep.equal(events.send.firstCall.args[1]);
  });

  it('answers a retry of an invocation that finished with the acknowledgement, sending no second event; a new discovery or another user runs again', async () => {
    const { clock, cloud, events, operation } = setUp();
    const first = await operation.handle(discoverRequest(), ann, Deadline.in(1500, clock));

    expect(await operation.handle(discoverRequest(), ann, Deadline.in(1500, clock))).to.deep.equal(first);
    expect(events.send.callCount).to.equal(1);
    expect(cloud.devicesOf.callCount).to.equal(1);

    await operation.handle(discoverRequest({ deviceDiscoveryId: 'discovery43' }), ann, Deadline.in(1500, clock));
    const bob = UserIdentity.create({ userId: 'bob-2', issuer: 'https://idp.example.com', subject: 'bob-2', source: 'jwt' });
    await operation.handle(discoverRequest(), bob, Deadline.in(1500, clock));
    expect(events.send.callCount).to.equal(3);
    expect(events.send.thirdCall.args[1]).to.include({ userId: 'bob-2', deviceDiscoveryId: 'discovery42' });
  });

  it('runs two concurrent duplicates once', async () => {
    const { clock, cloud, events, operation } = setUp();
    const [one, two] = await Promise.all([
      operation.handle(discoverRequest(), ann, Deadline.in(1500, clock)),
      operation.handle(discoverRequest(), ann, Deadline.in(1500, clock)),
    ]);
    expect(one).to.deep.equal(two);
    expect(cloud.devicesOf.callCount).to.equal(1);
    expect(events.send.callCount).to.equal(1);
  });

  it('forgets a finished discovery after the memory\'s time to live: a retry that late reports again', async () => {
    const { clock, events, operation } = setUp();
    await operation.handle(discoverRequest(), ann, Deadline.in(1500, clock));
    clock.advance(60_001);
    await operation.handle(discoverRequest(), ann, Deadline.in(1500, clock));
    expect(events.send.callCount).to.equal(2);
  });
});
