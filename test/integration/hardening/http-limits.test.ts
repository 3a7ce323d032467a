import { request } from 'node:http';
import { connect } from 'node:net';
import { expect } from 'chai';
import type { ConnectorResponseEnvelope } from '#adapters/connector-envelope/connector-response.js';
import type { FastifyServer } from '#adapters/http/fastify-server.js';
import { InMemoryAccountLinkRepository } from '#adapters/persistence/in-memory-account-link-repository.js';
import { loadConfig } from '#main/config/load-config.js';
import { createConnector } from '#main/create-connector.js';
import { MemoryLog } from '../../support/memory-log.js';

/** Short enough that a test waits well under a second per slow client; the service's own is 10 s. */
const REQUEST_TIMEOUT_MS = 600;

function rawRequest(
  base: string,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string },
): Promise<{ status: number; body: string; headers: Readonly<Record<string, string>> }> {
  const url = new URL(options.path, base);
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { method: options.method ?? 'GET', headers: options.headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      const headers = Object.fromEntries(Object.entries(response.headers).map(([name, value]) => [name, String(value)]));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString(), headers }));
    });
    outgoing.on('error', reject);
    outgoing.end(options.body);
  });
}

interface SocketOutcome {
  /** Everything the server wrote before it closed the connection. */
  readonly received: string;
  readonly closedAfterMs: number;
}

/**
 * A client on a real socket: writes `head`, then one piece of `trickle` every `everyMs` until the server
 * closes the connection (or `giveUpMs` passes, which fails the test that expected a close).
 */
function slowClient(base: string, head: string, trickle: string, everyMs: number, giveUpMs = 5_000): Promise<SocketOutcome> {
  const { port } = new URL(base);
  return new Promise((resolve, reject) => {
    const startedAt = Date.now();
    const socket = connect(Number(port), '127.0.0.1');
    let received = '';
    const drip = setInterval(() => {
      if (!socket.destroyed) socket.write(trickle);
    }, everyMs);
    const giveUp = setTimeout(() => {
      socket.destroy();
      reject(new Error(`the server kept the connection open for ${giveUpMs} ms`));
    }, giveUpMs);
    socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearInterval(drip);
      clearTimeout(giveUp);
      resolve({ received, closedAfterMs: Date.now() - startedAt });
    });
    if (head !== '') socket.write(head);
  });
}

function statusAndEnvelope(raw: string): { status: number; envelope: ConnectorResponseEnvelope } {
  const [head = '', body = ''] = raw.split('\r\n\r\n');
  return { status: Number(/^HTTP\/1\.1 (\d{3}) /.exec(head)?.[1]), envelope: JSON.parse(body) as ConnectorResponseEnvelope };
}

describe('HTTP server limits', () => {
  let server: FastifyServer;
  let base: string;
  const log = new MemoryLog();

  before(async () => {
    const config = loadConfig({
      LOG_LEVEL: 'silent',
      C2C_USERINFO_URL: 'http://127.0.0.1:9/userinfo',
      PORT: '0',
      C2C_AUTHORIZATION_URL: 'https://idp.example.com/authorize',
      C2C_TOKEN_URL: 'https://idp.example.com/token',
      C2C_CLIENT_ID: 'client-1',
      C2C_CLIENT_SECRET: 'client-secret',
      C2C_CALLBACK_URL: 'https://connector.example.com/oauth/callback',
      C2C_OAUTH_REDIRECT_URL: 'https://app.example.com/linked',
      C2C_TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64url'),
    });
    server = await createConnector(
      { ...config, http: { ...config.http, requestTimeoutMs: REQUEST_TIMEOUT_MS } },
      { ports: { logger: log.logger, accountLinkRepository: new InMemoryAccountLinkRepository() } },
    ).server();
    base = await server.listen();
  });

  after(() => server.close());

  it('gives a whole request 10 s by default, head and body alike, checked every half second', () => {
    const defaults = createConnector(loadConfig({ LOG_LEVEL: 'silent', C2C_USERINFO_URL: 'http://127.0.0.1:9/userinfo' }));
    return defaults.server().then((made) => {
      expect(made.app.server.requestTimeout).to.equal(10_000);
      expect(made.app.server.headersTimeout).to.equal(10_000);
      // Node's own, not declared by @types/node on the server.
      expect((made.app.server as { connectionsCheckingInterval?: number }).connectionsCheckingInterval).to.equal(500);
      expect(made.app.server.maxHeadersCount).to.equal(64);
      return defaults.close();
    });
  });

  describe(`a client slower than the limit (${REQUEST_TIMEOUT_MS} ms here), on a real socket`, () => {
    function expectCutInTime(outcome: SocketOutcome): void {
      const { status, envelope } = statusAndEnvelope(outcome.received);
      expect(status, outcome.received).to.equal(408);
      expect(envelope).to.deep.equal({
        header: { responseCode: 408 },
        payload: { responseMessage: `The request was not received within ${REQUEST_TIMEOUT_MS / 1000} s.`, errorCode: 'INVALID_REQUEST' },
      });
      expect(outcome.closedAfterMs).to.be.at.least(REQUEST_TIMEOUT_MS - 50);
      // The limit plus Node's check interval, plus room for a loaded machine.
      expect(outcome.closedAfterMs).to.be.below(REQUEST_TIMEOUT_MS + 1_000);
    }

    it('is answered 408 in the envelope and cut when its body arrives a byte at a time', async () => {
      const head = 'POST /connector HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n';
      expectCutInTime(await slowClient(base, head, '{', 50));
    });

    it('is answered 408 in the envelope and cut when its head arrives a header at a time', async () => {
      expectCutInTime(await slowClient(base, 'GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n', 'X-Slow: 1\r\n', 50));
    });

    it('is cut when it opens a connection and sends nothing', async () => {
      expectCutInTime(await slowClient(base, '', '', 60_000));
    });

    it('logs the cut request once, without its URL', async () => {
      log.clear();
      await slowClient(base, 'GET /account-associations/secret-looking-path HTTP/1.1\r\nHost: 127.0.0.1\r\n', 'X-Slow: 1\r\n', 50);
      const lines = log.entries().filter((entry) => entry['statusCode'] === 408);
      expect(lines).to.have.length(1);
      expect(lines[0]).to.include({ msg: 'http request', entry: 'http', route: 'none', errorName: 'ERR_HTTP_REQUEST_TIMEOUT' });
      expect(log.lines.join('\n')).not.to.contain('secret-looking-path');
    });

    it('does not cut a client that sends its request in time', async () => {
      const response = await rawRequest(base, { path: '/health' });
      expect({ status: response.status, body: response.body }).to.deep.equal({ status: 200, body: '{"status":"ok"}' });
    });
  });

  describe('errors the framework finds are answered in the envelope, never echoing the URL', () => {
    const MARKER = 'Zq9MarkerOfTheUrl';

    function expectEnvelope(response: { status: number; body: string }, status: number): ConnectorResponseEnvelope {
      expect(response.body).not.to.contain(MARKER);
      const envelope = JSON.parse(response.body) as ConnectorResponseEnvelope;
      expect(response.status).to.equal(status);
      expect(envelope.header).to.deep.equal({ responseCode: status });
      expect(envelope.payload.errorCode).to.equal('INVALID_REQUEST');
      expect(Object.keys(envelope.payload).sort()).to.deep.equal(['errorCode', 'responseMessage']);
      return envelope;
    }

    it('404 for a route that does not exist (any method)', async () => {
      expectEnvelope(await rawRequest(base, { path: `/nowhere/${MARKER}` }), 404);
      expectEnvelope(await rawRequest(base, { method: 'PUT', path: `/health?${MARKER}` }), 404);
    });

    /** The association routes answer these in their own shape, restJson1's: `X-Amzn-ErrorType` and `{"Message"}`. */
    function expectValidationException(response: { status: number; body: string; headers?: Readonly<Record<string, string>> }): string {
      expect(response.body).not.to.contain(MARKER);
      expect(response.status).to.equal(400);
      expect(response.headers?.['x-amzn-errortype']).to.equal('ValidationException');
      const body = JSON.parse(response.body) as { Message: string };
      expect(Object.keys(body)).to.deep.equal(['Message']);
      return body.Message;
    }

    it('400 for an association id over 200 characters (fastify would answer its own 414 quoting the URL)', async () => {
      const message = expectValidationException(await rawRequest(base, { path: `/account-associations/${'a'.repeat(200)}${MARKER}` }));
      expect(message).to.equal('A path parameter is longer than 200 characters.');
      expectValidationException(await rawRequest(base, { method: 'POST', path: `/account-associations/${'a'.repeat(240)}${MARKER}/refresh` }));
    });

    it('400 for a path that is not valid percent-encoding', async () => {
      expectValidationException(await rawRequest(base, { path: `/account-associations/${MARKER}%E0%A4%A` }));
      expectEnvelope(await rawRequest(base, { path: `/health/${MARKER}%E0%A4%A` }), 400);
    });

    it('400 for a connector body over 256 KiB, as the Lambda answers the same envelope', async () => {
      const response = await rawRequest(base, {
        method: 'POST',
        path: '/connector',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ padding: `${MARKER}${'a'.repeat(300 * 1024)}` }),
      });
      expectEnvelope(response, 400);
    });

    it('400 for a malformed Content-Type (fastify: 415) and for a body that does not parse', async () => {
      expectEnvelope(await rawRequest(base, { method: 'POST', path: '/connector', headers: { 'content-type': `${MARKER}///` }, body: '{}' }), 400);
      expectEnvelope(await rawRequest(base, { method: 'POST', path: `/nowhere`, headers: { 'content-type': 'application/json' }, body: `{${MARKER}` }), 400);
    });

    it('431 for a request head over 16 KiB', async () => {
      expectEnvelope(await rawRequest(base, { path: `/health?${MARKER}`, headers: { 'x-padding': 'a'.repeat(20 * 1024) } }), 431);
    });

    it('400 for what is not HTTP at all, or an HTTP request Node cannot parse', async () => {
      for (const garbage of [`HELLO ${MARKER}\r\n\r\n`, `FOO /${MARKER} HTTP/1.1\r\nHost: x\r\n\r\n`, 'POST /connector HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}']) {
        const outcome = await slowClient(base, garbage, '', 60_000);
        const { status, envelope } = statusAndEnvelope(outcome.received);
        expect(outcome.received).not.to.contain(MARKER);
        expect(status).to.equal(400);
        expect(envelope).to.deep.equal({ header: { responseCode: 400 }, payload: { responseMessage: 'The request is not valid HTTP/1.1.', errorCode: 'INVALID_REQUEST' } });
      }
    });
  });
});
