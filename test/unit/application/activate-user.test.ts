import { expect } from 'chai';
import { ActivateUser } from '#application/activate-user.js';
import { Deadline } from '#application/deadline.js';
import { lookedUpRemotelyBy, verifiedLocallyBy } from '#application/identity-source.js';
import { AccessToken } from '#domain/access-token.js';
import { IdentityProviderUnavailable } from '#domain/errors/identity-provider-unavailable.js';
import { InvalidToken } from '#domain/errors/invalid-token.js';
import { InvalidUserId } from '#domain/errors/invalid-user-id.js';
import { TokenExpired } from '#domain/errors/token-expired.js';
import { identityClaims } from '../../support/identity-claims.js';
import { FakeClock, stubIdentityLookup, stubTokenVerifier } from '#main/testing/index.js';
import { readableDigest, userIdsAsTheyAre } from '../../support/user-id-policies.js';

const userIds = userIdsAsTheyAre;

describe('ActivateUser', () => {
  const clock = new FakeClock();
  const token = AccessToken.of('token-value');
  const input = () => ({ token, deadline: Deadline.in(1000, clock) });

  it('takes the identity from the verifier when it recognises the token, without asking the lookup', async () => {
    const verifier = stubTokenVerifier();
    const lookup = stubIdentityLookup();
    verifier.verify.resolves({ recognised: true, claims: identityClaims({ userId: 'from-jwt' }) });
    const activate = new ActivateUser([verifiedLocallyBy('jwt', verifier), lookedUpRemotelyBy('userinfo', lookup)], userIds);

    const identity = await activate.execute(input());

    expect(identity.userId).to.equal('from-jwt');
    expect(verifier.verify.calledOnceWith(token)).to.equal(true);
    expect(lookup.lookup.called).to.equal(false);
  });

  it('asks the lookup when the verifier does not recognise the token', async () => {
    const verifier = stubTokenVerifier();
    const lookup = stubIdentityLookup();
    verifier.verify.resolves({ recognised: false, reason: 'not a signed JWT' });
    lookup.lookup.resolves(identityClaims({ userId: 'from-userinfo', source: 'userinfo' }));
    const activate = new ActivateUser([verifiedLocallyBy('jwt', verifier), lookedUpRemotelyBy('userinfo', lookup)], userIds);

    const identity = await activate.execute(input());

    expect(identity.userId).to.equal('from-userinfo');
    expect(identity.source).to.equal('userinfo');
  });

  it('follows the configured order: lookup first means the verifier is never asked', async () => {
    const verifier = stubTokenVerifier();
    const lookup = stubIdentityLookup();
    lookup.lookup.resolves(identityClaims({ userId: 'first' }));
    const activate = new ActivateUser([lookedUpRemotelyBy('userinfo', lookup), verifiedLocallyBy('jwt', verifier)], userIds);

    expect((await activate.execute(input())).userId).to.equal('first');
    expect(verifier.verify.called).to.equal(false);
  });

  it('does not fall through when a recognised token is rejected', async () => {
    const verifier = stubTokenVerifier();
    const lookup = stubIdentityLookup();
    verifier.verify.rejects(new TokenExpired('The token has expired.'));
    const activate = new ActivateUser([verifiedLocallyBy('jwt', verifier), lookedUpRemotelyBy('userinfo', lookup)], userIds);

    const error = await activate.execute(input()).catch((e: unknown) => e);

    expect(error).to.be.instanceOf(TokenExpired).with.property('code', 'EXPIRED_TOKEN');
    expect(lookup.lookup.called).to.equal(false);
  });

  it('fails with INVALID_TOKEN naming each reason when no source recognises the token', async () => {
    const verifier = stubTokenVerifier();
    verifier.verify.resolves({ recognised: false, reason: 'issued by another issuer' });
    const activate = new ActivateUser([verifiedLocallyBy('jwt', verifier)], userIds);

    const error = await activate.execute(input()).catch((e: unknown) => e);

    expect(error).to.be.instanceOf(InvalidToken).with.property('code', 'INVALID_TOKEN');
    expect((error as Error).message).to.contain('jwt: issued by another issuer');
  });

  it('passes an unavailable identity provider through for the entry to retry', async () => {
    const lookup = stubIdentityLookup();
    lookup.lookup.rejects(new IdentityProviderUnavailable('down'));
    const activate = new ActivateUser([lookedUpRemotelyBy('userinfo', lookup)], userIds);

    const error = await activate.execute(input()).catch((e: unknown) => e);

    expect(error).to.have.property('code', 'IDENTITY_PROVIDER_UNAVAILABLE');
  });

  it('fails with INVALID_USER_ID when the id does not fit managed integrations\' rule', async () => {
    const lookup = stubIdentityLookup();
    lookup.lookup.resolves(identityClaims({ userId: 'auth0|5f7c8ec7c33c6c004bbafe82' }));
    const activate = new ActivateUser([lookedUpRemotelyBy('userinfo', lookup)], userIds);

    const error = await activate.execute(input()).catch((e: unknown) => e);

    expect(error).to.be.instanceOf(InvalidUserId).with.property('code', 'INVALID_USER_ID');
  });

  it('gives each source the same deadline', async () => {
    const verifier = stubTokenVerifier();
    const lookup = stubIdentityLookup();
    verifier.verify.resolves({ recognised: false, reason: 'x' });
    lookup.lookup.resolves(identityClaims());
    const deadline = Deadline.in(1000, clock);
    await new ActivateUser([verifiedLocallyBy('jwt', verifier), lookedUpRemotelyBy('userinfo', lookup)], userIds).execute({
      token,
      deadline,
    });
    expect(verifier.verify.firstCall.args[1]).to.equal(deadline);
    expect(lookup.lookup.firstCall.args[1]).to.equal(deadline);
  });

  it('refuses to be built without a source', () => {
    expect(() => new ActivateUser([], userIds)).to.throw(/at least one identity source/);
  });

  it('shapes the userId with the policy: issuer-scoped when the source asks for it', async () => {
    const lookup = stubIdentityLookup();
    lookup.lookup.resolves(identityClaims({ userId: 'auth0|abc', userIdFormat: 'issuer-scoped' }));
    const identity = await new ActivateUser([lookedUpRemotelyBy('userinfo', lookup)], userIds).execute(input());
    expect(identity.userId).to.equal(readableDigest('https://idp.example.com\nauth0|abc'));
    expect(identity.subject).to.equal('user-123');
  });
});
