import { expect } from 'chai';
import type { ConnectorLambdaHandler } from '#adapters/lambda/lambda-handler.js';
import { createConnector } from '#main/create-connector.js';
import { loadConfig } from '#main/config/load-config.js';
import { activateUserEnvelope } from '../../support/envelopes.js';
import { sendJson, startLoopbackServer, type LoopbackServer, TokenFactory } from '#main/testing/index.js';

describe('several trusted issuers in one connector', () => {
  let first: TokenFactory;
  let second: TokenFactory;
  let stranger: TokenFactory;
  const servers: LoopbackServer[] = [];
  let handler: ConnectorLambdaHandler;
  let userinfo: LoopbackServer;

  before(async () => {
    first = await TokenFactory.create({ issuer: 'https://first.example.com', audience: 'api-1', alg: 'RS256' });
    second = await TokenFactory.create({ issuer: 'https://second.example.com', audience: 'api-2', alg: 'ES256' });
    stranger = await TokenFactory.create({ issuer: 'https://stranger.example.com', audience: 'api-1' });
    for (const factory of [first, second]) servers.push(await startLoopbackServer((_req, res) => sendJson(res, 200, factory.jwks())));
    userinfo = await startLoopbackServer((_req, res) => sendJson(res, 401, {}));
    servers.push(userinfo);
    handler = createConnector(
      loadConfig({
      LOG_LEVEL: 'silent',
        C2C_JWT_ISSUERS: JSON.stringify([
          { issuer: 'https://first.example.com', jwksUri: `${servers[0]!.url}/jwks`, audience: 'api-1' },
          {
            issuer: 'https://second.example.com',
            jwksUri: `${servers[1]!.url}/jwks`,
            audience: ['api-2', 'api-2b'],
            algorithms: ['ES256'],
            userIdClaim: 'ext.uid',
          },
        ]),
        C2C_USERINFO_URL: `${userinfo.url}/userinfo`,
      }),
    ).handler;
  });

  after(async () => {
    for (const server of servers) await server.close();
  });

  it('verifies each issuer\'s tokens with its own keys, audience and id claim', async () => {
    const a = await handler(activateUserEnvelope(await first.sign({ sub: 'first-user' })));
    const b = await handler(activateUserEnvelope(await second.sign({ sub: 'ignored', ext: { uid: 'second-user' } })));
    expect(a.payload.userId).to.equal('first-user');
    expect(b.payload.userId).to.equal('second-user');
  });

  it('refuses a token that names one issuer but is signed with another\'s key', async () => {
    const forged = await TokenFactory.create({ issuer: 'https://first.example.com', audience: 'api-1', kid: second.options.kid });
    const response = await handler(activateUserEnvelope(await forged.sign()));
    expect(response.payload.errorCode).to.equal('INVALID_TOKEN');
  });

  it('refuses one issuer\'s audience on the other issuer', async () => {
    const response = await handler(activateUserEnvelope(await second.sign({ aud: 'api-1', ext: { uid: 'x' } })));
    expect(response.payload.errorCode).to.equal('INVALID_TOKEN');
    expect(response.payload.responseMessage).to.contain('"aud"');
  });

  it('sends a token of an unknown issuer to the next source (here userinfo, which refuses it)', async () => {
    const response = await handler(activateUserEnvelope(await stranger.sign()));
    expect(response.payload.errorCode).to.equal('INVALID_TOKEN');
    expect(userinfo.requests).to.have.length(1);
  });

  it('names the wrong entry of C2C_JWT_ISSUERS at start', () => {
    expect(() =>
      loadConfig({ LOG_LEVEL: 'silent', C2C_JWT_ISSUERS: JSON.stringify([{ issuer: 'https://x', jwksUri: 'http://example.com/jwks' }]) }),
    ).to.throw(/C2C_JWT_ISSUERS\[0\]\.jwksUri: must be an https URL[\s\S]*C2C_JWT_ISSUERS\[0\]\.audience: is required/);
    expect(() => loadConfig({ LOG_LEVEL: 'silent', C2C_JWT_ISSUERS: '{not json' })).to.throw(/C2C_JWT_ISSUERS: is not valid JSON/);
  });
});
