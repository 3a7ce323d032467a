import { expect } from 'chai';
import sinon from 'sinon';
import { ActivateUser } from '#application/activate-user.js';
import type { ConnectorRequest } from '#application/connector-request.js';
import { Deadline } from '#application/deadline.js';
import { IdentifiedOperation } from '#application/identified-operation.js';
import { OperationRouter } from '#application/operation-router.js';
import type { UserOperationHandler } from '#application/user-operation-handler.js';
import { AccessToken } from '#domain/access-token.js';
import { InvalidRequest } from '#domain/errors/invalid-request.js';
import { InvalidToken } from '#domain/errors/invalid-token.js';
import type { UserIdentity } from '#domain/user-identity.js';
import { FakeClock, stubIdentitySource } from '#main/testing/index.js';
import { expectDomainError } from '../../support/expect-domain-error.js';
import { userIdsAsTheyAre } from '../../support/user-id-policies.js';

function discoverRequest(overrides: Partial<ConnectorRequest> = {}): ConnectorRequest {
  return {
    operationName: 'AWS.DiscoverDevices',
    operationVersion: '1.0',
    connectorId: 'connector-1',
    auth: { type: 'OAuth2.0', token: AccessToken.of('token-1') },
    payload: {},
    ...overrides,
  };
}

describe('IdentifiedOperation (a UserOperationHandler behind the router)', () => {
  const clock = new FakeClock();
  function setUp() {
    const verifier = stubIdentitySource();
    verifier.identify.resolves({ recognised: true, claims: { userId: 'user-7', issuer: 'iss', subject: 'user-7', source: 'jwt' } });
    const handle = sinon.stub<[ConnectorRequest, UserIdentity, Deadline], ReturnType<UserOperationHandler['handle']>>();
    handle.resolves({ responseMessage: 'discovered' });
    const handler: UserOperationHandler = { operationName: 'AWS.DiscoverDevices', handle };
    const router = new OperationRouter([new IdentifiedOperation(new ActivateUser([{ name: 'jwt', source: verifier }], userIdsAsTheyAre), handler)], {
      connectorId: undefined,
    });
    return { verifier, handle, router };
  }

  it('hands the handler the identity the token resolved to', async () => {
    const { handle, router } = setUp();
    const result = await router.route(discoverRequest(), Deadline.in(500, clock));
    expect(result).to.deep.equal({ responseMessage: 'discovered' });
    expect(handle.firstCall.args[1]).to.include({ userId: 'user-7', source: 'jwt' });
  });

  it('never calls the handler for a token no source accepts', async () => {
    const { verifier, handle, router } = setUp();
    verifier.identify.resolves({ recognised: false, reason: 'not a JWT' });
    await expectDomainError(router.route(discoverRequest(), Deadline.in(500, clock)), { type: InvalidToken, code: 'INVALID_TOKEN' });
    expect(handle.called).to.equal(false);
  });

  it('refuses GeneralAuthorization requests, which carry no token to resolve', async () => {
    const { router } = setUp();
    const request = discoverRequest({ auth: { type: 'GeneralAuthorization', secretsManager: { arn: 'arn:x', versionId: undefined } } });
    await expectDomainError(router.route(request, Deadline.in(500, clock)), { type: InvalidRequest, code: 'INVALID_REQUEST' });
  });
});
