import { expect } from 'chai';
import { DevAuthorizationServer } from '#adapters/dev-authorization-server/dev-authorization-server.js';
import { TokenFactory } from '#main/testing/index.js';
import { obtainTokens } from '../../support/dev-authorization-server-fixture.js';

const redirectUri = 'http://127.0.0.1:9/oauth/callback';
const ann = { accountId: 'ann-1', username: 'ann', password: 'ann-password', email: 'ann@example.com', name: 'Ann' };
const bob = { accountId: 'bob-2', username: 'bob', password: 'bob-password', email: 'bob@example.com', name: 'Bob' };

interface Answer {
  readonly status: number;
  readonly body: Record<string, unknown>;
  readonly challenge: string | null;
}

async function call(url: string, token: string | undefined, init: { method?: string; body?: unknown } = {}): Promise<Answer> {
  const response = await fetch(url, {
    method: init.method ?? 'GET',
    headers: { ...(token === undefined ? {} : { authorization: `Bearer ${token}` }), ...(init.body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown>, challenge: response.headers.get('www-authenticate') };
}

describe('the sandbox platform\'s device API (beside the development authorization server)', () => {
  const server = new DevAuthorizationServer({ client: { redirectUris: [redirectUri] }, users: [ann, bob], accessTokenFormat: 'jwt' });
  let annToken: string;
  let bobToken: string;

  before(async () => {
    await server.start();
    annToken = (await obtainTokens(server, undefined, ann)).accessToken;
    bobToken = (await obtainTokens(server, undefined, bob)).accessToken;
  });
  after(() => server.stop());

  const devices = () => `${server.deviceApiUrl}/devices`;

  it('lists the token owner\'s devices: a lamp that is off and a thermostat', async () => {
    const answer = await call(devices(), annToken);
    expect(answer.status).to.equal(200);
    expect(answer.body).to.deep.equal({
      devices: [
        { id: 'lamp-1', name: 'Desk lamp', model: 'Sandbox Lamp L1', capabilities: { onOff: { on: false } } },
        { id: 'thermostat-1', name: 'Hall thermostat', model: 'Sandbox Thermostat T1', capabilities: { thermostat: { localTemperatureC: 20.5, heatingSetpointC: 21 } } },
      ],
    });
  });

  it('switches one user\'s lamp on without touching another user\'s, and reads it back', async () => {
    const switched = await call(`${devices()}/lamp-1/commands`, annToken, { method: 'POST', body: { command: 'on' } });
    expect(switched).to.deep.include({ status: 200 });
    expect(switched.body).to.deep.include({ id: 'lamp-1', capabilities: { onOff: { on: true } } });
    expect((await call(`${devices()}/lamp-1`, annToken)).body).to.deep.include({ capabilities: { onOff: { on: true } } });
    expect((await call(`${devices()}/lamp-1`, bobToken)).body).to.deep.include({ capabilities: { onOff: { on: false } } });
    expect(server.devicesOf('ann-1')[0]?.capabilities.onOff?.on).to.equal(true);

    await call(`${devices()}/lamp-1/commands`, annToken, { method: 'POST', body: { command: 'toggle' } });
    expect(server.devicesOf('ann-1')[0]?.capabilities.onOff?.on).to.equal(false);
  });

  it('sets the thermostat\'s heating setpoint', async () => {
    const answer = await call(`${devices()}/thermostat-1/commands`, bobToken, { method: 'POST', body: { command: 'setHeatingSetpoint', celsius: 22.5 } });
    expect(answer.body).to.deep.include({ capabilities: { thermostat: { localTemperatureC: 20.5, heatingSetpointC: 22.5 } } });
  });

  it('answers 404 for a device the user does not have, 400 for a command it does not take or that is malformed', async () => {
    expect((await call(`${devices()}/lamp-9`, annToken)).status).to.equal(404);
    expect((await call(`${devices()}/lamp-9/commands`, annToken, { method: 'POST', body: { command: 'on' } })).status).to.equal(404);
    expect((await call(`${devices()}/lamp-1/commands`, annToken, { method: 'POST', body: { command: 'setHeatingSetpoint', celsius: 21 } })).body).to.deep.equal({ error: 'unsupported_command' });
    expect((await call(`${devices()}/lamp-1/commands`, annToken, { method: 'POST', body: { command: 'explode' } })).status).to.equal(400);
    expect((await call(`${devices()}/lamp-1`, annToken, { method: 'DELETE' })).status).to.equal(405);
  });

  it('refuses a request without a token with 401 and a Bearer challenge', async () => {
    const answer = await call(devices(), undefined);
    expect(answer.status).to.equal(401);
    expect(answer.challenge).to.equal('Bearer realm="devices"');
  });

  for (const [what, token] of [
    ['a string that is no token', async () => 'not-a-token'],
    ['a JWT with the issuer\'s claims signed by another key', async () => {
      const forger = await TokenFactory.create({ issuer: server.issuer, audience: server.resource });
      return forger.sign({ sub: 'ann-1' });
    }],
    ['the issuer\'s own token with one character changed', async () => `${annToken.slice(0, -2)}${annToken.endsWith('A') ? 'B' : 'A'}${annToken.slice(-1)}`],
  ] as const) {
    it(`refuses ${what} with 401 invalid_token, changing nothing`, async () => {
      const answer = await call(`${devices()}/thermostat-1/commands`, await token(), { method: 'POST', body: { command: 'setHeatingSetpoint', celsius: 8 } });
      expect(answer.status).to.equal(401);
      expect(answer.challenge).to.equal('Bearer realm="devices", error="invalid_token"');
      expect(server.devicesOf('ann-1')[1]?.capabilities.thermostat?.heatingSetpointC).to.not.equal(8);
    });
  }

  it('refuses a token of another authorization server (a foreign issuer)', async () => {
    const foreign = new DevAuthorizationServer({ client: { redirectUris: [redirectUri] }, users: [ann], accessTokenFormat: 'jwt' });
    await foreign.start();
    try {
      const { accessToken } = await obtainTokens(foreign, undefined, ann);
      expect((await call(devices(), accessToken)).status).to.equal(401);
      expect((await call(`${foreign.deviceApiUrl}/devices`, accessToken)).status).to.equal(200);
    } finally {
      await foreign.stop();
    }
  });
});

describe('the device API refusing expired tokens, and checking opaque ones by lookup', () => {
  it('refuses a JWT access token once it has expired', async function () {
    this.timeout(10_000);
    const server = new DevAuthorizationServer({ client: { redirectUris: [redirectUri] }, users: [ann], accessTokenFormat: 'jwt', accessTokenTtlS: 1 });
    await server.start();
    try {
      const { accessToken } = await obtainTokens(server, undefined, ann);
      expect((await call(`${server.deviceApiUrl}/devices`, accessToken)).status).to.equal(200);
      // Real time: the authorization server stamps real expiry times.
      await new Promise((resolve) => setTimeout(resolve, 2_100));
      const answer = await call(`${server.deviceApiUrl}/devices`, accessToken);
      expect(answer.status).to.equal(401);
      expect(answer.challenge).to.contain('error="invalid_token"');
    } finally {
      await server.stop();
    }
  });

  it('takes an opaque access token it issued and refuses one it did not', async () => {
    const server = new DevAuthorizationServer({ client: { redirectUris: [redirectUri] }, users: [ann], accessTokenFormat: 'opaque' });
    await server.start();
    try {
      const { accessToken } = await obtainTokens(server, undefined, ann);
      expect((await call(`${server.deviceApiUrl}/devices`, accessToken)).status).to.equal(200);
      expect((await call(`${server.deviceApiUrl}/devices`, `${accessToken}x`)).status).to.equal(401);
    } finally {
      await server.stop();
    }
  });
});
