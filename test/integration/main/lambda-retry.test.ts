import { expect } from 'chai';
import type { ConnectorLambdaHandler } from '#adapters/lambda/lambda-handler.js';
import { createConnector } from '#main/create-connector.js';
import { loadConfig } from '#main/config/load-config.js';
import { activateUserEnvelope } from '../../support/envelopes.js';
import { FakeClock, sendJson, startLoopbackServer, type LoopbackServer } from '#main/testing/index.js';

describe('Lambda handler when the identity provider fails', () => {
  let userinfo: LoopbackServer;
  let handler: ConnectorLambdaHandler;

  before(async () => {
    userinfo = await startLoopbackServer((_req, res) => sendJson(res, 502, { error: 'bad gateway' }));
    handler = createConnector(loadConfig({ LOG_LEVEL: 'silent', C2C_USERINFO_URL: `${userinfo.url}/userinfo` })).handler;
  });

  after(() => userinfo.close());

  it('throws an error named IDENTITY_PROVIDER_UNAVAILABLE so that managed integrations retries', async () => {
    const error = await handler(activateUserEnvelope('opaque-secret-token')).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(Error);
    expect((error as Error).name).to.equal('IDENTITY_PROVIDER_UNAVAILABLE');
    expect((error as Error).message).to.contain('HTTP 502');
    expect((error as Error).message).not.to.contain('opaque-secret-token');
  });

  it('caps the budget by the Lambda\'s remaining time, less a margin for the answer', async () => {
    const hanging = await startLoopbackServer(() => undefined);
    const clock = new FakeClock();
    const slowHandler = createConnector(loadConfig({ LOG_LEVEL: 'silent', C2C_USERINFO_URL: `${hanging.url}/userinfo`, C2C_DEADLINE_MS: '10000' }), {
      ports: { clock },
    }).handler;
    try {
      let settled = false;
      // Budgets far above the time the test takes: the request timeout axios gets from them is real.
      const outcome = slowHandler(activateUserEnvelope('t'), { getRemainingTimeInMillis: () => 5_100 })
        .then(
          () => undefined,
          (e: unknown) => e,
        )
        .finally(() => (settled = true));
      while (hanging.requests.length === 0) await new Promise((resolve) => setImmediate(resolve));
      clock.advance(4_999);
      await new Promise((resolve) => setImmediate(resolve));
      expect(settled, 'still waiting just before the capped budget runs out').to.equal(false);
      clock.advance(1);
      expect(((await outcome) as Error).name).to.equal('IDENTITY_PROVIDER_UNAVAILABLE');
    } finally {
      await hanging.close();
    }
  });
});
