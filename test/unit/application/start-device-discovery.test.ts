import { expect } from 'chai';
import { InMemoryDeviceRepository } from '#adapters/devices/in-memory-device-repository.js';
import { EnsureFreshAccessToken } from '#application/ensure-fresh-access-token.js';
import { GetDeviceDiscovery } from '#application/get-device-discovery.js';
import { StartDeviceDiscovery } from '#application/start-device-discovery.js';
import { IdentityProviderUnavailable } from '#domain/errors/identity-provider-unavailable.js';
import { InvalidRequest } from '#domain/errors/invalid-request.js';
import { RefreshTokenExpired } from '#domain/errors/refresh-token-expired.js';
import { TokenRefreshPolicy } from '#domain/token-refresh-policy.js';
import { FakeClock, InMemoryAccountLinkRepository, stubConnectorClient, stubTokenRefresher } from '#main/testing/index.js';
import { NodeSecretGenerator } from '#adapters/crypto/node-secret-generator.js';
import { aRefreshTokenExpiredLink, aSucceededLink, LINKING_STARTED_AT } from '../../support/account-links.js';
import { expectDomainError } from '../../support/expect-domain-error.js';
import { MemoryLog } from '../../support/memory-log.js';

describe('StartDeviceDiscovery and GetDeviceDiscovery', () => {
  async function setUp() {
    const clock = new FakeClock(new Date(LINKING_STARTED_AT.getTime() + 60_000));
    const links = new InMemoryAccountLinkRepository();
    const devices = new InMemoryDeviceRepository();
    const connector = stubConnectorClient();
    const refresher = stubTokenRefresher();
    const secrets = new NodeSecretGenerator();
    const fresh = new EnsureFreshAccessToken(links, refresher, secrets, clock, new TokenRefreshPolicy({ marginMs: 0 }));
    const log = new MemoryLog();
    const start = new StartDeviceDiscovery(links, devices, fresh, connector, secrets, clock, log.logger, {
      connectorId: 'c1',
      deadlineMs: 5_000,
      timeoutMs: 30_000,
    });
    const get = new GetDeviceDiscovery(devices, clock, { region: 'eu-west-1', accountId: '123456789012' });
    const link = aSucceededLink();
    await links.create(link);
    return { clock, links, connector, refresher, start, get, link, log };
  }

  it('sends AWS.DiscoverDevices with the current token and a new id, stored RUNNING first; TIMED_OUT once the timeout passed without the event', async () => {
    const { clock, connector, start, get, link } = await setUp();
    let statusWhenCalled: string | undefined;
    connector.discoverDevices.callsFake(async (_token, id) => {
      statusWhenCalled = (await get.execute({ id })).status;
    });

    const started = await start.execute({ discoveryType: 'CLOUD', accountAssociationId: link.associationId });

    expect(connector.discoverDevices.calledOnce).to.equal(true);
    const [token, id] = connector.discoverDevices.firstCall.args;
    expect(token.equals(link.tokens!.accessToken)).to.equal(true);
    expect(id).to.equal(started.id).and.match(/^[A-Za-z0-9]{1,200}$/);
    expect(statusWhenCalled).to.equal('RUNNING');
    expect(started.startedAt).to.deep.equal(clock.now());
    const view = await get.execute({ id: started.id });
    expect(view).to.deep.include({ status: 'RUNNING', accountAssociationId: link.associationId, arn: `arn:aws:iotmanagedintegrations:eu-west-1:123456789012:device-discovery/${started.id}` });
    clock.advance(29_999);
    expect((await get.execute({ id: started.id })).status).to.equal('RUNNING');
    clock.advance(1);
    expect((await get.execute({ id: started.id })).status).to.equal('TIMED_OUT');
  });

  it('a connector that fails leaves the discovery FAILED, and logs its code only', async () => {
    const { connector, start, get, link, log } = await setUp();
    connector.discoverDevices.rejects(new IdentityProviderUnavailable('The connector could not be reached.'));

    const started = await start.execute({ discoveryType: 'CLOUD', accountAssociationId: link.associationId });

    const view = await get.execute({ id: started.id });
    expect(view.status).to.equal('FAILED');
    expect(view.finishedAt).to.be.instanceOf(Date);
    expect(log.entries().some((entry) => entry['errorCode'] === 'IDENTITY_PROVIDER_UNAVAILABLE')).to.equal(true);
    expect(log.lines.join('\n')).to.not.contain(link.tokens!.accessToken.reveal());
  });

  it('fails with REFRESH_TOKEN_EXPIRED, before any discovery or connector call, for an association that must be relinked', async () => {
    const { links, connector, start } = await setUp();
    const expired = aRefreshTokenExpiredLink();
    await links.create(expired);
    await expectDomainError(start.execute({ discoveryType: 'CLOUD', accountAssociationId: expired.associationId }), {
      type: RefreshTokenExpired,
      code: 'REFRESH_TOKEN_EXPIRED',
    });
    expect(connector.discoverDevices.called).to.equal(false);
  });

  it('refuses another DiscoveryType, or none of AccountAssociationId', async () => {
    const { start, link } = await setUp();
    await expectDomainError(start.execute({ discoveryType: 'ZIGBEE', accountAssociationId: link.associationId }), { type: InvalidRequest, code: 'INVALID_REQUEST' });
    await expectDomainError(start.execute({ discoveryType: 'CLOUD', accountAssociationId: undefined }), { type: InvalidRequest, code: 'INVALID_REQUEST' });
  });
});
