import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'chai';
import axios, { type AxiosResponse } from 'axios';
import type { AccountLinkRepository } from '#application/ports/account-link-repository.js';
import { TOKENS } from '#main/tokens.js';
import type { AssociationAnswer } from '../support/association-answer.js';
import { authorizeWithBrowserlessClient } from '../support/authorize-with-browserless-client.js';
import { OAUTH_REDIRECT_URL, startLinkingWorld, type LinkingWorld } from '../support/linking-service.js';

const http = axios.create({ validateStatus: () => true, maxRedirects: 0 });

interface DiscoveredItem {
  ConnectorDeviceId: string;
  ConnectorDeviceName?: string;
  DeviceTypes: string[];
  ManagedThingId: string;
  Modification: string;
}

const lampOn = (on: boolean) => ({
  Endpoints: [{ endpointId: '1', capabilities: [{ id: 'matter.OnOff', name: 'On/Off', version: '1', actions: [{ name: on ? 'On' : 'Off' }] }] }],
});

async function link(world: LinkingWorld): Promise<string> {
  const created = await http.post<AssociationAnswer>(`${world.baseUrl}/account-associations`);
  expect(created.status).to.equal(201);
  const user = world.authorizationServer.users[0]!;
  const callback = await authorizeWithBrowserlessClient({
    authorizationUrl: created.data.OAuthAuthorizationUrl,
    username: user.username,
    password: user.password,
    consent: 'allow',
  });
  expect((await http.get(callback.toString())).headers['location']).to.equal(OAUTH_REDIRECT_URL);
  return created.data.AccountAssociationId;
}

async function discover(world: LinkingWorld, associationId: string): Promise<{ id: string; items: DiscoveredItem[] }> {
  const started = await http.post<{ Id: string; StartedAt: number }>(`${world.baseUrl}/device-discoveries`, { DiscoveryType: 'CLOUD', AccountAssociationId: associationId });
  expect(started.status, JSON.stringify(started.data)).to.equal(201);
  const got = await http.get<Record<string, unknown>>(`${world.baseUrl}/device-discoveries/${started.data.Id}`);
  expect(got.data['Status'], 'the DEVICE_DISCOVERY event came back within the invocation').to.equal('SUCCEEDED');
  const listed = await http.get<{ Items: DiscoveredItem[] }>(`${world.baseUrl}/device-discoveries/${started.data.Id}/devices`);
  expect(listed.status).to.equal(200);
  return { id: started.data.Id, items: listed.data.Items };
}

function thingOf(items: readonly DiscoveredItem[], connectorDeviceId: string): string {
  const item = items.find((device) => device.ConnectorDeviceId === connectorDeviceId);
  expect(item, connectorDeviceId).to.not.equal(undefined);
  return item!.ManagedThingId;
}

async function onOffState(world: LinkingWorld, managedThingId: string): Promise<unknown> {
  const state = await http.get<{ Endpoints: { endpointId: string; capabilities: { id: string; properties: Record<string, unknown> }[] }[] }>(
    `${world.baseUrl}/managed-thing-states/${managedThingId}`,
  );
  expect(state.status).to.equal(200);
  return state.data.Endpoints.find((endpoint) => endpoint.endpointId === '1')?.capabilities.find((capability) => capability.id === 'matter.OnOff')?.properties['OnOff'];
}

function expectAwsError(answer: AxiosResponse, status: number, exception: string): void {
  expect(answer.status, JSON.stringify(answer.data)).to.equal(status);
  expect(answer.headers['x-amzn-errortype']).to.equal(exception);
  expect(answer.data).to.have.property('Message').that.is.a('string');
}

describe('devices after linking, over HTTP: discovery, the connector\'s events, commands and state, with the sandbox platform', function () {
  this.timeout(60_000);

  for (const remoteConnector of [false, true]) {
    describe(remoteConnector ? 'the connector as its own service (C2C_CONNECTOR_URL)' : 'the connector in process', () => {
      let world: LinkingWorld;
      before(async () => {
        world = await startLinkingWorld({ identitySource: remoteConnector ? 'userinfo' : 'introspection', devices: true, remoteConnector });
      });
      after(() => world.stop());

      it('discovery → DEVICE_DISCOVERY → devices listed as managed things → command → DEVICE_COMMAND_RESPONSE → state', async () => {
        const associationId = await link(world);
        const { id, items } = await discover(world, associationId);

        expect(items.map((item) => [item.ConnectorDeviceId, item.ConnectorDeviceName, item.Modification])).to.deep.equal([
          ['lamp-1', 'Desk lamp', 'DISCOVERED'],
          ['thermostat-1', 'Hall thermostat', 'DISCOVERED'],
        ]);
        expect(items.every((item) => /^[a-zA-Z0-9:_-]{1,64}$/.test(item.ManagedThingId))).to.equal(true);
        const discovery = (await http.get<Record<string, unknown>>(`${world.baseUrl}/device-discoveries/${id}`)).data;
        expect(discovery).to.include({ Id: id, DiscoveryType: 'CLOUD', Status: 'SUCCEEDED', AccountAssociationId: associationId });
        expect(discovery['Arn']).to.equal(`arn:aws:iotmanagedintegrations:us-east-1:000000000000:device-discovery/${id}`);
        expect(discovery['FinishedAt']).to.be.a('number').that.is.at.least(discovery['StartedAt'] as number);

        const lamp = thingOf(items, 'lamp-1');
        await http.post(`${world.baseUrl}/managed-things-command/${lamp}`, lampOn(false));
        expect(await onOffState(world, lamp)).to.equal(false);
        const sent = await http.post<{ TraceId: string }>(`${world.baseUrl}/managed-things-command/${lamp}`, lampOn(true));
        expect(sent.status, JSON.stringify(sent.data)).to.equal(202);
        expect(sent.data.TraceId).to.match(/^[a-zA-Z0-9:=_-]{1,128}$/);
        expect(await onOffState(world, lamp), 'the DEVICE_COMMAND_RESPONSE set the state').to.equal(true);
        const thermostat = (await http.get(`${world.baseUrl}/managed-thing-states/${thingOf(items, 'thermostat-1')}`)).data as { Endpoints: unknown };
        expect(thermostat.Endpoints).to.deep.equal([
          {
            endpointId: '1',
            capabilities: [{ id: 'matter.Thermostat', name: 'Thermostat', version: '1', properties: { LocalTemperature: 2050, OccupiedHeatingSetpoint: 2100 } }],
          },
        ]);

        // A second discovery finds the same things.
        const again = await discover(world, associationId);
        expect(thingOf(again.items, 'lamp-1')).to.equal(lamp);
        expect(again.items.map((item) => item.Modification)).to.deep.equal(['NO_CHANGE', 'NO_CHANGE']);
      });

      it('refuses events for an unknown discovery or trace id, a foreign ConnectorId or another user, in the documented shape', async () => {
        const associationId = await link(world);
        const { id, items } = await discover(world, associationId);
        const lamp = thingOf(items, 'lamp-1');
        const sent = await http.post<{ TraceId: string }>(`${world.baseUrl}/managed-things-command/${lamp}`, lampOn(true));
        const userId = world.authorizationServer.users[0]!.accountId;
        const event = (connectorId: string, body: Record<string, unknown>) => http.post(`${world.baseUrl}/connector-event/${connectorId}`, body);
        const state = { id: '1', clusters: [{ id: '0x0006', attributes: [{ '0x0000': false }] }] };
        const discovery = (deviceDiscoveryId: string, user = userId) => ({ Operation: 'DEVICE_DISCOVERY', UserId: user, DeviceDiscoveryId: deviceDiscoveryId, StatusCode: 200, Devices: [] });
        const response = (traceId: string, user = userId) => ({
          Operation: 'DEVICE_COMMAND_RESPONSE',
          UserId: user,
          TraceId: traceId,
          ConnectorDeviceId: 'lamp-1',
          StatusCode: 200,
          MatterEndpoint: state,
        });

        const unknownDiscovery = await event('c2c-account-linking', discovery('NoSuchDiscovery1'));
        expectAwsError(unknownDiscovery, 404, 'ResourceNotFoundException');
        expect(unknownDiscovery.data).to.include({ ResourceType: 'DeviceDiscovery', ResourceId: 'NoSuchDiscovery1' });
        expectAwsError(await event('c2c-account-linking', response('no-such-trace')), 404, 'ResourceNotFoundException');
        expectAwsError(await event('another-connector', response(sent.data.TraceId)), 403, 'AccessDeniedException');
        expectAwsError(await event('another-connector', discovery(id)), 403, 'AccessDeniedException');
        expectAwsError(await event('c2c-account-linking', response(sent.data.TraceId, 'someone-else')), 403, 'AccessDeniedException');
        expectAwsError(await event('c2c-account-linking', discovery(id, 'someone-else')), 403, 'AccessDeniedException');
        expectAwsError(
          await event('c2c-account-linking', { Operation: 'DEVICE_EVENT', UserId: 'someone-else', ConnectorDeviceId: 'lamp-1', MatterEndpoint: state }),
          403,
          'AccessDeniedException',
        );
        expectAwsError(await event('c2c-account-linking', { Operation: 'DEVICE_EVENT', ConnectorDeviceId: 'no-such-device', MatterEndpoint: state }), 404, 'ResourceNotFoundException');
        expectAwsError(await event('c2c-account-linking', { ...response(sent.data.TraceId), StatusCode: 99 }), 400, 'ValidationException');
        expectAwsError(await event('c2c-account-linking', { Operation: 'DEVICE_DISCOVERY', UserId: userId }), 400, 'ValidationException');
        expectAwsError(await event('c2c-account-linking', { ...response(sent.data.TraceId), Extra: 1 }), 400, 'ValidationException');
        expect(await onOffState(world, lamp), 'no refused event changed the state').to.equal(true);
        expect((await http.get<{ Items: unknown[] }>(`${world.baseUrl}/device-discoveries/${id}/devices`)).data.Items).to.have.length(2);

        // The same events from the right connector and user are taken: a DEVICE_EVENT, with UserId left out as the guide allows.
        const accepted = await event('c2c-account-linking', { Operation: 'DEVICE_EVENT', ConnectorDeviceId: 'lamp-1', MatterEndpoint: state });
        expect(accepted.status).to.equal(202);
        expect(accepted.data).to.deep.equal({ ConnectorId: 'c2c-account-linking' });
        expect(await onOffState(world, lamp)).to.equal(false);
      });

      it('answers the AWS error shape for unknown discoveries and things, and a discovery of another type', async () => {
        expectAwsError(await http.get(`${world.baseUrl}/device-discoveries/NoSuch1`), 404, 'ResourceNotFoundException');
        expectAwsError(await http.get(`${world.baseUrl}/device-discoveries/NoSuch1/devices`), 404, 'ResourceNotFoundException');
        expectAwsError(await http.get(`${world.baseUrl}/managed-thing-states/no-such-thing`), 404, 'ResourceNotFoundException');
        expectAwsError(await http.post(`${world.baseUrl}/managed-things-command/no-such-thing`, lampOn(true)), 404, 'ResourceNotFoundException');
        expectAwsError(await http.post(`${world.baseUrl}/device-discoveries`, { DiscoveryType: 'ZIGBEE' }), 400, 'ValidationException');
        expectAwsError(await http.post(`${world.baseUrl}/device-discoveries`, { DiscoveryType: 'CLOUD', AccountAssociationId: 'NoSuchAssociation' }), 404, 'ResourceNotFoundException');
        expectAwsError(await http.post(`${world.baseUrl}/managed-things-command/x`, { Endpoints: [] }), 400, 'ValidationException');
      });
    });
  }

  describe('access tokens of two seconds, refresh tokens rotated', () => {
    let world: LinkingWorld;
    before(async () => {
      world = await startLinkingWorld({
        identitySource: 'introspection',
        devices: true,
        authorizationServerOptions: { accessTokenTtlS: 2, rotateRefreshTokens: true },
        env: { C2C_TOKEN_REFRESH_MARGIN_S: '0' },
      });
    });
    after(() => world.stop());

    const links = () => world.container.get<AccountLinkRepository>(TOKENS.AccountLinkRepository);
    async function untilExpired(id: string): Promise<void> {
      const expiresAt = (await links().findById(id))!.tokens!.expiresAt!;
      await sleep(Math.max(0, expiresAt.getTime() - Date.now()) + 50);
    }

    it('after expiry, discovery and commands still reach the connector, each with a fresh token', async () => {
      const associationId = await link(world);
      await untilExpired(associationId);
      const grants = world.authorizationServer.grantsIssued('refresh_token');

      const { items } = await discover(world, associationId);
      expect(world.authorizationServer.grantsIssued('refresh_token') - grants, 'renewed before DiscoverDevices').to.equal(1);
      const lamp = thingOf(items, 'lamp-1');

      await untilExpired(associationId);
      const sent = await http.post(`${world.baseUrl}/managed-things-command/${lamp}`, lampOn(true));
      expect(sent.status, JSON.stringify(sent.data)).to.equal(202);
      expect(world.authorizationServer.grantsIssued('refresh_token') - grants, 'renewed before SendCommand').to.equal(2);
      expect(await onOffState(world, lamp)).to.equal(true);
    });

    it('20 concurrent commands after expiry cause exactly one refresh grant at the platform, and all reach the connector', async () => {
      const associationId = await link(world);
      const { items } = await discover(world, associationId);
      const lamp = thingOf(items, 'lamp-1');
      await untilExpired(associationId);
      const grants = world.authorizationServer.grantsIssued('refresh_token');

      const sent = await Promise.all(Array.from({ length: 20 }, () => http.post<{ TraceId: string }>(`${world.baseUrl}/managed-things-command/${lamp}`, lampOn(true))));

      expect(sent.map((answer) => answer.status)).to.deep.equal(Array.from({ length: 20 }, () => 202));
      expect(new Set(sent.map((answer) => answer.data.TraceId)).size, 'one trace id per command').to.equal(20);
      expect(world.authorizationServer.grantsIssued('refresh_token') - grants, 'refresh grants for 20 concurrent commands').to.equal(1);
      expect(await onOffState(world, lamp)).to.equal(true);
    });

    it('a refresh token the platform no longer takes: StartDeviceDiscovery and commands fail with 409 REFRESH_TOKEN_EXPIRED, and the association says so', async () => {
      const associationId = await link(world);
      const { items } = await discover(world, associationId);
      expect(await world.authorizationServer.revokeGrantsOf(world.authorizationServer.users[0]!.accountId)).to.be.greaterThan(0);
      await untilExpired(associationId);

      const command = await http.post<{ Message: string }>(`${world.baseUrl}/managed-things-command/${thingOf(items, 'lamp-1')}`, lampOn(true));
      expectAwsError(command, 409, 'ConflictException');
      expect(command.data.Message).to.contain('relink it with StartAccountAssociationRefresh');
      const discovery = await http.post(`${world.baseUrl}/device-discoveries`, { DiscoveryType: 'CLOUD', AccountAssociationId: associationId });
      expectAwsError(discovery, 409, 'ConflictException');
      expect((await http.get<AssociationAnswer>(`${world.baseUrl}/account-associations/${associationId}`)).data.AssociationState).to.equal('REFRESH_TOKEN_EXPIRED');
    });
  });
});
