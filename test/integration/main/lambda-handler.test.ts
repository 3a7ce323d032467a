import { expect } from 'chai';
import { createConnector } from '#main/create-connector.js';
import { loadConfig } from '#main/config/load-config.js';
import type { ConnectorLambdaHandler } from '#adapters/lambda/lambda-handler.js';
import { activateUserEnvelope } from '../../support/envelopes.js';
import { sendJson, startLoopbackServer, type LoopbackServer, TokenFactory } from '#main/testing/index.js';

describe('Lambda handler built by the real container', () => {
  const issuer = 'https://idp.example.com';
  let tokens: TokenFactory;
  let jwks: LoopbackServer;
  let userinfo: LoopbackServer;
  let handler: ConnectorLambdaHandler;

  before(async () => {
    tokens = await TokenFactory.create({ issuer, audience: 'connector-api' });
    jwks = await startLoopbackServer((_req, res) => sendJson(res, 200, tokens.jwks()));
    userinfo = await startLoopbackServer((req, res) =>
      req.headers.authorization === 'Bearer opaque-good'
        ? sendJson(res, 200, { sub: 'opaque-user', iss: 'https://other.example.com' })
        : sendJson(res, 401, { error: 'invalid_token' }),
    );
    const config = loadConfig({
      LOG_LEVEL: 'silent',
      C2C_JWKS_URI: `${jwks.url}/jwks`,
      C2C_JWT_ISSUER: issuer,
      C2C_JWT_AUDIENCE: 'connector-api',
      C2C_USERINFO_URL: `${userinfo.url}/userinfo`,
      C2C_CONNECTOR_ID: 'connector-1',
    });
    handler = createConnector(config).handler;
  });

  after(async () => {
    await jwks.close();
    await userinfo.close();
  });

  it('activates the user of a verified JWT', async () => {
    const token = await tokens.sign({ sub: 'user-42' });
    const response = await handler(activateUserEnvelope(token));
    expect(response).to.deep.equal({
      header: { responseCode: 200 },
      payload: { responseMessage: 'Successfully activated user with connector-id connector-1.', userId: 'user-42' },
    });
  });

  it('accepts the envelope as a JSON string', async () => {
    const token = await tokens.sign({ sub: 'user-43' });
    const response = await handler(JSON.stringify(activateUserEnvelope(token, { operationVersion: '1.0' })));
    expect(response.payload.userId).to.equal('user-43');
  });

  it('falls through to userinfo for an opaque token', async () => {
    const response = await handler(activateUserEnvelope('opaque-good'));
    expect(response.header.responseCode).to.equal(200);
    expect(response.payload.userId).to.equal('opaque-user');
  });

  it('answers 401 INVALID_TOKEN when userinfo rejects an opaque token', async () => {
    const response = await handler(activateUserEnvelope('opaque-bad'));
    expect(response.header.responseCode).to.equal(401);
    expect(response.payload.errorCode).to.equal('INVALID_TOKEN');
    expect(JSON.stringify(response)).not.to.contain('opaque-bad');
  });

  it('answers 401 EXPIRED_TOKEN for an expired JWT of our issuer', async () => {
    const token = await tokens.sign({ exp: Math.floor(Date.now() / 1000) - 60 });
    const response = await handler(activateUserEnvelope(token));
    expect(response.header.responseCode).to.equal(401);
    expect(response.payload.errorCode).to.equal('EXPIRED_TOKEN');
  });

  it('answers 403 CONNECTOR_MISMATCH for another connector', async () => {
    const token = await tokens.sign();
    const response = await handler(activateUserEnvelope(token, { connectorId: 'someone-else' }));
    expect(response.header.responseCode).to.equal(403);
    expect(response.payload.errorCode).to.equal('CONNECTOR_MISMATCH');
  });

  it('answers 400 UNSUPPORTED_OPERATION for an operation it has no handler for', async () => {
    const token = await tokens.sign();
    const response = await handler(activateUserEnvelope(token, { operationName: 'AWS.DiscoverDevices' }));
    expect(response.header.responseCode).to.equal(400);
    expect(response.payload.errorCode).to.equal('UNSUPPORTED_OPERATION');
  });

  it('answers 400 INVALID_REQUEST for text that is not JSON', async () => {
    const response = await handler('{not json');
    expect(response).to.deep.equal({
      header: { responseCode: 400 },
      payload: { responseMessage: 'The request is not valid JSON.', errorCode: 'INVALID_REQUEST' },
    });
  });
});
