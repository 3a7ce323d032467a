import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { testConfig } from 'c2c-account-linking/testing';
import { createAcmeConnector } from './connector.js';
import { ACME_SECRET_ARN, ACME_SECRET_VERSION, envelope, generalEnvelope, stubAcmeCloud } from './test-doubles.js';

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

  it('answers AWS.ActivateUser for General Authorization with the Acme account whose API key the secret holds', async () => {
    const cloud = stubAcmeCloud();
    cloud.accountOfApiKey.resolves(undefined);
    cloud.accountOfApiKey.withArgs('acme-key-40017').resolves({ accountNumber: '40017', status: 'active' });
    // The local secret store, for tests and the sandbox: what Secrets Manager would hold, by ARN and versionId.
    const secrets = join(mkdtempSync(join(tmpdir(), 'acme-')), 'secrets.json');
    writeFileSync(secrets, JSON.stringify({ [ACME_SECRET_ARN]: { [ACME_SECRET_VERSION]: { apiKey: 'acme-key-40017' } } }));
    const { handler } = createAcmeConnector(testConfig({ C2C_IDENTITY_SOURCES: 'acme', C2C_LOCAL_SECRETS_FILE: secrets }), cloud);

    expect(await handler(generalEnvelope('AWS.ActivateUser'))).to.deep.equal({
      header: { responseCode: 200 },
      payload: { responseMessage: 'Successfully activated user with connector-id acme-connector.', userId: 'acme.40017' },
    });
  });
});
