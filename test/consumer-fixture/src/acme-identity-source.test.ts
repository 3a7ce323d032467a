import { expect } from 'chai';
import { AccessToken, Deadline, IdentityProviderUnavailable, SecretValue, type SecretCredential } from 'c2c-account-linking';
import { FakeClock } from 'c2c-account-linking/testing';
import { AcmeIdentitySource } from './acme-identity-source.js';
import { ACME_SECRET_ARN, ACME_SECRET_VERSION, errorCodeOf, stubAcmeCloud } from './test-doubles.js';

function credential(secret: string): SecretCredential {
  return { type: 'GeneralAuthorization', secretsManager: { arn: ACME_SECRET_ARN, versionId: ACME_SECRET_VERSION }, secret: SecretValue.of(secret) };
}

describe('AcmeIdentitySource', () => {
  const cloud = stubAcmeCloud();
  const source = new AcmeIdentitySource(cloud);
  const clock = new FakeClock();

  beforeEach(() => {
    cloud.accountOf.reset();
    cloud.accountOf.resolves(undefined);
    cloud.accountOf.withArgs('token-of-ann').resolves({ accountNumber: '40017', status: 'active' });
    cloud.accountOf.withArgs('token-of-closed').resolves({ accountNumber: '40018', status: 'closed' });
  });

  it('identifies the owner of the token by their Acme account number', async () => {
    const outcome = await source.identify(AccessToken.of('token-of-ann'), Deadline.in(1000, clock));
    expect(outcome).to.deep.equal({
      recognised: true,
      claims: { userId: 'acme.40017', issuer: 'https://api.acme.example', subject: '40017', source: 'acme' },
    });
  });

  it('declines a token Acme does not know, and a closed account, so the next source may know them', async () => {
    expect(await source.identify(AccessToken.of('someone-else'), Deadline.in(1000, clock))).to.deep.equal({
      recognised: false,
      reason: 'Acme does not know this token',
    });
    expect(await source.identify(AccessToken.of('token-of-closed'), Deadline.in(1000, clock))).to.deep.equal({
      recognised: false,
      reason: 'the Acme account is closed',
    });
  });

  it('passes on IDENTITY_PROVIDER_UNAVAILABLE when Acme cannot be reached', async () => {
    cloud.accountOf.withArgs('token-of-ann').rejects(new IdentityProviderUnavailable('Acme timed out.'));
    expect(await errorCodeOf(source.identify(AccessToken.of('token-of-ann'), Deadline.in(1000, clock)))).to.equal('IDENTITY_PROVIDER_UNAVAILABLE');
  });

  it('identifies a General Authorization credential by the API key its secret holds, and declines a secret without one', async () => {
    cloud.accountOfApiKey.resolves(undefined);
    cloud.accountOfApiKey.withArgs('acme-key-40017').resolves({ accountNumber: '40017', status: 'active' });
    expect(await source.identifyCredential(credential('{"apiKey":"acme-key-40017"}'), Deadline.in(1000, clock))).to.deep.equal({
      recognised: true,
      claims: { userId: 'acme.40017', issuer: 'https://api.acme.example', subject: '40017', source: 'acme' },
    });
    expect(await source.identifyCredential(credential('{"token":"x"}'), Deadline.in(1000, clock))).to.deep.equal({
      recognised: false,
      reason: 'the secret holds no apiKey',
    });
  });
});
