import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'chai';
import type { ConnectorLambdaHandler } from '#adapters/lambda/lambda-handler.js';
import { connectorFor, settle } from '../../support/connector-world.js';
import type { MemoryLog } from '../../support/memory-log.js';
import { activateUserEnvelope } from '../../support/envelopes.js';
import { FakeClock, JwksServer, sendJson, startLoopbackServer, type LoopbackServer, TokenFactory } from '#main/testing/index.js';

const ISSUER = 'https://idp.example.com';
const AUDIENCE = 'connector-api';

describe('Identity cache in front of ActivateUser (real container, loopback upstreams)', () => {
  describe('userinfo', () => {
    let userinfo: LoopbackServer;
    let status: number;

    beforeEach(async () => {
      status = 200;
      userinfo = await startLoopbackServer(async (request, response) => {
        await sleep(30);
        if (status !== 200) return sendJson(response, status, { error: 'x' });
        const token = (request.headers.authorization ?? '').replace('Bearer ', '');
        return sendJson(response, 200, { sub: `user-of-${token.slice(-6)}` });
      });
    });

    afterEach(() => userinfo.close());

    function handler(env: Record<string, string> = {}, clock?: FakeClock) {
      return connectorFor({ C2C_USERINFO_URL: `${userinfo.url}/userinfo`, ...env }, clock === undefined ? {} : { ports: { clock } });
    }

    it('answers five identical ActivateUser calls with one upstream call', async () => {
      const { handler: activate, log } = handler();
      const envelope = activateUserEnvelope('opaque-aaaaaa');
      for (let i = 0; i < 5; i += 1) expect((await activate(envelope)).payload.userId).to.equal('user-of-aaaaaa');
      expect(userinfo.requests).to.have.length(1);
      const hits = log.entries().map((entry) => entry['cacheHit']);
      expect(hits).to.deep.equal([false, true, true, true, true]);
      expect(log.entries().every((entry) => entry['identitySource'] === 'userinfo')).to.equal(true);
    });

    it('shares one upstream call among 50 concurrent identical calls', async () => {
      const { handler: activate } = handler();
      const envelope = activateUserEnvelope('opaque-bbbbbb');
      const answers = await Promise.all(Array.from({ length: 50 }, () => activate(envelope)));
      expect(new Set(answers.map((answer) => answer.payload.userId))).to.deep.equal(new Set(['user-of-bbbbbb']));
      expect(userinfo.requests).to.have.length(1);
    });

    it('keys the cache by token: another token makes its own call', async () => {
      const { handler: activate } = handler();
      await activate(activateUserEnvelope('opaque-cccccc'));
      await activate(activateUserEnvelope('opaque-dddddd'));
      expect(userinfo.requests).to.have.length(2);
    });

    it('remembers a refused token for the negative time to live only', async () => {
      status = 401;
      const clock = new FakeClock();
      const { handler: activate } = handler({ C2C_NEGATIVE_CACHE_TTL_S: '1' }, clock);
      const envelope = activateUserEnvelope('opaque-eeeeee');
      for (let i = 0; i < 3; i += 1) expect((await activate(envelope)).payload.errorCode).to.equal('INVALID_TOKEN');
      expect(userinfo.requests).to.have.length(1);
      status = 200;
      clock.advance(999);
      expect((await activate(envelope)).payload.errorCode).to.equal('INVALID_TOKEN');
      expect(userinfo.requests).to.have.length(1);
      clock.advance(1);
      expect((await activate(envelope)).payload.userId).to.equal('user-of-eeeeee');
      expect(userinfo.requests).to.have.length(2);
    });

    it('never remembers an unavailable identity provider: each retry asks again', async () => {
      status = 502;
      const { handler: activate } = handler({ C2C_UPSTREAM_RETRIES: '0' });
      const envelope = activateUserEnvelope('opaque-ffffff');
      for (let i = 0; i < 3; i += 1) expect((await settle(activate(envelope))).thrown?.name).to.equal('IDENTITY_PROVIDER_UNAVAILABLE');
      expect(userinfo.requests).to.have.length(3);
      status = 200;
      expect((await activate(envelope)).payload.userId).to.equal('user-of-ffffff');
    });

    it('keeps userinfo identities for C2C_CACHE_TTL_S only', async () => {
      const clock = new FakeClock();
      const { handler: activate } = handler({ C2C_CACHE_TTL_S: '1' }, clock);
      const envelope = activateUserEnvelope('opaque-gggggg');
      await activate(envelope);
      clock.advance(999);
      await activate(envelope);
      expect(userinfo.requests).to.have.length(1);
      clock.advance(1);
      await activate(envelope);
      expect(userinfo.requests).to.have.length(2);
    });

    it('caches nothing with C2C_CACHE_MAX_ENTRIES=0', async () => {
      const { handler: activate } = handler({ C2C_CACHE_MAX_ENTRIES: '0' });
      const envelope = activateUserEnvelope('opaque-hhhhhh');
      await activate(envelope);
      await activate(envelope);
      expect(userinfo.requests).to.have.length(2);
    });
  });

  describe('jwt', () => {
    let tokens: TokenFactory;
    let jwks: JwksServer;
    let activate: ConnectorLambdaHandler;
    let log: MemoryLog;

    before(async () => {
      tokens = await TokenFactory.create({ issuer: ISSUER, audience: AUDIENCE, kid: 'rsa-1' });
    });

    beforeEach(async () => {
      jwks = await JwksServer.start(tokens.jwks());
      jwks.delayMs = 30;
      ({ handler: activate, log } = connectorFor({ C2C_JWKS_URI: jwks.uri, C2C_JWT_ISSUER: ISSUER, C2C_JWT_AUDIENCE: AUDIENCE }));
    });

    afterEach(() => jwks.close());

    it('answers five identical calls with one key set request', async () => {
      const envelope = activateUserEnvelope(await tokens.sign({ sub: 'five' }));
      for (let i = 0; i < 5; i += 1) expect((await activate(envelope)).payload.userId).to.equal('five');
      expect(jwks.requestCount).to.equal(1);
      expect(log.entries().map((entry) => entry['cacheHit'])).to.deep.equal([false, true, true, true, true]);
    });

    it('shares one key set request among 50 concurrent identical calls', async () => {
      const envelope = activateUserEnvelope(await tokens.sign({ sub: 'fifty' }));
      const answers = await Promise.all(Array.from({ length: 50 }, () => activate(envelope)));
      expect(answers.every((answer) => answer.payload.userId === 'fifty')).to.equal(true);
      expect(jwks.requestCount).to.equal(1);
      expect(log.entries().filter((entry) => entry['cacheHit'] === false)).to.have.length(50);
    });
  });
});
