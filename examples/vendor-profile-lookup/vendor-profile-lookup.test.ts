import { expect } from 'chai';
import { AccessToken, createConnector, Deadline, DomainError } from 'c2c-account-linking';
import { FakeClock, sendJson, startLoopbackServer, stubTokenRevoker, testConfig, type LoopbackServer } from 'c2c-account-linking/testing';
import { VendorProfileLookup } from './vendor-profile-lookup.js';

const PROFILES: Readonly<Record<string, unknown>> = {
  'token-of-ann': { account: { accountNumber: 40017, status: 'active' }, displayName: 'Ann' },
  'token-of-closed': { account: { accountNumber: 40018, status: 'closed' } },
};

function envelope(operationName: string, token: string): Record<string, unknown> {
  return {
    header: { auth: { token, type: 'OAuth2.0' } },
    payload: { operationName, operationVersion: '1.0', connectorId: 'acme-connector' },
  };
}

async function codeOf(work: Promise<unknown>): Promise<string> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof DomainError)) throw new Error('expected a DomainError');
  return error.code;
}

describe('example: a vendor profile API as an identity source registered by name', () => {
  let vendor: LoopbackServer;
  let failing: LoopbackServer;
  let lookup: VendorProfileLookup;
  /** The deadlines' clock: it stands still, so no budget runs out while the test runs. */
  const clock = new FakeClock();

  before(async () => {
    vendor = await startLoopbackServer((request, response) => {
      const token = request.headers['authorization']?.replace(/^Bearer /, '') ?? '';
      const profile = PROFILES[token];
      return profile === undefined ? sendJson(response, 401, { message: 'unauthorized' }) : sendJson(response, 200, profile);
    });
    failing = await startLoopbackServer((_request, response) => sendJson(response, 502, { message: 'bad gateway' }));
    lookup = new VendorProfileLookup({ profileUrl: `${vendor.url}/v2/me`, vendor: 'acme' });
  });
  after(async () => {
    await vendor.close();
    await failing.close();
  });

  it('reads the account number as the user id, prefixed with the vendor', async () => {
    const outcome = await lookup.identify(AccessToken.of('token-of-ann'), Deadline.in(1000, clock));
    expect(outcome).to.deep.equal({ recognised: true, claims: { userId: 'acme.40017', issuer: 'acme', subject: '40017', source: 'acme' } });
  });

  it('declines a token the vendor rejects, so the next source may know it', async () => {
    const outcome = await lookup.identify(AccessToken.of('someone-else'), Deadline.in(1000, clock));
    expect(outcome).to.deep.equal({ recognised: false, reason: 'the vendor profile API rejected it (HTTP 401)' });
  });

  it('answers INVALID_TOKEN for a closed account, IDENTITY_PROVIDER_UNAVAILABLE for a 5xx', async () => {
    expect(await codeOf(lookup.identify(AccessToken.of('token-of-closed'), Deadline.in(1000, clock)))).to.equal('INVALID_TOKEN');
    const down = new VendorProfileLookup({ profileUrl: `${failing.url}/v2/me`, vendor: 'acme' });
    expect(await codeOf(down.identify(AccessToken.of('token-of-ann'), Deadline.in(1000, clock)))).to.equal('IDENTITY_PROVIDER_UNAVAILABLE');
  });

  describe('plugged into the connector through createConnector', () => {
    const revoker = stubTokenRevoker();
    let handler: ReturnType<typeof createConnector>['handler'];

    before(() => {
      ({ handler } = createConnector(testConfig({ C2C_IDENTITY_SOURCES: 'acme' }), {
        identitySources: { acme: lookup },
        ports: { tokenRevoker: revoker },
      }));
    });
    beforeEach(() => {
      revoker.revoke.reset();
      revoker.revoke.resolves('revoked');
    });

    it('activates the vendor user', async () => {
      const answer = await handler(envelope('AWS.ActivateUser', 'token-of-ann'));
      expect(answer).to.deep.equal({
        header: { responseCode: 200 },
        payload: { responseMessage: 'Successfully activated user with connector-id acme-connector.', userId: 'acme.40017' },
      });
    });

    it('deactivates the vendor user by revoking the presented token through the (stubbed) revoker port', async () => {
      const answer = await handler(envelope('AWS.DeactivateUser', 'token-of-ann'));
      expect(answer.header.responseCode).to.equal(200);
      expect(answer.payload.responseMessage).to.equal('Successfully deactivated user with connector-id acme-connector.');
      expect(revoker.revoke.callCount).to.equal(1);
      const [token, hint] = revoker.revoke.firstCall.args;
      expect(token.reveal()).to.equal('token-of-ann');
      expect(hint).to.equal('access_token');
    });

    it('answers 401 INVALID_TOKEN in the envelope for a token the vendor rejects', async () => {
      const answer = await handler(envelope('AWS.ActivateUser', 'someone-else'));
      expect(answer.header.responseCode).to.equal(401);
      expect(answer.payload.errorCode).to.equal('INVALID_TOKEN');
    });
  });
});
