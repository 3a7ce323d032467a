import { expect } from 'chai';
import { acmeConfig, createAcmeConnector } from './connector.js';
import { envelope, stubAcmeCloud } from './test-doubles.js';

describe('the Acme connector, composed by createConnector', () => {
  it('answers AWS.ActivateUser with the Acme account of the token as the userId', async () => {
    const cloud = stubAcmeCloud();
    cloud.accountOf.resolves(undefined);
    cloud.accountOf.withArgs('token-of-ann').resolves({ accountNumber: '40017', status: 'active' });
    const { handler } = createAcmeConnector(acmeConfig({ LOG_LEVEL: 'silent' }), cloud);

    expect(await handler(envelope('AWS.ActivateUser', 'token-of-ann'))).to.deep.equal({
      header: { responseCode: 200 },
      payload: { responseMessage: 'Successfully activated user with connector-id acme-connector.', userId: 'acme.40017' },
    });
    const refused = await handler(envelope('AWS.ActivateUser', 'token-of-nobody'));
    expect([refused.header.responseCode, refused.payload.errorCode]).to.deep.equal([401, 'INVALID_TOKEN']);
  });
});
