import { expect } from 'chai';
import type { ConnectorLambdaHandler } from '#adapters/lambda/lambda-handler.js';
import { connectorFor, settle } from '../../support/connector-world.js';
import { activateUserEnvelope } from '../../support/envelopes.js';
import { FakeClock, JwksServer, sendJson, startLoopbackServer, type LoopbackServer, type Respond, TokenFactory } from '#main/testing/index.js';

const ISSUER = 'https://idp.example.com';
const AUDIENCE = 'connector-api';
const DEADLINE_MS = 500;
const TOKEN = 'opaque-token-0123456789';

/** Measured answer times, printed once so that the numbers can be quoted. */
const measured: Record<string, number> = {};

async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
  const startedAt = performance.now();
  try {
    return await work();
  } finally {
    measured[label] = Math.round(performance.now() - startedAt);
  }
}

function expectRetryable(outcome: { envelope?: unknown; thrown?: Error }, reason?: string): void {
  expect(outcome.thrown, `expected a thrown error, got ${JSON.stringify(outcome.envelope)}`).to.be.instanceOf(Error);
  expect(outcome.thrown?.name).to.equal('IDENTITY_PROVIDER_UNAVAILABLE');
  expect(outcome.thrown?.message).not.to.contain(TOKEN);
  if (reason !== undefined) expect(outcome.thrown?.message).to.contain(reason);
}

/** A permanent problem is answered, not thrown: managed integrations must not retry it. */
function expectConfigurationError(outcome: { envelope?: unknown; thrown?: Error }, reason?: string): void {
  expect(outcome.thrown, outcome.thrown?.message).to.equal(undefined);
  const envelope = outcome.envelope as { header: { responseCode: number }; payload: { responseMessage: string; errorCode: string } };
  expect(envelope.header).to.deep.equal({ responseCode: 500 });
  expect(envelope.payload.errorCode).to.equal('CONFIGURATION_ERROR');
  expect(envelope.payload.responseMessage).not.to.contain(TOKEN);
  if (reason !== undefined) expect(envelope.payload.responseMessage).to.contain(reason);
}

describe('Fault matrix through the Lambda handler, with real loopback servers', () => {
  after(() => {
    process.stdout.write(`      measured (ms): ${JSON.stringify(measured)}\n`);
  });

  describe('userinfo', () => {
    let server: LoopbackServer;
    let respond: Respond;
    let handler: ConnectorLambdaHandler;

    beforeEach(async () => {
      server = await startLoopbackServer((request, response) => respond(request, response));
      handler = connectorFor({ C2C_USERINFO_URL: `${server.url}/userinfo`, C2C_DEADLINE_MS: String(DEADLINE_MS) }).handler;
    });

    afterEach(() => server.close());

    it(`answers within the deadline + 100 ms when userinfo hangs (deadline ${DEADLINE_MS} ms)`, async () => {
      respond = () => undefined;
      const outcome = await timed('userinfo hangs', () => settle(handler(activateUserEnvelope(TOKEN))));
      expectRetryable(outcome, 'within the deadline');
      expect(measured['userinfo hangs']).to.be.at.most(DEADLINE_MS + 100);
    });

    it('retries a 500 and succeeds with the 200 that follows, within the budget', async () => {
      respond = (_req, res) => (server.requests.length === 1 ? sendJson(res, 500, {}) : sendJson(res, 200, { sub: 'after-retry' }));
      const response = await timed('userinfo 500 then 200', () => handler(activateUserEnvelope(TOKEN)));
      expect(response).to.deep.include({ header: { responseCode: 200 } });
      expect(response.payload.userId).to.equal('after-retry');
      expect(server.requests).to.have.length(2);
      expect(measured['userinfo 500 then 200']).to.be.below(DEADLINE_MS);
    });

    it('retries a 429 like a 5xx', async () => {
      respond = (_req, res) => (server.requests.length === 1 ? sendJson(res, 429, {}) : sendJson(res, 200, { sub: 'after-429' }));
      const response = await handler(activateUserEnvelope(TOKEN));
      expect(response.payload.userId).to.equal('after-429');
      expect(server.requests).to.have.length(2);
    });

    it('gives up after two retries when userinfo answers 503 every time, and throws to be retried', async () => {
      respond = (_req, res) => sendJson(res, 503, { error: 'unavailable' });
      const outcome = await timed('userinfo 503 always', () => settle(handler(activateUserEnvelope(TOKEN))));
      expectRetryable(outcome, 'HTTP 503');
      expect(server.requests).to.have.length(3);
      expect(measured['userinfo 503 always']).to.be.at.most(DEADLINE_MS + 100);
    });

    it('stops reading a 30 MB answer and answers CONFIGURATION_ERROR, without retrying', async () => {
      respond = (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(Buffer.alloc(30 * 1024 * 1024, 0x20));
      };
      const outcome = await timed('userinfo 30 MB', () => settle(handler(activateUserEnvelope(TOKEN))));
      expectConfigurationError(outcome, 'larger than allowed');
      expect(server.requests).to.have.length(1);
    });

    for (const status of [404, 405]) {
      it(`answers CONFIGURATION_ERROR, not thrown and not retried, when userinfo answers ${status} (a wrong URL)`, async () => {
        respond = (_req, res) => sendJson(res, status, { error: 'not_found' });
        expectConfigurationError(await settle(handler(activateUserEnvelope(TOKEN))), 'C2C_USERINFO_URL');
        expect(server.requests).to.have.length(1);
      });
    }

    it('answers CONFIGURATION_ERROR when userinfo refuses the client (401, error="invalid_client"), not the token', async () => {
      respond = (_req, res) => {
        res.writeHead(401, { 'www-authenticate': 'Bearer error="invalid_client"' });
        res.end();
      };
      expectConfigurationError(await settle(handler(activateUserEnvelope(TOKEN))), 'invalid_client');
      expect(server.requests).to.have.length(1);
    });

    it('does not follow a redirect to another host', async () => {
      const elsewhere = await startLoopbackServer((_req, res) => sendJson(res, 200, { sub: 'stolen' }));
      try {
        respond = (_req, res) => {
          res.writeHead(302, { location: `${elsewhere.url.replace('127.0.0.1', 'localhost')}/userinfo` });
          res.end();
        };
        const outcome = await settle(handler(activateUserEnvelope(TOKEN)));
        expectConfigurationError(outcome, 'redirect');
        expect(elsewhere.requests).to.have.length(0);
      } finally {
        await elsewhere.close();
      }
    });

    it('answers CONFIGURATION_ERROR when the answer is not JSON', async () => {
      respond = (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"sub": "half');
      };
      expectConfigurationError(await settle(handler(activateUserEnvelope(TOKEN))), 'not JSON');
    });

    it('answers 401 INVALID_TOKEN when the JSON has no id claim', async () => {
      respond = (_req, res) => sendJson(res, 200, { name: 'no id here' });
      const response = await handler(activateUserEnvelope(TOKEN));
      expect(response.header).to.deep.equal({ responseCode: 401 });
      expect(response.payload.errorCode).to.equal('INVALID_TOKEN');
    });

    it('answers 401 INVALID_TOKEN when userinfo refuses the token, without retrying', async () => {
      respond = (_req, res) => sendJson(res, 401, { error: 'invalid_token' });
      const response = await handler(activateUserEnvelope(TOKEN));
      expect(response.payload.errorCode).to.equal('INVALID_TOKEN');
      expect(server.requests).to.have.length(1);
    });

    it('retries a refused connection and never sleeps past the deadline', async () => {
      await server.close();
      const outcome = await timed('userinfo refused', () => settle(handler(activateUserEnvelope(TOKEN))));
      expectRetryable(outcome);
      expect(measured['userinfo refused']).to.be.at.most(DEADLINE_MS + 100);
    });
  });

  describe('key set', () => {
    let tokens: TokenFactory;
    let jwks: JwksServer;

    before(async () => {
      tokens = await TokenFactory.create({ issuer: ISSUER, audience: AUDIENCE, kid: 'rsa-1' });
    });

    beforeEach(async () => {
      jwks = await JwksServer.start(tokens.jwks());
    });

    afterEach(() => jwks.close());

    function handlerWith(env: Record<string, string> = {}, clock?: FakeClock): ConnectorLambdaHandler {
      return connectorFor(
        {
          C2C_JWKS_URI: jwks.uri,
          C2C_JWT_ISSUER: ISSUER,
          C2C_JWT_AUDIENCE: AUDIENCE,
          C2C_DEADLINE_MS: String(DEADLINE_MS),
          ...env,
        },
        clock === undefined ? {} : { ports: { clock } },
      ).handler;
    }

    it('throws IDENTITY_PROVIDER_UNAVAILABLE when the key set is down at cold start, after two retries', async () => {
      jwks.behaviour = 'fail';
      const token = await tokens.sign();
      const outcome = await timed('jwks down at cold start', () => settle(handlerWith()(activateUserEnvelope(token))));
      expect(outcome.thrown?.name).to.equal('IDENTITY_PROVIDER_UNAVAILABLE');
      expect(outcome.thrown?.message).to.contain('HTTP 500');
      expect(jwks.requestCount).to.equal(3);
      expect(measured['jwks down at cold start']).to.be.at.most(DEADLINE_MS + 100);
    });

    it('answers CONFIGURATION_ERROR at once, not thrown and not retried, when the key set URL answers 404', async () => {
      jwks.behaviour = 'not-found';
      const handler = handlerWith();
      expectConfigurationError(await settle(handler(activateUserEnvelope(await tokens.sign()))), 'HTTP 404');
      // The first invocation may share the warm-up's fetch or follow it; the next one fetches once, unretried.
      const fetched = jwks.requestCount;
      expectConfigurationError(await settle(handler(activateUserEnvelope(await tokens.sign()))), 'HTTP 404');
      expect(jwks.requestCount - fetched).to.equal(1);
    });

    it('keeps verifying with stale keys when the key set goes down after warm-up', async () => {
      // Starts at the real time: TokenFactory stamps the tokens with it.
      const clock = new FakeClock(new Date());
      const handler = handlerWith({ C2C_JWKS_MAX_AGE_S: '1', C2C_JWKS_STALE_IF_ERROR_S: '60' }, clock);
      expect((await handler(activateUserEnvelope(await tokens.sign({ sub: 'warm' })))).payload.userId).to.equal('warm');
      jwks.behaviour = 'fail';
      clock.advance(1_001);
      const token = await tokens.sign({ sub: 'stale' });
      const stale = await timed('jwks down after warm-up', () => handler(activateUserEnvelope(token)));
      expect(stale.payload.userId).to.equal('stale');
      expect(jwks.requestCount, 'one refresh attempt, not retried: stale keys were at hand').to.equal(2);
    });

    it('waits for a slow key set that answers within the deadline', async () => {
      jwks.delayMs = 200;
      const response = await timed('jwks slow (200 ms)', async () => handlerWith()(activateUserEnvelope(await tokens.sign({ sub: 'slow' }))));
      expect(response.payload.userId).to.equal('slow');
    });

    it('throws within the deadline + 100 ms when the key set is slower than the deadline', async () => {
      jwks.delayMs = 5_000;
      const token = await tokens.sign();
      const outcome = await timed('jwks slower than deadline', () => settle(handlerWith()(activateUserEnvelope(token))));
      expect(outcome.thrown?.name).to.equal('IDENTITY_PROVIDER_UNAVAILABLE');
      expect(measured['jwks slower than deadline']).to.be.at.most(DEADLINE_MS + 100);
    });
  });
});
