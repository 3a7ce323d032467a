import { expect } from 'chai';
import { ActivateUser } from '#application/activate-user.js';
import { Deadline } from '#application/deadline.js';
import { AccessToken } from '#domain/access-token.js';
import { ConnectorMisconfigured } from '#domain/errors/connector-misconfigured.js';
import { IdentityProviderUnavailable } from '#domain/errors/identity-provider-unavailable.js';
import { InvalidToken } from '#domain/errors/invalid-token.js';
import { InvalidUserId } from '#domain/errors/invalid-user-id.js';
import { TokenExpired } from '#domain/errors/token-expired.js';
import { identityClaims } from '../../support/identity-claims.js';
import { FakeClock, stubCredentialIdentitySource, stubIdentitySource } from '#main/testing/index.js';
import { expectDomainError } from '../../support/expect-domain-error.js';
import { aSecretCredential } from '../../support/secret-credentials.js';
import { readableDigest, userIdsAsTheyAre } from '../../support/user-id-policies.js';

const userIds = userIdsAsTheyAre;

describe('ActivateUser', () => {
  const clock = new FakeClock();
  const token = AccessToken.of('token-value');
  const input = () => ({ token, deadline: Deadline.in(1000, clock) });

  function twoSources() {
    const jwt = stubIdentitySource();
    const userinfo = stubIdentitySource();
    const activate = new ActivateUser(
      [
        { name: 'jwt', source: jwt },
        { name: 'userinfo', source: userinfo },
      ],
      userIds,
    );
    return { jwt, userinfo, activate };
  }

  it('takes the identity from the first source that recognises the token, without asking the next', async () => {
    const { jwt, userinfo, activate } = twoSources();
    jwt.identify.resolves({ recognised: true, claims: identityClaims({ userId: 'from-jwt' }) });

    const identity = await activate.execute(input());

    expect(identity.userId).to.equal('from-jwt');
    expect(jwt.identify.calledOnceWith(token)).to.equal(true);
    expect(userinfo.identify.called).to.equal(false);
  });

  it('asks the next source when one declines the token', async () => {
    const { jwt, userinfo, activate } = twoSources();
    jwt.identify.resolves({ recognised: false, reason: 'not a signed JWT' });
    userinfo.identify.resolves({ recognised: true, claims: identityClaims({ userId: 'from-userinfo', source: 'userinfo' }) });

    const identity = await activate.execute(input());

    expect(identity.userId).to.equal('from-userinfo');
    expect(identity.source).to.equal('userinfo');
  });

  it('lets a remote source decline too, so a source after it is asked (a lookup does not end the chain)', async () => {
    const userinfo = stubIdentitySource();
    const vendor = stubIdentitySource();
    userinfo.identify.resolves({ recognised: false, reason: 'the authorization server rejected the token (userinfo answered HTTP 401)' });
    vendor.identify.resolves({ recognised: true, claims: identityClaims({ userId: 'acme-7', source: 'acme' }) });
    const activate = new ActivateUser(
      [
        { name: 'userinfo', source: userinfo },
        { name: 'acme', source: vendor },
      ],
      userIds,
    );

    const identity = await activate.execute(input());

    expect(identity.userId).to.equal('acme-7');
    expect(identity.source).to.equal('acme');
  });

  it('follows the configured order: the first source recognising means the second is never asked', async () => {
    const first = stubIdentitySource();
    const second = stubIdentitySource();
    first.identify.resolves({ recognised: true, claims: identityClaims({ userId: 'first' }) });
    const activate = new ActivateUser(
      [
        { name: 'userinfo', source: first },
        { name: 'jwt', source: second },
      ],
      userIds,
    );

    expect((await activate.execute(input())).userId).to.equal('first');
    expect(second.identify.called).to.equal(false);
  });

  it('does not fall through when a recognised token is rejected', async () => {
    const { jwt, userinfo, activate } = twoSources();
    jwt.identify.rejects(new TokenExpired('The token has expired.'));

    const error = await activate.execute(input()).catch((e: unknown) => e);

    expect(error).to.be.instanceOf(TokenExpired).with.property('code', 'EXPIRED_TOKEN');
    expect(userinfo.identify.called).to.equal(false);
  });

  it('fails with INVALID_TOKEN naming each source and reason when every source declines', async () => {
    const { jwt, userinfo, activate } = twoSources();
    jwt.identify.resolves({ recognised: false, reason: 'issued by another issuer' });
    userinfo.identify.resolves({ recognised: false, reason: 'the authorization server says the token is not active' });

    const error = await activate.execute(input()).catch((e: unknown) => e);

    expect(error).to.be.instanceOf(InvalidToken).with.property('code', 'INVALID_TOKEN');
    expect((error as Error).message).to.contain('jwt: issued by another issuer').and.contain('userinfo: the authorization server says');
  });

  it('passes an unavailable identity provider through for the entry to retry', async () => {
    const source = stubIdentitySource();
    source.identify.rejects(new IdentityProviderUnavailable('down'));
    const activate = new ActivateUser([{ name: 'userinfo', source }], userIds);

    const error = await activate.execute(input()).catch((e: unknown) => e);

    expect(error).to.have.property('code', 'IDENTITY_PROVIDER_UNAVAILABLE');
  });

  it("fails with INVALID_USER_ID when the id does not fit managed integrations' rule", async () => {
    const source = stubIdentitySource();
    source.identify.resolves({ recognised: true, claims: identityClaims({ userId: 'auth0|5f7c8ec7c33c6c004bbafe82' }) });
    const activate = new ActivateUser([{ name: 'userinfo', source }], userIds);

    const error = await activate.execute(input()).catch((e: unknown) => e);

    expect(error).to.be.instanceOf(InvalidUserId).with.property('code', 'INVALID_USER_ID');
  });

  it('gives each source the same deadline', async () => {
    const { jwt, userinfo, activate } = twoSources();
    jwt.identify.resolves({ recognised: false, reason: 'x' });
    userinfo.identify.resolves({ recognised: true, claims: identityClaims() });
    const deadline = Deadline.in(1000, clock);
    await activate.execute({ token, deadline });
    expect(jwt.identify.firstCall.args[1]).to.equal(deadline);
    expect(userinfo.identify.firstCall.args[1]).to.equal(deadline);
  });

  it('refuses to be built without a source', () => {
    expect(() => new ActivateUser([], userIds)).to.throw(/at least one identity source/);
  });

  it('shapes the userId with the policy: issuer-scoped when the source asks for it', async () => {
    const source = stubIdentitySource();
    source.identify.resolves({ recognised: true, claims: identityClaims({ userId: 'auth0|abc', userIdFormat: 'issuer-scoped' }) });
    const identity = await new ActivateUser([{ name: 'userinfo', source }], userIds).execute(input());
    expect(identity.userId).to.equal(readableDigest('https://idp.example.com\nauth0|abc'));
    expect(identity.subject).to.equal('user-123');
  });

  describe('with a General Authorization credential', () => {
    const credential = aSecretCredential({ apiKey: 'ak-live-0b7d21' });
    const credentialInput = () => ({ credential, deadline: Deadline.in(1000, clock) });

    it('asks only the sources that take credentials, in order, and never identify', async () => {
      const jwt = stubIdentitySource();
      const first = stubCredentialIdentitySource();
      const second = stubCredentialIdentitySource();
      first.identifyCredential.resolves({ recognised: false, reason: 'not an Acme key' });
      second.identifyCredential.resolves({ recognised: true, claims: identityClaims({ userId: 'vendor-12', source: 'vendor' }) });
      const activate = new ActivateUser(
        [
          { name: 'jwt', source: jwt },
          { name: 'acme', source: first },
          { name: 'vendor', source: second },
        ],
        userIds,
      );

      const identity = await activate.execute(credentialInput());

      expect(identity).to.include({ userId: 'vendor-12', source: 'vendor' });
      expect(first.identifyCredential.firstCall.args[0]).to.equal(credential);
      expect([jwt.identify.called, first.identify.called, second.identify.called]).to.deep.equal([false, false, false]);
    });

    it('is INVALID_TOKEN with each reason when every source that takes credentials declines, never quoting the secret', async () => {
      const acme = stubCredentialIdentitySource();
      acme.identifyCredential.resolves({ recognised: false, reason: 'Acme does not know this key' });
      const activate = new ActivateUser([{ name: 'acme', source: acme }], userIds);
      const error = await expectDomainError(activate.execute(credentialInput()), { type: InvalidToken, code: 'INVALID_TOKEN', secret: 'ak-live-0b7d21' });
      expect(error.message).to.contain('acme: Acme does not know this key');
    });

    it('is CONFIGURATION_ERROR when no source takes credentials: the connector, not the caller, is missing something', async () => {
      const jwt = stubIdentitySource();
      const activate = new ActivateUser([{ name: 'jwt', source: jwt }], userIds);
      await expectDomainError(activate.execute(credentialInput()), { type: ConnectorMisconfigured, code: 'CONFIGURATION_ERROR', secret: 'ak-live-0b7d21' });
      expect(jwt.identify.called).to.equal(false);
    });

    it('applies the userId policy to what the source found, as for a token', async () => {
      const acme = stubCredentialIdentitySource();
      acme.identifyCredential.resolves({ recognised: true, claims: identityClaims({ userId: 'owner@acme.example', source: 'acme' }) });
      const activate = new ActivateUser([{ name: 'acme', source: acme }], userIds);
      await expectDomainError(activate.execute(credentialInput()), { type: InvalidUserId, code: 'INVALID_USER_ID' });
    });
  });
});
