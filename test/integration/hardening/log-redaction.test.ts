import { expect } from 'chai';
import type { ConnectorLambdaHandler } from '#adapters/lambda/lambda-handler.js';
import { TOKENS } from '#main/tokens.js';
import { settle } from '../../support/connector-world.js';
import { unsecuredToken, claimsFor } from '../../support/crafted-tokens.js';
import { activateUserEnvelope } from '../../support/envelopes.js';
import { CLIENT_SECRET, linkingServiceWith, type LinkingServiceUnderTest } from '../../support/linking-container.js';
import { JwksServer, sendJson, startLoopbackServer, type LoopbackServer, TokenFactory } from '#main/testing/index.js';

const ISSUER = 'https://idp.example.com';
const AUDIENCE = 'connector-api';

describe('Logs and error messages never carry a token, a code, a client secret or an Authorization value', () => {
  let tokens: TokenFactory;
  let jwks: JwksServer;
  let userinfo: LoopbackServer;
  let tokenEndpoint: LoopbackServer;
  let service: LinkingServiceUnderTest;
  let handler: ConnectorLambdaHandler;
  /** Every secret the scenarios hand out; none may show up in what we check. */
  const secrets = new Set<string>([CLIENT_SECRET]);
  const thrownMessages: string[] = [];
  const bodies: string[] = [];

  before(async () => {
    tokens = await TokenFactory.create({ issuer: ISSUER, audience: AUDIENCE, kid: 'rsa-1' });
    jwks = await JwksServer.start(tokens.jwks());
    userinfo = await startLoopbackServer((req, res) => {
      const authorization = req.headers.authorization ?? '';
      if (authorization.startsWith('Bearer opaque-down')) return sendJson(res, 503, { error: 'down' });
      if (authorization.startsWith('Bearer opaque-good') || authorization.startsWith('Bearer linked-access')) {
        return sendJson(res, 200, { sub: 'opaque-user' });
      }
      return sendJson(res, 401, { error: 'invalid_token' });
    });
    tokenEndpoint = await startLoopbackServer((req, res) => {
      secrets.add(req.headers.authorization ?? '');
      const form = new URLSearchParams(req.body);
      const code = form.get('code') ?? '';
      if (code.startsWith('good-code')) {
        return sendJson(res, 200, { access_token: `linked-access-${code}`, refresh_token: `linked-refresh-${code}`, token_type: 'Bearer', expires_in: 3600 });
      }
      if (code.startsWith('boom-code')) return sendJson(res, 500, { error: 'server_error', echo: code });
      return sendJson(res, 400, { error: 'invalid_grant', error_description: `code ${code} is unknown` });
    });
    service = await linkingServiceWith(
      {},
      {
        C2C_JWKS_URI: jwks.uri,
        C2C_JWT_ISSUER: ISSUER,
        C2C_JWT_AUDIENCE: AUDIENCE,
        C2C_USERINFO_URL: `${userinfo.url}/userinfo`,
        C2C_TOKEN_URL: `${tokenEndpoint.url}/token`,
        C2C_CONNECTOR_ID: 'connector-1',
        C2C_DEADLINE_MS: '1000',
      },
    );
    handler = service.container.get<ConnectorLambdaHandler>(TOKENS.LambdaHandler);
  });

  after(async () => {
    await service.server.close();
    await jwks.close();
    await userinfo.close();
    await tokenEndpoint.close();
  });

  async function invoke(token: string, overrides: Parameters<typeof activateUserEnvelope>[1] = {}): Promise<void> {
    secrets.add(token);
    secrets.add(`Bearer ${token}`);
    const outcome = await settle(handler(activateUserEnvelope(token, overrides), { awsRequestId: 'req-1234' }));
    if (outcome.thrown !== undefined) thrownMessages.push(outcome.thrown.message, String(outcome.thrown.stack));
    bodies.push(JSON.stringify(outcome.envelope ?? null));
  }

  async function callback(code: string, withState = true): Promise<string> {
    secrets.add(code);
    const started = await service.server.app.inject({ method: 'POST', url: '/account-associations' });
    const authorizationUrl = new URL(started.json<{ OAuthAuthorizationUrl: string }>().OAuthAuthorizationUrl);
    const state = authorizationUrl.searchParams.get('state') ?? '';
    secrets.add(state);
    const query = new URLSearchParams({ code, ...(withState ? { state } : { state: 'forged-state-value' }) });
    const response = await service.server.app.inject({ method: 'GET', url: `/oauth/callback?${query.toString()}` });
    expect(response.statusCode).to.equal(302);
    bodies.push(response.body, String(response.headers.location));
    return String(response.headers.location);
  }

  it('runs the scenarios: success, each error, linking success and failure, exchange failure', async () => {
    await invoke(await tokens.sign({ sub: 'jwt-user' }));
    await invoke(await tokens.sign({ exp: Math.floor(Date.now() / 1000) - 60 }));
    await invoke(await tokens.sign({ aud: 'another' }));
    await invoke(unsecuredToken(claimsFor(ISSUER, AUDIENCE)));
    await invoke(await tokens.sign(), { connectorId: 'someone-else' });
    await invoke(await tokens.sign(), { operationName: 'AWS.DiscoverDevices' });
    await invoke('opaque-good-4b1d9e');
    await invoke('opaque-bad-8c2f7a');
    await invoke('opaque-down-5e6d3c');
    await invoke(await tokens.sign(), { type: 'GeneralAuthorization' });
    secrets.add('x'.repeat(40));
    const tooLong = await settle(handler({ header: { auth: { token: `${'x'.repeat(40)}\u0000`, type: 'OAuth2.0' } }, payload: 'nope' }));
    bodies.push(JSON.stringify(tooLong.envelope ?? null));

    expect(await callback('good-code-31a8f0')).to.equal('https://app.example.com/linked?from=test');
    expect(await callback('bad-code-9d0e4c')).to.contain('error=invalid_grant');
    expect(await callback('boom-code-77ab12')).to.contain('error=temporarily_unavailable');
    expect(await callback('good-code-stolen1', false)).to.contain('error=invalid_request');
    secrets.add('linked-access-good-code-31a8f0');
    secrets.add('linked-refresh-good-code-31a8f0');
    const basic = `Basic ${Buffer.from(`client-1:${CLIENT_SECRET}`).toString('base64')}`;
    secrets.add(basic);
    secrets.add(basic.slice('Basic '.length));

    const lines = service.log.lines;
    expect(lines.length).to.be.at.least(15);
    expect(thrownMessages.length).to.be.at.least(1);
    for (const secret of secrets) {
      if (secret === '') continue;
      for (const line of lines) expect(line, `a log line reveals ${secret.slice(0, 12)}…`).not.to.contain(secret);
      for (const message of thrownMessages) expect(message, 'a thrown error reveals a secret').not.to.contain(secret);
      for (const body of bodies) expect(body, 'an answer reveals a secret').not.to.contain(secret);
    }
  });

  it('wrote one line per invocation with outcome, error code, duration, identity source, cache hit and correlation id', () => {
    const lambdaLines = service.log.entries().filter((entry) => entry['entry'] === 'lambda');
    expect(lambdaLines).to.have.length(11);
    const first = lambdaLines[0] ?? {};
    expect(first).to.include({ msg: 'connector invocation', correlationId: 'req-1234', operation: 'AWS.ActivateUser', outcome: 'success', responseCode: 200, identitySource: 'jwt', cacheHit: false });
    expect(first['durationMs']).to.be.a('number');
    expect(lambdaLines.map((entry) => entry['errorCode'])).to.deep.equal([
      undefined,
      'EXPIRED_TOKEN',
      'INVALID_TOKEN',
      'INVALID_TOKEN',
      'CONNECTOR_MISMATCH',
      'UNSUPPORTED_OPERATION',
      undefined,
      'INVALID_TOKEN',
      'IDENTITY_PROVIDER_UNAVAILABLE',
      'INVALID_REQUEST',
      'INVALID_REQUEST',
    ]);
    const callbacks = service.log.entries().filter((entry) => entry['route'] === '/oauth/callback');
    expect(callbacks.map((entry) => entry['outcome'])).to.deep.equal(['success', 'error', 'error', 'error']);
    expect(callbacks.map((entry) => entry['oauthError'])).to.deep.equal([undefined, 'invalid_grant', 'temporarily_unavailable', 'invalid_request']);
  });

  it('takes a well-formed x-correlation-id, replaces a malformed one, and echoes it', async () => {
    const good = await service.server.app.inject({ method: 'GET', url: '/health', headers: { 'x-correlation-id': 'abc-123' } });
    expect(good.headers['x-correlation-id']).to.equal('abc-123');
    const bad = await service.server.app.inject({ method: 'GET', url: '/health', headers: { 'x-correlation-id': 'bad id\twith "quotes"' } });
    expect(bad.headers['x-correlation-id']).to.match(/^[0-9a-f-]{36}$/);
  });

  it('redacts secret-named fields and token-shaped text even when a caller logs them by mistake', async () => {
    const jwt = await tokens.sign();
    service.log.clear();
    service.log.logger.info(`oops Bearer ${jwt}`, { token: 'raw-token-value', code: 'raw-code', clientSecret: 'raw-secret', note: `Basic dXNlcjpwYXNz and ${jwt}` });
    const [line = ''] = service.log.lines;
    for (const leaked of [jwt, 'raw-token-value', 'raw-code', 'raw-secret', 'dXNlcjpwYXNz']) expect(line).not.to.contain(leaked);
    expect(JSON.parse(line)).to.include({ token: '[REDACTED]', code: '[REDACTED]', clientSecret: '[REDACTED]' });
  });
});
