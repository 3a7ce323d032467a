import { expect } from 'chai';
import { DeleteAssociation } from '#application/delete-association.js';
import { EnsureFreshAccessToken } from '#application/ensure-fresh-access-token.js';
import { IdentityProviderUnavailable } from '#domain/errors/identity-provider-unavailable.js';
import { LinkingFailed } from '#domain/errors/linking-failed.js';
import { TokenRefreshPolicy } from '#domain/token-refresh-policy.js';
import { FakeClock, InMemoryAccountLinkRepository, stubConnectorClient, stubTokenRefresher, stubTokenRevoker } from '#main/testing/index.js';
import { aFailedLink, aSucceededLink, someTokens } from '../../support/account-links.js';
import { expectDomainError } from '../../support/expect-domain-error.js';
import { SequenceSecrets } from '../../support/sequence-secrets.js';

describe('DeleteAssociation: the tokens managed integrations holds', () => {
  function setUp() {
    const clock = new FakeClock(new Date('2031-01-01T00:00:00Z'));
    const links = new InMemoryAccountLinkRepository();
    const connector = stubConnectorClient();
    connector.deactivateUser.resolves();
    const refresher = stubTokenRefresher();
    const revoker = stubTokenRevoker();
    revoker.revoke.resolves('revoked');
    const fresh = new EnsureFreshAccessToken(links, refresher, new SequenceSecrets(), clock, new TokenRefreshPolicy({ marginMs: 60_000 }));
    const remove = new DeleteAssociation(links, connector, clock, {}, { fresh, revoker });
    const at = (ms: number): Date => new Date(clock.now().getTime() + ms);
    return { clock, links, connector, refresher, revoker, remove, at };
  }

  it('renews an expired access token first, so DeactivateUser gets one the connector can resolve; then revokes the refresh token', async () => {
    const { links, connector, refresher, revoker, remove, at } = setUp();
    const link = aSucceededLink({ tokens: someTokens({ expiresAt: at(-1) }) });
    await links.create(link);
    const renewed = someTokens({ expiresAt: at(3_600_000) });
    refresher.refresh.resolves(renewed);

    await remove.execute({ associationId: link.associationId });

    expect(refresher.refresh.callCount).to.equal(1);
    expect(connector.deactivateUser.firstCall.args[0].equals(renewed.accessToken)).to.equal(true);
    expect(revoker.revoke.callCount).to.equal(1);
    const [token, hint] = revoker.revoke.firstCall.args;
    expect(token.equals(renewed.refreshToken!), 'the rotated refresh token').to.equal(true);
    expect(hint).to.equal('refresh_token');
    expect(revoker.revoke.firstCall.calledAfter(connector.deactivateUser.firstCall), 'after DeactivateUser: revoking may end the whole grant').to.equal(true);
    expect(await links.findById(link.associationId)).to.equal(undefined);
  });

  it('sends a fresh access token as it is, and revokes the refresh token', async () => {
    const { links, connector, refresher, revoker, remove, at } = setUp();
    const link = aSucceededLink({ tokens: someTokens({ expiresAt: at(3_600_000) }) });
    await links.create(link);

    await remove.execute({ associationId: link.associationId });

    expect(refresher.refresh.called).to.equal(false);
    expect(connector.deactivateUser.firstCall.args[0].equals(link.tokens!.accessToken)).to.equal(true);
    expect(revoker.revoke.firstCall.args[0].equals(link.tokens!.refreshToken!)).to.equal(true);
  });

  it('deletes an association whose refresh token the platform refuses: it was going anyway', async () => {
    const { links, connector, refresher, remove, at } = setUp();
    const link = aSucceededLink({ tokens: someTokens({ expiresAt: at(-1) }) });
    await links.create(link);
    refresher.refresh.rejects(new LinkingFailed('invalid_grant', 'The token endpoint refused the refresh token (HTTP 400, invalid_grant).'));

    await remove.execute({ associationId: link.associationId });

    expect(connector.deactivateUser.callCount).to.equal(1);
    expect(await links.findById(link.associationId)).to.equal(undefined);
  });

  it('leaves the association as it was when the token endpoint cannot be reached (503: repeat the request)', async () => {
    const { links, connector, refresher, remove, at } = setUp();
    const link = aSucceededLink({ tokens: someTokens({ expiresAt: at(-1) }) });
    await links.create(link);
    refresher.refresh.rejects(new IdentityProviderUnavailable('The token endpoint could not be reached: ECONNREFUSED.'));

    await expectDomainError(remove.execute({ associationId: link.associationId }), {
      type: IdentityProviderUnavailable,
      code: 'IDENTITY_PROVIDER_UNAVAILABLE',
    });

    expect(connector.deactivateUser.called).to.equal(false);
    expect((await links.findById(link.associationId))?.state).to.equal('ASSOCIATION_SUCCEEDED');
  });

  it('keeps the association DELETING when the revocation endpoint is unavailable, for the retry', async () => {
    const { links, revoker, remove } = setUp();
    const link = aSucceededLink({ tokens: someTokens({ expiresAt: new Date('2031-01-01T05:00:00Z') }) });
    await links.create(link);
    revoker.revoke.rejects(new IdentityProviderUnavailable('The revocation endpoint answered HTTP 503.'));

    await expectDomainError(remove.execute({ associationId: link.associationId }), {
      type: IdentityProviderUnavailable,
      code: 'IDENTITY_PROVIDER_UNAVAILABLE',
    });
    expect((await links.findById(link.associationId))?.state).to.equal('ASSOCIATION_DELETING');

    revoker.revoke.resolves('revoked');
    await remove.execute({ associationId: link.associationId });
    expect(await links.findById(link.associationId)).to.equal(undefined);
  });

  it('revokes nothing for an association that never linked', async () => {
    const { links, refresher, revoker, remove } = setUp();
    const link = aFailedLink();
    await links.create(link);
    await remove.execute({ associationId: link.associationId });
    expect(refresher.refresh.called).to.equal(false);
    expect(revoker.revoke.called).to.equal(false);
  });
});
