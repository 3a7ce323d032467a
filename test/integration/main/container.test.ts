import { expect } from 'chai';
import type { IdentityClaims } from '#application/ports/identity-claims.js';
import type { IdentityLookup } from '#application/ports/identity-lookup.js';
import type { AccessToken } from '#domain/access-token.js';
import type { ConnectorResponseEnvelope } from '#adapters/connector-envelope/connector-response.js';
import type { FastifyServer } from '#adapters/http/fastify-server.js';
import type { ConnectorLambdaHandler } from '#adapters/lambda/lambda-handler.js';
import { buildContainer } from '#main/container.js';
import { loadConfig } from '#main/config/load-config.js';
import { TOKENS } from '#main/tokens.js';
import { activateUserEnvelope } from '../../support/envelopes.js';

/** A custom adapter, as an embedding team would write one for a profile API that is not OIDC. */
class VendorProfileLookup implements IdentityLookup {
  readonly seen: string[] = [];
  async lookup(token: AccessToken): Promise<IdentityClaims> {
    this.seen.push(token.reveal());
    return { userId: 'vendor-7', issuer: 'https://vendor.example.com', subject: '7', source: 'vendor-profile' };
  }
}

describe('container', () => {
  const env = {
    C2C_JWKS_URI: 'https://idp.example.com/jwks',
    C2C_JWT_ISSUER: 'https://idp.example.com',
    C2C_JWT_AUDIENCE: 'connector-api',
    C2C_USERINFO_URL: 'https://idp.example.com/userinfo',
  };

  it('resolves every entry point from the configuration alone', () => {
    const container = buildContainer(loadConfig({ LOG_LEVEL: 'silent', ...env }));
    for (const token of [TOKENS.LambdaHandler, TOKENS.HttpServer, TOKENS.OperationRouter, TOKENS.ActivateUser]) {
      expect(container.get(token), token.toString()).to.not.equal(undefined);
    }
    expect(container.get(TOKENS.LambdaHandler)).to.equal(container.get(TOKENS.LambdaHandler));
  });

  it('lets a team rebind a port to its own adapter, which the entries then use', async () => {
    const container = buildContainer(loadConfig({ LOG_LEVEL: 'silent', C2C_USERINFO_URL: 'https://vendor.example.com/me' }));
    const vendor = new VendorProfileLookup();
    container.rebind<IdentityLookup>(TOKENS.IdentityLookup).toConstantValue(vendor);

    const handler = container.get<ConnectorLambdaHandler>(TOKENS.LambdaHandler);
    const response = await handler(activateUserEnvelope('opaque-vendor-token'));

    expect(response.payload.userId).to.equal('vendor-7');
    expect(vendor.seen).to.deep.equal(['opaque-vendor-token']);
  });

  it('serves the same handler over HTTP', async () => {
    const container = buildContainer(loadConfig({ LOG_LEVEL: 'silent', C2C_USERINFO_URL: 'https://vendor.example.com/me' }));
    container.rebind<IdentityLookup>(TOKENS.IdentityLookup).toConstantValue(new VendorProfileLookup());
    const server = container.get<FastifyServer>(TOKENS.HttpServer);
    await server.ready();
    const response = await server.app.inject({ method: 'POST', url: '/connector', payload: activateUserEnvelope('x') });
    expect(response.statusCode).to.equal(200);
    expect(response.json<ConnectorResponseEnvelope>().payload.userId).to.equal('vendor-7');
    await server.close();
  });
});
