import { expect } from 'chai';
import type { ConnectorLambdaHandler } from '#adapters/lambda/lambda-handler.js';
import { createConnector } from '#main/create-connector.js';
import { loadConfig } from '#main/config/load-config.js';
import { activateUserEnvelope } from '../../support/envelopes.js';
import { sendJson, startLoopbackServer, type LoopbackServer } from '#main/testing/index.js';

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

  it('caps the budget by the Lambda\'s remaining time', async () => {
    const hanging = await startLoopbackServer(() => undefined);
    const slowHandler = createConnector(loadConfig({ LOG_LEVEL: 'silent', C2C_USERINFO_URL: `${hanging.url}/userinfo` })).handler;
    const started = performance.now();
    const error = await slowHandler(activateUserEnvelope('t'), { getRemainingTimeInMillis: () => 400 }).catch((e: unknown) => e);
    const elapsed = performance.now() - started;
    await hanging.close();
    expect((error as Error).name).to.equal('IDENTITY_PROVIDER_UNAVAILABLE');
    expect(elapsed).to.be.lessThan(400);
  });
});
