import { request } from 'node:http';
import { expect } from 'chai';
import type { ConnectorResponseEnvelope } from '#adapters/connector-envelope/connector-response.js';
import type { FastifyServer } from '#adapters/http/fastify-server.js';
import { loadConfig } from '#main/config/load-config.js';
import { createConnector } from '#main/create-connector.js';
import { MemoryLog } from '../../support/memory-log.js';

function rawRequest(base: string, options: { method?: string; path: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; body: string }> {
  const url = new URL(options.path, base);
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { method: options.method ?? 'GET', headers: options.headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
    });
    outgoing.on('error', reject);
    outgoing.end(options.body);
  });
}

describe('HTTP server limits', () => {
  let server: FastifyServer;
  let base: string;

  before(async () => {
    server = await createConnector(loadConfig({ LOG_LEVEL: 'silent', C2C_USERINFO_URL: 'http://127.0.0.1:9/userinfo', PORT: '0' }), {
      ports: { logger: new MemoryLog().logger },
    }).server();
    base = await server.listen();
  });

  after(() => server.close());

  it('refuses a request head over 16 KiB with 431', async () => {
    const response = await rawRequest(base, { path: '/health', headers: { 'x-padding': 'a'.repeat(20 * 1024) } });
    expect(response.status).to.equal(431);
  });

  it('refuses a connector body over 256 KiB in the contract format', async () => {
    const response = await rawRequest(base, {
      method: 'POST',
      path: '/connector',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ padding: 'a'.repeat(300 * 1024) }),
    });
    expect(response.status).to.equal(400);
    expect(JSON.parse(response.body)).to.deep.include({ header: { responseCode: 400 } });
    expect((JSON.parse(response.body) as ConnectorResponseEnvelope).payload.errorCode).to.equal('INVALID_REQUEST');
  });

  it('reads at most 64 headers per request', () => {
    expect(server.app.server.maxHeadersCount).to.equal(64);
    expect(server.app.server.requestTimeout).to.equal(10_000);
  });
});
