import { expect } from 'chai';
import sinon from 'sinon';
import { ActivateUser } from '#application/activate-user.js';
import { DeactivateUser } from '#application/deactivate-user.js';
import { DeactivateUserOperation } from '#application/deactivate-user-operation.js';
import { Deadline } from '#application/deadline.js';
import type { UserActivation } from '#application/user-activation.js';
import { AccessToken } from '#domain/access-token.js';
import { ConnectorMisconfigured } from '#domain/errors/connector-misconfigured.js';
import { IdentityProviderUnavailable } from '#domain/errors/identity-provider-unavailable.js';
import { InvalidToken } from '#domain/errors/invalid-token.js';
import { TokenExpired } from '#domain/errors/token-expired.js';
import { SecretValue } from '#domain/secret-value.js';
import {
  FakeClock,
  InMemoryAccountLinkRepository,
  stubCredentialIdentitySource,
  stubIdentitySource,
  stubSecretStore,
  stubTokenRevoker,
} from '#main/testing/index.js';
import { SECRET_ARN, SECRET_VERSION_ID } from '../../support/envelopes.js';
import { aSecretCredential } from '../../support/secret-credentials.js';
import { aSucceededLink, someTokens } from '../../support/account-links.js';
import { expectDomainError } from '../../support/expect-domain-error.js';
import { userIdsAsTheyAre } from '../../support/user-id-policies.js';

const presented = AccessToken.of('presented-access-token');
const clock = new FakeClock();

function setUp(options: { revokeUnlinkedTokens?: boolean } = {}) {
  const lookup = stubIdentitySource();
  lookup.identify.resolves({ recognised: true, claims: { userId: 'user-42', issuer: 'https://idp.example.com', subject: 'user-42', source: 'userinfo' } });
  const revoker = stubTokenRevoker();
  revoker.revoke.resolves('revoked');
  const links = new InMemoryAccountLinkRepository();
  const deactivate = new DeactivateUser(new ActivateUser([{ name: 'userinfo', source: lookup }], userIdsAsTheyAre), revoker, links, clock, options);
  return { lookup, revoker, links, deactivate };
}

function revokedPairs(revoker: ReturnType<typeof setUp>['revoker']): [string, string][] {
  return revoker.revoke.getCalls().map((call) => [call.args[0].reveal(), call.args[1]]);
}

describe('DeactivateUser', () => {
  it('revokes the refresh token first, then the stored and presented access tokens, and removes the link', async () => {
    const { deactivate, links, revoker } = setUp();
    const tokens = someTokens();
    const link = aSucceededLink({ userId: 'user-42', tokens });
    await links.create(link);

    const outcome = await deactivate.execute({ token: presented, deadline: Deadline.in(1000, clock) });

    expect(outcome).to.deep.equal({ userId: 'user-42', associationId: link.associationId, revoked: 3 });
    expect(revokedPairs(revoker)).to.deep.equal([
      [tokens.refreshToken?.reveal(), 'refresh_token'],
      [tokens.accessToken.reveal(), 'access_token'],
      ['presented-access-token', 'access_token'],
    ]);
    expect(await links.findById(link.associationId)).to.equal(undefined);
  });

  it('revokes a token once when the presented token is the stored one, and counts unsupported ones as not revoked', async () => {
    const { deactivate, links, revoker } = setUp();
    await links.create(aSucceededLink({ userId: 'user-42', tokens: someTokens({ accessToken: presented }) }));
    revoker.revoke.callsFake(async (token) => (token.equals(presented) ? 'unsupported' : 'revoked'));

    const outcome = await deactivate.execute({ token: presented, deadline: Deadline.in(1000, clock) });

    expect(revoker.revoke.callCount).to.equal(2);
    expect(outcome.revoked).to.equal(1);
  });

  it('is idempotent: a second call answers without revoking anything again', async () => {
    const { deactivate, links, revoker } = setUp();
    await links.create(aSucceededLink({ userId: 'user-42' }));
    await deactivate.execute({ token: presented, deadline: Deadline.in(1000, clock) });
    const calls = revoker.revoke.callCount;

    const again = await deactivate.execute({ token: presented, deadline: Deadline.in(1000, clock) });

    expect(again).to.deep.equal({ userId: 'user-42', associationId: undefined, revoked: 0 });
    expect(revoker.revoke.callCount).to.equal(calls);
  });

  for (const rejection of [new InvalidToken('revoked'), new TokenExpired('expired')]) {
    it(`has nothing to deactivate for a token the identity chain refuses with ${rejection.code}`, async () => {
      const { deactivate, lookup, revoker } = setUp();
      lookup.identify.rejects(rejection);
      const outcome = await deactivate.execute({ token: presented, deadline: Deadline.in(1000, clock) });
      expect(outcome).to.deep.equal({ userId: undefined, associationId: undefined, revoked: 0 });
      expect(revoker.revoke.called).to.equal(false);
    });
  }

  it('leaves the link ASSOCIATION_DELETING when the revocation endpoint is unreachable, and finishes on the retry', async () => {
    const { deactivate, links, revoker } = setUp();
    const link = aSucceededLink({ userId: 'user-42' });
    await links.create(link);
    revoker.revoke.rejects(new IdentityProviderUnavailable('The revocation endpoint gave no usable answer: ECONNREFUSED.'));

    await expectDomainError(deactivate.execute({ token: presented, deadline: Deadline.in(1000, clock) }), {
      type: IdentityProviderUnavailable,
      code: 'IDENTITY_PROVIDER_UNAVAILABLE',
    });
    expect((await links.findById(link.associationId))?.state).to.equal('ASSOCIATION_DELETING');

    revoker.revoke.resolves('revoked');
    const retried = await deactivate.execute({ token: presented, deadline: Deadline.in(1000, clock) });
    expect(retried.associationId).to.equal(link.associationId);
    expect(await links.findById(link.associationId)).to.equal(undefined);
  });

  it('abandons the deletion when revocation fails for good: CONFIGURATION_ERROR, the link as it was with the reason, and a later call completes', async () => {
    const { deactivate, links, revoker } = setUp();
    const link = aSucceededLink({ userId: 'user-42' });
    await links.create(link);
    revoker.revoke.rejects(
      new ConnectorMisconfigured("The revocation endpoint refused the connector's client credentials (HTTP 401, invalid_client), not the token."),
    );

    await expectDomainError(deactivate.execute({ token: presented, deadline: Deadline.in(1000, clock) }), {
      type: ConnectorMisconfigured,
      code: 'CONFIGURATION_ERROR',
      secret: presented.reveal(),
    });
    const kept = await links.findById(link.associationId);
    expect(kept?.state).to.equal('ASSOCIATION_SUCCEEDED');
    expect(kept?.errorMessage).to.match(/^[A-Za-z0-9 _-]+$/).and.contain('CONFIGURATION_ERROR').and.contain('invalid_client');
    expect(kept?.tokens?.refreshToken?.equals(link.tokens!.refreshToken!)).to.equal(true);

    revoker.revoke.resolves('revoked');
    const retried = await deactivate.execute({ token: presented, deadline: Deadline.in(1000, clock) });
    expect(retried.associationId).to.equal(link.associationId);
    expect(await links.findById(link.associationId)).to.equal(undefined);
  });

  it('abandons the deletion on an unexpected failure too, with a reason that says nothing of it', async () => {
    const { deactivate, links, revoker } = setUp();
    const link = aSucceededLink({ userId: 'user-42' });
    await links.create(link);
    revoker.revoke.rejects(new TypeError(`cannot read ${presented.reveal()}`));

    await deactivate.execute({ token: presented, deadline: Deadline.in(1000, clock) }).catch(() => undefined);

    const kept = await links.findById(link.associationId);
    expect(kept?.state).to.equal('ASSOCIATION_SUCCEEDED');
    expect(kept?.errorMessage).to.equal('The deletion failed unexpectedly');
  });

  it('revokes the presented token when it keeps no links and is told to', async () => {
    const { deactivate, revoker } = setUp({ revokeUnlinkedTokens: true });
    const outcome = await deactivate.execute({ token: presented, deadline: Deadline.in(1000, clock) });
    expect(outcome.revoked).to.equal(1);
    expect(revokedPairs(revoker)).to.deep.equal([['presented-access-token', 'access_token']]);
  });

  it('as AWS.DeactivateUser answers the success message with the connector id', async () => {
    const { deactivate } = setUp();
    const operation = new DeactivateUserOperation(deactivate);
    const result = await operation.handle(
      {
        operationName: 'AWS.DeactivateUser',
        operationVersion: '1.0',
        connectorId: 'connector-1',
        auth: { type: 'OAuth2.0', token: presented },
        payload: {},
      },
      Deadline.in(1000, clock),
    );
    expect(result).to.deep.equal({ responseMessage: 'Successfully deactivated user with connector-id connector-1.' });
  });

  describe('with a General Authorization credential', () => {
    const credential = aSecretCredential();

    function setUpGeneral(options: { revokeUnlinkedTokens?: boolean } = {}) {
      const acme = stubCredentialIdentitySource();
      acme.identifyCredential.resolves({ recognised: true, claims: { userId: 'user-42', issuer: 'https://api.acme.example', subject: '42', source: 'acme' } });
      const activation: UserActivation = new ActivateUser([{ name: 'acme', source: acme }], userIdsAsTheyAre);
      const forget = sinon.spy(activation, 'forget');
      const revoker = stubTokenRevoker();
      revoker.revoke.resolves('revoked');
      const links = new InMemoryAccountLinkRepository();
      const deactivate = new DeactivateUser(activation, revoker, links, clock, options);
      return { acme, forget, revoker, links, deactivate };
    }

    it("removes the user's link, revoking the tokens it holds and no presented one, and forgets whom the credential identified", async () => {
      const { deactivate, links, revoker, forget } = setUpGeneral();
      const tokens = someTokens();
      const link = aSucceededLink({ userId: 'user-42', tokens });
      await links.create(link);

      const outcome = await deactivate.execute({ credential, deadline: Deadline.in(1000, clock) });

      expect(outcome).to.deep.equal({ userId: 'user-42', associationId: link.associationId, revoked: 2 });
      expect(revokedPairs(revoker)).to.deep.equal([
        [tokens.refreshToken?.reveal(), 'refresh_token'],
        [tokens.accessToken.reveal(), 'access_token'],
      ]);
      expect(await links.findById(link.associationId)).to.equal(undefined);
      expect(forget.calledWith(credential)).to.equal(true);
    });

    it('forgets the identity and revokes nothing for a user without a link, even when told to revoke unlinked tokens', async () => {
      const { deactivate, revoker, forget } = setUpGeneral({ revokeUnlinkedTokens: true });
      const outcome = await deactivate.execute({ credential, deadline: Deadline.in(1000, clock) });
      expect(outcome).to.deep.equal({ userId: 'user-42', associationId: undefined, revoked: 0 });
      expect(revoker.revoke.called).to.equal(false);
      expect(forget.calledOnceWith(credential)).to.equal(true);
    });

    it('has nothing to deactivate for a credential no source recognises any more', async () => {
      const { deactivate, acme, revoker } = setUpGeneral();
      acme.identifyCredential.resolves({ recognised: false, reason: 'the API key was revoked' });
      const outcome = await deactivate.execute({ credential, deadline: Deadline.in(1000, clock) });
      expect(outcome).to.deep.equal({ userId: undefined, associationId: undefined, revoked: 0 });
      expect(revoker.revoke.called).to.equal(false);
    });

    it('as AWS.DeactivateUser reads the secret the request names and answers the success message', async () => {
      const { deactivate, acme } = setUpGeneral();
      const secrets = stubSecretStore();
      secrets.resolve.resolves(SecretValue.of('{"apiKey":"ak-live-1d2c3b"}'));
      const result = await new DeactivateUserOperation(deactivate, secrets).handle(
        {
          operationName: 'AWS.DeactivateUser',
          operationVersion: '1.0',
          connectorId: 'connector-1',
          auth: { type: 'GeneralAuthorization', secretsManager: { arn: SECRET_ARN, versionId: SECRET_VERSION_ID } },
          payload: {},
        },
        Deadline.in(1000, clock),
      );
      expect(result).to.deep.equal({ responseMessage: 'Successfully deactivated user with connector-id connector-1.' });
      expect(acme.identifyCredential.firstCall.args[0].secret.field('apiKey')?.reveal()).to.equal('ak-live-1d2c3b');
    });
  });
});
