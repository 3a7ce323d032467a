import { expect } from 'chai';
import { UserIdPolicy } from '#application/user-id-policy.js';
import { InvalidUserId } from '#domain/errors/invalid-user-id.js';
import { identityClaims } from '../../support/identity-claims.js';

describe('UserIdPolicy', () => {
  const digests: string[] = [];
  const digest = {
    sha256Base64Url: (text: string) => {
      digests.push(text);
      return `h${digests.length}`;
    },
  };

  beforeEach(() => digests.splice(0));

  it('keeps the user key as it is by default', () => {
    expect(new UserIdPolicy(digest).userIdOf(identityClaims({ userId: 'u-1' }))).to.equal('u-1');
    expect(digests).to.deep.equal([]);
  });

  it('derives an issuer-scoped id from issuer and user key', () => {
    const policy = new UserIdPolicy(digest, { format: 'issuer-scoped' });
    expect(policy.userIdOf(identityClaims({ userId: 'auth0|1', issuer: 'https://a.example.com/' }))).to.equal('h1');
    expect(digests).to.deep.equal(['https://a.example.com/\nauth0|1']);
  });

  it('lets a source ask for issuer-scoped ids over the default', () => {
    const policy = new UserIdPolicy(digest, { format: 'claim' });
    expect(policy.userIdOf(identityClaims({ userId: 'x', userIdFormat: 'issuer-scoped' }))).to.equal('h1');
  });

  it('refuses an email-shaped user key with INVALID_USER_ID unless allowed', () => {
    const claims = identityClaims({ userId: 'jane@example.com' });
    expect(() => new UserIdPolicy(digest).userIdOf(claims))
      .to.throw(InvalidUserId, /email/)
      .with.property('code', 'INVALID_USER_ID');
    expect(new UserIdPolicy(digest, { allowEmail: true }).userIdOf(claims)).to.equal('jane@example.com');
  });

  it('hashes an email-shaped key without complaint when issuer-scoped', () => {
    expect(new UserIdPolicy(digest, { format: 'issuer-scoped' }).userIdOf(identityClaims({ userId: 'jane@example.com' }))).to.equal('h1');
  });
});
