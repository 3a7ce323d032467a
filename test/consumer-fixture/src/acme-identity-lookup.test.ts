import { expect } from 'chai';
import { AccessToken, Deadline, IdentityProviderUnavailable } from 'c2c-account-linking';
import { AcmeIdentityLookup } from './acme-identity-lookup.js';
import { errorCodeOf, stubAcmeCloud } from './test-doubles.js';

describe('AcmeIdentityLookup', () => {
  const cloud = stubAcmeCloud();
  const lookup = new AcmeIdentityLookup(cloud);

  beforeEach(() => {
    cloud.accountOf.reset();
    cloud.accountOf.resolves(undefined);
    cloud.accountOf.withArgs('token-of-ann').resolves({ accountNumber: '40017', status: 'active' });
    cloud.accountOf.withArgs('token-of-closed').resolves({ accountNumber: '40018', status: 'closed' });
  });

  it('identifies the owner of the token by their Acme account number', async () => {
    const claims = await lookup.lookup(AccessToken.of('token-of-ann'), Deadline.in(1000));
    expect(claims).to.deep.equal({ userId: 'acme.40017', issuer: 'https://api.acme.example', subject: '40017', source: 'acme' });
  });

  it('refuses a token Acme does not know, and a closed account, with INVALID_TOKEN', async () => {
    expect(await errorCodeOf(lookup.lookup(AccessToken.of('someone-else'), Deadline.in(1000)))).to.equal('INVALID_TOKEN');
    expect(await errorCodeOf(lookup.lookup(AccessToken.of('token-of-closed'), Deadline.in(1000)))).to.equal('INVALID_TOKEN');
  });

  it('passes on IDENTITY_PROVIDER_UNAVAILABLE when Acme cannot be reached', async () => {
    cloud.accountOf.withArgs('token-of-ann').rejects(new IdentityProviderUnavailable('Acme timed out.'));
    expect(await errorCodeOf(lookup.lookup(AccessToken.of('token-of-ann'), Deadline.in(1000)))).to.equal('IDENTITY_PROVIDER_UNAVAILABLE');
  });
});
