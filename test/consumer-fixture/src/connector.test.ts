import { expect } from 'chai';
import { testConfig } from 'c2c-account-linking/testing';
import { createAcmeConnector } from './connector.js';
import { envelope, stubAcmeCloud } from './test-doubles.js';

describe('the Acme connector, composed by createConnector', () => {
  it('answers AWS.ActivateUser with the Acme account of the token as the userId, and INVALID_TOKEN for a token Acme declines', async () => {
    const cloud = stubAcmeCloud();
    cloud.accountOf.resolves(undefined);
    cloud.accountOf.withArgs('token-of-ann').resolves({ accountNumber: '40017', status: 'active' });
    // The kit's test configuration: no JWKS or userinfo variables, logging off.
    const { handler } = createAcmeConnector(testConfig({ C2C_IDENTITY_SOURCES: 'acme' }), cloud);

    expect(await handler(envelope('AWS.ActivateUser', 'token-of-ann'))).to.deep.equal({
      header: { responseCode: 200 },
      payload: { responseMessage: 'Successfully activated user with connector-id acme-connector.', userId: 'acme.40017' },
    });
    const refused = await handler(envelope('AWS.ActivateUser', 'token-of-nobody'));
    expect([refused.header.responseCode, refused.payload.errorCode]).to.deep.equal([401, 'INVALID_TOKEN']);
    expect(refused.payload.responseMessage).to.contain('acme: Acme does not know this token');
  });
});
