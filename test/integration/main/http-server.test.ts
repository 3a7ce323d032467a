import { expect } from 'chai';
import axios from 'axios';
import type { ConnectorResponseEnvelope } from '#adapters/connector-envelope/connector-response.js';
import type { FastifyServer } from '#adapters/http/fastify-server.js';
import { createConnector } from '#main/create-connector.js';
import { loadConfig } from '#main/config/load-config.js';
import { activateUserEnvelope } from '../../support/envelopes.js';
import { sendJson, startLoopbackServer, type LoopbackServer, TokenFactory } from '#main/testing/index.js';

describe('HTTP service on 127.0.0.1', () => {
  const issuer = 'https://idp.example.com';
  let tokens: TokenFactory;
  let jwks: LoopbackServer;
  let userinfo: LoopbackServer;
  let server: FastifyServer;
  let base: string;
  const client = axios.create({ validateStatus: () => true });

  before(async () => {
    tokens = await TokenFactory.create({ issuer, audience: 'connector-api', alg: 'ES256' });
    jwks = await startLoopbackServer((_req, res) => sendJson(res, 200, tokens.jwks()));
    userinfo = await startLoopbackServer(() => undefined); // never answers
    server = await createConnector(
      loadConfig({
      LOG_LEVEL: 'silent',
        C2C_JWKS_URI: `${jwks.url}/jwks`,
        C2C_JWT_ISSUER: issuer,
        C2C_JWT_AUDIENCE: 'connector-api',
        C2C_USERINFO_URL: `${userinfo.url}/userinfo`,
        C2C_DEADLINE_MS: '300',
        PORT: '0',
      }),
    ).server();
    base = await server.listen();
  });

  after(async () => {
    await server.close();
    await jwks.close();
    await userinfo.close();
  });

  it('GET /health answers ok', async () => {
    const response = await client.get(`${base}/health`);
    expect(response.status).to.equal(200);
    expect(response.data).to.deep.equal({ status: 'ok' });
  });

  it('POST /connector activates a user with HTTP 200', async () => {
    const response = await client.post<ConnectorResponseEnvelope>(`${base}/connector`, activateUserEnvelope(await tokens.sign({ sub: 'http-user' })));
    expect(response.status).to.equal(200);
    expect(response.data.payload.userId).to.equal('http-user');
  });

  it('uses header.responseCode as the HTTP status for errors', async () => {
    const token = await tokens.sign({ aud: 'someone-else' });
    const response = await client.post<ConnectorResponseEnvelope>(`${base}/connector`, activateUserEnvelope(token));
    expect(response.status).to.equal(401);
    expect(response.data.header.responseCode).to.equal(401);
    expect(response.data.payload.errorCode).to.equal('INVALID_TOKEN');
  });

  it('answers 503 IDENTITY_PROVIDER_UNAVAILABLE within the deadline when userinfo hangs', async () => {
    const started = performance.now();
    const response = await client.post<ConnectorResponseEnvelope>(`${base}/connector`, activateUserEnvelope('opaque-token'));
    const elapsed = performance.now() - started;
    expect(response.status).to.equal(503);
    expect(response.data.payload.errorCode).to.equal('IDENTITY_PROVIDER_UNAVAILABLE');
    expect(elapsed).to.be.lessThan(300 + 200);
  });

  it('answers malformed bodies in the contract format, whatever the content type', async () => {
    for (const [body, contentType] of [
      ['{oops', 'application/json'],
      ['hello', 'text/plain'],
      ['', 'application/json'],
    ] as const) {
      const response = await client.post<ConnectorResponseEnvelope>(`${base}/connector`, body, { headers: { 'content-type': contentType } });
      expect(response.status, `${contentType} ${body}`).to.equal(400);
      expect(response.data.payload.errorCode).to.equal('INVALID_REQUEST');
    }
  });

  it('answers an oversized body with 400 INVALID_REQUEST', async () => {
    const response = await client.post<ConnectorResponseEnvelope>(`${base}/connector`, 'x'.repeat(300 * 1024), { headers: { 'content-type': 'text/plain' } });
    expect(response.status).to.equal(400);
    expect(response.data.payload.errorCode).to.equal('INVALID_REQUEST');
  });

  it('answers unknown routes with 404 in the contract format', async () => {
    const response = await client.get<ConnectorResponseEnvelope>(`${base}/nope`);
    expect(response.status).to.equal(404);
    expect(response.data.header.responseCode).to.equal(404);
  });
});
