import { expect } from 'chai';
import { UserIdPolicy } from '#application/user-id-policy.js';
import { NodeDigest } from '#adapters/crypto/node-digest.js';
import { USER_ID_PATTERN } from '#domain/user-id.js';
import { identityClaims } from '../../support/identity-claims.js';

describe('issuer-scoped userIds with SHA-256', () => {
  const policy = new UserIdPolicy(new NodeDigest(), { format: 'issuer-scoped' });

  it('always fits the managed-integrations rule, whatever the subject', () => {
    for (const userId of ['auth0|5f7c8ec7c33c6c004bbafe82', 'x'.repeat(5000), 'ünïcødé ✓', 'a@b.c']) {
      const id = policy.userIdOf(identityClaims({ userId }));
      expect(id).to.match(USER_ID_PATTERN).and.have.length(43);
    }
  });

  it('is stable for one issuer and subject, and differs across issuers', () => {
    const a = policy.userIdOf(identityClaims({ userId: 'sub-1', issuer: 'https://a.example.com' }));
    expect(policy.userIdOf(identityClaims({ userId: 'sub-1', issuer: 'https://a.example.com' }))).to.equal(a);
    expect(policy.userIdOf(identityClaims({ userId: 'sub-1', issuer: 'https://b.example.com' }))).not.to.equal(a);
  });
});
