import { expect } from 'chai';
import type { IdentifiedRequest } from '#application/connector-request.js';
import { Deadline } from '#application/deadline.js';
import { InvocationMemory } from '#application/invocation-memory.js';
import { SendCommandOperation } from '#application/send-command-operation.js';
import { AccessToken } from '#domain/access-token.js';
import { ConnectorEventsUnavailable } from '#domain/errors/connector-events-unavailable.js';
import { DeviceCloudUnavailable } from '#domain/errors/device-cloud-unavailable.js';
import { InvalidRequest } from '#domain/errors/invalid-request.js';
import { InvalidToken } from '#domain/errors/invalid-token.js';
import { UserIdentity } from '#domain/user-identity.js';
import { FakeClock, stubConnectorEvents, stubDeviceCloud } from '#main/testing/index.js';
import { commandEndpoint, DESK_LAMP, HALL_THERMOSTAT, sendCommandPayload } from '../../support/device-envelopes.js';
import { expectDomainError } from '../../support/expect-domain-error.js';

const ann = UserIdentity.create({ userId: 'ann-1', issuer: 'https://idp.example.com', subject: 'ann-1', source: 'jwt' });
const LAMP_ON = { ...DESK_LAMP, traits: [{ kind: 'onOff', on: true }] } as const;

function commandRequest(overrides: Record<string, unknown> = {}): IdentifiedRequest {
  return {
    operationName: 'AWS.SendCommand',
    operationVersion: '1.0',
    connectorId: 'connector-1',
    auth: { type: 'OAuth2.0', token: AccessToken.of('token-of-ann') },
    payload: sendCommandPayload(overrides),
  };
}

describe('SendCommandOperation (AWS.SendCommand)', () => {
  function setUp() {
    const clock = new FakeClock();
    const cloud = stubDeviceCloud();
    cloud.command.resolves({ applied: true, device: LAMP_ON });
    cloud.read.resolves({ applied: true, device: DESK_LAMP });
    const events = stubConnectorEvents();
    const operation = new SendCommandOperation(cloud, events, new InvocationMemory(clock, { ttlMs: 60_000 }));
    return { clock, cloud, events, operation, deadline: () => Deadline.in(1500, clock) };
  }

  it('switches the device on, reports its state in a DEVICE_COMMAND_RESPONSE under the traceId, and acknowledges', async () => {
    const { cloud, events, operation, deadline } = setUp();
    const request = commandRequest();
    const budget = deadline();

    const result = await operation.handle(request, ann, budget);

    expect(result).to.deep.equal({ responseMessage: 'Command trace-1 acknowledged for connector-id connector-1.', traceId: 'trace-1' });
    expect(cloud.command.firstCall.args).to.deep.equal([request.auth, 'lamp-1', { kind: 'switch', on: true }, budget]);
    expect(events.send.callCount).to.equal(1);
    expect(events.send.firstCall.args.slice(0, 2)).to.deep.equal([
      'connector-1',
      {
        operation: 'DEVICE_COMMAND_RESPONSE',
        userId: 'ann-1',
        traceId: 'trace-1',
        connectorDeviceId: 'lamp-1',
        statusCode: 200,
        endpoint: { id: '1', clusters: [{ id: '0x0006', attributes: { '0x0000': true } }] },
      },
    ]);
  });

  for (const [action, command] of [
    [{ name: 'Off' }, { kind: 'switch', on: false }],
    [{ name: 'Toggle' }, { kind: 'toggle' }],
    [{ name: 'UpdateState', parameters: { OnOff: true } }, { kind: 'switch', on: true }],
  ] as const) {
    it(`translates On/Off ${action.name}${'parameters' in action ? ' {OnOff}' : ''} into ${JSON.stringify(command)}`, async () => {
      const { cloud, operation, deadline } = setUp();
      await operation.handle(commandRequest({ endpoints: [commandEndpoint([action], { id: 'aws.OnOff' })] }), ann, deadline());
      expect(cloud.command.firstCall.args[2]).to.deep.equal(command);
    });
  }

  it('reads the state for ReadState, changing nothing, and reports it', async () => {
    const { cloud, events, operation, deadline } = setUp();
    await operation.handle(commandRequest({ endpoints: [commandEndpoint([{ name: 'ReadState', parameters: { propertiesToRead: ['*'] } }])] }), ann, deadline());
    expect(cloud.command.called).to.equal(false);
    expect(cloud.read.firstCall.args[1]).to.equal('lamp-1');
    expect(events.send.firstCall.args[1]).to.deep.include({ statusCode: 200, endpoint: { id: '1', clusters: [{ id: '0x0006', attributes: { '0x0000': false } }] } });
  });

  it('sets a thermostat\'s heating setpoint from Matter\'s hundredths of a degree and reports the thermostat cluster', async () => {
    const { cloud, events, operation, deadline } = setUp();
    cloud.command.resolves({ applied: true, device: { ...HALL_THERMOSTAT, traits: [{ kind: 'thermostat', localTemperatureC: 20.5, heatingSetpointC: 22.5 }] } });
    const endpoints = [commandEndpoint([{ name: 'UpdateState', parameters: { OccupiedHeatingSetpoint: 2250 } }], { id: 'matter.Thermostat@1.4', name: 'Thermostat' })];
    await operation.handle(commandRequest({ connectorDeviceId: 'thermostat-1', endpoints }), ann, deadline());
    expect(cloud.command.firstCall.args.slice(1, 3)).to.deep.equal(['thermostat-1', { kind: 'setHeatingSetpoint', celsius: 22.5 }]);
    expect(events.send.firstCall.args[1]).to.deep.include({
      endpoint: { id: '1', clusters: [{ id: '0x0201', attributes: { '0x0000': 2050, '0x0012': 2250 } }] },
    });
  });

  it('reports a command the platform refuses (no such device) with its status and no state, and still acknowledges', async () => {
    const { cloud, events, operation, deadline } = setUp();
    cloud.command.resolves({ applied: false, statusCode: 404, reason: 'the platform knows no such device' });
    const result = await operation.handle(commandRequest(), ann, deadline());
    expect(result).to.include({ traceId: 'trace-1' });
    expect(events.send.firstCall.args[1]).to.deep.equal({
      operation: 'DEVICE_COMMAND_RESPONSE',
      userId: 'ann-1',
      traceId: 'trace-1',
      connectorDeviceId: 'lamp-1',
      statusCode: 404,
    });
  });

  it('applies several actions in order and stops at the first the platform refuses', async () => {
    const { cloud, events, operation, deadline } = setUp();
    cloud.command.onSecondCall().resolves({ applied: false, statusCode: 400, reason: 'the platform refused the command' });
    await operation.handle(commandRequest({ endpoints: [commandEndpoint([{ name: 'On' }, { name: 'Toggle' }, { name: 'Off' }])] }), ann, deadline());
    expect(cloud.command.callCount).to.equal(2);
    expect(events.send.callCount).to.equal(1);
    expect(events.send.firstCall.args[1]).to.include({ statusCode: 400 });
  });

  it('a refusal of the token by the platform is INVALID_TOKEN, reporting nothing', async () => {
    const { cloud, events, operation, deadline } = setUp();
    cloud.command.rejects(new InvalidToken('The device API refused the token (HTTP 401).'));
    await expectDomainError(operation.handle(commandRequest(), ann, deadline()), { type: InvalidToken, code: 'INVALID_TOKEN' });
    expect(events.send.called).to.equal(false);
  });

  it('an unreachable platform fails the invocation (retryable) and reports nothing; the retry applies the command', async () => {
    const { cloud, events, operation, deadline } = setUp();
    cloud.command.onFirstCall().rejects(new DeviceCloudUnavailable('The device API gave no usable answer: no answer within the deadline.'));
    await expectDomainError(operation.handle(commandRequest(), ann, deadline()), { type: DeviceCloudUnavailable, code: 'DEVICE_CLOUD_UNAVAILABLE' });
    expect(events.send.called).to.equal(false);
    await operation.handle(commandRequest(), ann, deadline());
    expect(cloud.command.callCount).to.equal(2);
    expect(events.send.callCount).to.equal(1);
  });

  it('a retry after the event failed sends the event again but never applies a Toggle twice', async () => {
    const { cloud, events, operation, deadline } = setUp();
    events.send.onFirstCall().rejects(new ConnectorEventsUnavailable('SendConnectorEvent gave no usable answer: HTTP 500.'));
    const toggle = { endpoints: [commandEndpoint([{ name: 'Toggle' }])] };
    await expectDomainError(operation.handle(commandRequest(toggle), ann, deadline()), { type: ConnectorEventsUnavailable, code: 'CONNECTOR_EVENTS_UNAVAILABLE' });
    await operation.handle(commandRequest(toggle), ann, deadline());
    await operation.handle(commandRequest(toggle), ann, deadline());
    expect(cloud.command.callCount).to.equal(1);
    expect(events.send.callCount).to.equal(2);
  });

  it('runs a new traceId again', async () => {
    const { cloud, operation, deadline } = setUp();
    await operation.handle(commandRequest(), ann, deadline());
    await operation.handle(commandRequest({ traceId: 'trace-2' }), ann, deadline());
    expect(cloud.command.callCount).to.equal(2);
  });

  for (const [what, overrides, message] of [
    ['no traceId', { traceId: undefined }, 'payload.traceId must be 1 to 128 of [a-zA-Z0-9:=_-].'],
    ['a traceId with a space', { traceId: 'trace 1' }, 'payload.traceId must be 1 to 128 of [a-zA-Z0-9:=_-].'],
    ['a connectorDeviceId with a slash', { connectorDeviceId: 'lamp/1' }, 'payload.connectorDeviceId must be 1 to 256 of [a-zA-Z0-9_.,@-].'],
    ['no endpoints', { endpoints: [] }, 'payload.endpoints must be a list of 1 to 5 items.'],
    ['six endpoints', { endpoints: Array.from({ length: 6 }, () => commandEndpoint([{ name: 'On' }])) }, 'payload.endpoints must be a list of 1 to 5 items.'],
    ['an endpoint that is not an object', { endpoints: ['1'] }, 'payload.endpoints[0] must be an object.'],
    ['an endpointId with a dash', { endpoints: [commandEndpoint([{ name: 'On' }], {}, 'end-1')] }, 'payload.endpoints[0].endpointId must be 1 to 64 of [0-9a-zA-Z].'],
    ['a capability version with a leading zero', { endpoints: [commandEndpoint([{ name: 'On' }], { version: '01' })] }, 'payload.endpoints[0].capabilities[0].version must be a whole number without leading zeros.'],
    ['a capability id that is no SchemaVersionedId', { endpoints: [commandEndpoint([{ name: 'On' }], { id: 'matter/OnOff' })] }, 'payload.endpoints[0].capabilities[0].id must be a capability id such as matter.OnOff@1.4.'],
    ['no actions', { endpoints: [commandEndpoint([])] }, 'payload.endpoints[0].capabilities[0].actions must be a list of 1 to 5 items.'],
    ['an action name with a digit', { endpoints: [commandEndpoint([{ name: 'On2' }])] }, 'payload.endpoints[0].capabilities[0].actions[0].name must be letters and /.'],
    ['an actionTraceId of the wrong shape', { endpoints: [commandEndpoint([{ name: 'On', actionTraceId: 'short=' }])] }, 'payload.endpoints[0].capabilities[0].actions[0].actionTraceId must be 16 to 20 characters, [a-zA-Z0-9]+=(_[0-9]+)?.'],
    ['UpdateState without OnOff', { endpoints: [commandEndpoint([{ name: 'UpdateState', parameters: { OnTime: 5 } }])] }, 'payload.endpoints[0].capabilities[0].actions[0].parameters.OnOff must be true or false for UpdateState of On/Off.'],
    [
      'a setpoint out of range',
      { endpoints: [commandEndpoint([{ name: 'UpdateState', parameters: { OccupiedHeatingSetpoint: 4500 } }], { id: 'matter.Thermostat' })] },
      'payload.endpoints[0].capabilities[0].actions[0].parameters.OccupiedHeatingSetpoint must be a whole number of hundredths of a degree, 700 to 3000.',
    ],
    [
      'a capability the connector does not translate',
      { endpoints: [commandEndpoint([{ name: 'MoveToLevel' }], { id: 'matter.LevelControl@1.4' })] },
      'payload.endpoints[0].capabilities[0].actions[0]: this connector cannot translate that action of that capability (On/Off: On, Off, Toggle, UpdateState, ReadState; Thermostat: UpdateState, ReadState).',
    ],
  ] as const) {
    it(`refuses ${what} with INVALID_REQUEST, calling nothing`, async () => {
      const { cloud, events, operation, deadline } = setUp();
      const error = await expectDomainError(operation.handle(commandRequest(overrides), ann, deadline()), { type: InvalidRequest, code: 'INVALID_REQUEST' });
      expect(error.message).to.equal(message);
      expect(cloud.command.called || cloud.read.called || events.send.called).to.equal(false);
    });
  }

  it('accepts a valid actionTraceId and ref, and an unversioned capability id as the guide\'s samples write them', async () => {
    const { cloud, operation, deadline } = setUp();
    const action = { name: 'On', ref: 'matter.OnOff', actionTraceId: 'abcdefghijklmno=_1' };
    await operation.handle(commandRequest({ endpoints: [commandEndpoint([action], { id: 'matter.OnOff' })] }), ann, deadline());
    expect(cloud.command.callCount).to.equal(1);
  });
});
