import { expect } from 'chai';
import { InvalidUserId } from '#domain/errors/invalid-user-id.js';
import { UserIdentity } from '#domain/user-identity.js';

describe('UserIdentity', () => {
  const base = { issuer: 'https://idp.example.com', subject: 's', source: 'jwt' } as const;

  for (const userId of ['a', 'user_1.2,3@x-y', 'A'.repeat(64)]) {
    it(`accepts the userId ${JSON.stringify(userId.slice(0, 20))}`, () => {
      expect(UserIdentity.create({ ...base, userId }).userId).to.equal(userId);
    });
  }

  for (const userId of ['', 'A'.repeat(65), 'has space', 'slash/y', 'auth0|123', 'ünï']) {
    it(`refuses the userId ${JSON.stringify(userId.slice(0, 20))} with INVALID_USER_ID`, () => {
      expect(() => UserIdentity.create({ ...base, userId }))
        .to.throw(InvalidUserId)
        .with.property('code', 'INVALID_USER_ID');
    });
  }

  it('does not echo the rejected id in the message', () => {
    expect(() => UserIdentity.create({ ...base, userId: 'secret value' })).to.throw(/^(?!.*secret value)/);
  });

  it('is immutable', () => {
    const identity = UserIdentity.create({ ...base, userId: 'u' });
    expect(Object.isFrozen(identity)).to.equal(true);
  });
});
