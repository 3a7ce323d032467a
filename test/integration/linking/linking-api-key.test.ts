import { expect } from 'chai';
import { ConfigurationError } from '#main/config/configuration-error.js';
import type { AssociationAnswer } from '../../support/association-answer.js';
import { linkingServiceWith, type LinkingServiceUnderTest } from '../../support/linking-container.js';

const API_KEY = 'k'.repeat(20) + '-0123456789abcdef';

describe('C2C_LINKING_API_KEY on the association endpoints', () => {
  let service: LinkingServiceUnderTest;

  before(async () => {
    service = await linkingServiceWith({}, { C2C_LINKING_API_KEY: API_KEY });
  });
  after(() => service.server.close());

  const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, authorization?: string) =>
    service.server.app.inject({ method, url, headers: authorization === undefined ? {} : { authorization } });

  it('answers 401 UnauthorizedException without the key, with a wrong one, or another scheme', async () => {
    for (const authorization of [undefined, 'Bearer wrong', `Basic ${API_KEY}`, `Bearer ${API_KEY}x`, `bearer  ${API_KEY}`]) {
      for (const [method, url] of [
        ['POST', '/account-associations'],
        ['GET', '/account-associations'],
        ['GET', '/account-associations/abc'],
        ['PUT', '/account-associations/abc'],
        ['POST', '/account-associations/abc/refresh'],
        ['DELETE', '/account-associations/abc'],
      ] as const) {
        const response = await call(method, url, authorization);
        expect(response.statusCode, `${method} ${url} ${authorization}`).to.equal(401);
        expect(response.headers['www-authenticate']).to.equal('Bearer');
        expect(response.headers['x-amzn-errortype']).to.equal('UnauthorizedException');
        expect(response.json()).to.deep.equal({ Message: 'The association endpoints need Authorization: Bearer with the linking API key.' });
      }
    }
    expect(service.links.size).to.equal(0);
  });

  it('serves the association endpoints with the key', async () => {
    const created = await call('POST', '/account-associations', `Bearer ${API_KEY}`);
    expect(created.statusCode).to.equal(201);
    const id = created.json<AssociationAnswer>().AccountAssociationId;
    expect((await call('GET', `/account-associations/${id}`, `Bearer ${API_KEY}`)).json<AssociationAnswer>().AssociationState).to.equal(
      'ASSOCIATION_IN_PROGRESS',
    );
  });

  it("leaves the OAuth callback open: the platform's redirect carries no credential", async () => {
    const response = await call('GET', '/oauth/callback?state=unknown1.x&code=c');
    expect(response.statusCode).to.equal(302);
    expect(new URL(String(response.headers['location'])).searchParams.get('error')).to.equal('invalid_request');
  });

  it('refuses a key shorter than 32 characters at start, naming the variable', async () => {
    const error = await linkingServiceWith({}, { C2C_LINKING_API_KEY: 'short' }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(ConfigurationError);
    expect((error as Error).message).to.contain('C2C_LINKING_API_KEY: must be at least 32 characters').and.not.contain('short"');
  });
});
