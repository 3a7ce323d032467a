import { expect } from 'chai';
import { DeleteAssociation } from '#application/delete-association.js';
import { AssociationNotFound } from '#domain/errors/association-not-found.js';
import { ConnectorMisconfigured } from '#domain/errors/connector-misconfigured.js';
import { IdentityProviderUnavailable } from '#domain/errors/identity-provider-unavailable.js';
import { InMemoryAccountLinkRepository, stubConnectorClient } from '#main/testing/index.js';
import { aFailedLink, aSucceededLink } from '../../support/account-links.js';
import { expectDomainError } from '../../support/expect-domain-error.js';
import { FakeClock } from '#main/testing/index.js';

describe('DeleteAssociation', () => {
  function setUp() {
    const links = new InMemoryAccountLinkRepository();
    const connector = stubConnectorClient();
    connector.deactivateUser.resolves();
    return { links, connector, remove: new DeleteAssociation(links, connector, new FakeClock()) };
  }

  it('has the connector deactivate the user with the stored access token, then removes the association', async () => {
    const { links, connector, remove } = setUp();
    const link = aSucceededLink();
    await links.create(link);

    await remove.execute({ associationId: link.associationId });

    expect(connector.deactivateUser.firstCall.args[0].equals(link.tokens!.accessToken)).to.equal(true);
    expect(await links.findById(link.associationId)).to.equal(undefined);
  });

  it('removes a failed association without calling the connector', async () => {
    const { links, connector, remove } = setUp();
    const link = aFailedLink();
    await links.create(link);
    await remove.execute({ associationId: link.associationId });
    expect(connector.deactivateUser.called).to.equal(false);
    expect(await links.findById(link.associationId)).to.equal(undefined);
  });

  it('answers ASSOCIATION_NOT_FOUND for an unknown id', async () => {
    const { remove } = setUp();
    await expectDomainError(remove.execute({ associationId: 'Unknown1' }), { type: AssociationNotFound, code: 'ASSOCIATION_NOT_FOUND' });
  });

  it('keeps the association ASSOCIATION_DELETING when the connector is unavailable', async () => {
    const { links, connector, remove } = setUp();
    const link = aSucceededLink();
    await links.create(link);
    connector.deactivateUser.rejects(new IdentityProviderUnavailable('The connector could not be reached: ECONNREFUSED.'));
    await expectDomainError(remove.execute({ associationId: link.associationId }), {
      type: IdentityProviderUnavailable,
      code: 'IDENTITY_PROVIDER_UNAVAILABLE',
    });
    expect((await links.findById(link.associationId))?.state).to.equal('ASSOCIATION_DELETING');
  });

  it('leaves the association as it was, with the reason, when the connector refuses for good; deleting again completes', async () => {
    const { links, connector, remove } = setUp();
    const link = aSucceededLink();
    await links.create(link);
    connector.deactivateUser.rejects(new ConnectorMisconfigured('The connector answered CONFIGURATION_ERROR: its own setup is wrong.'));

    await expectDomainError(remove.execute({ associationId: link.associationId }), { type: ConnectorMisconfigured, code: 'CONFIGURATION_ERROR' });
    const kept = await links.findById(link.associationId);
    expect(kept?.state).to.equal('ASSOCIATION_SUCCEEDED');
    expect(kept?.errorMessage).to.equal('The deletion failed CONFIGURATION_ERROR The connector answered CONFIGURATION_ERROR its own setup is wrong');

    connector.deactivateUser.resolves();
    await remove.execute({ associationId: link.associationId });
    expect(connector.deactivateUser.callCount).to.equal(2);
    expect(await links.findById(link.associationId)).to.equal(undefined);
  });

  it('keeps what a nested deactivation recorded when it abandoned the deletion itself', async () => {
    const { links, connector, remove } = setUp();
    const link = aSucceededLink();
    await links.create(link);
    connector.deactivateUser.callsFake(async () => {
      const deleting = await links.findById(link.associationId);
      deleting!.abandonDeletion('recorded by the connector', new Date());
      await links.save(deleting!, deleting!.version - 1);
      throw new ConnectorMisconfigured('refused');
    });

    await remove.execute({ associationId: link.associationId }).catch(() => undefined);

    expect((await links.findById(link.associationId))?.errorMessage).to.equal('recorded by the connector');
  });
});
