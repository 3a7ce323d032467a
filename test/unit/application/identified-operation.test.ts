import { expect } from 'chai';
import sinon from 'sinon';
import { ActivateUser } from '#application/activate-user.js';
import type { ConnectorRequest } from '#application/connector-request.js';
import { Deadline } from '#application/deadline.js';
import { IdentifiedOperation } from '#application/identified-operation.js';
import { OperationRouter } from '#application/operation-router.js';
import type { UserOperationHandler } from '#application/user-operation-handler.js';
import { AccessToken } from '#domain/access-token.js';
import { ConnectorMisconfigured } from '#domain/errors/connector-misconfigured.js';
import { IdentityProviderUnavailable } from '#domain/errors/identity-provider-unavailable.js';
import { InvalidToken } from '#domain/errors/invalid-token.js';
import { SecretValue } from '#domain/secret-value.js';
import { FakeClock, stubCredentialIdentitySource, stubSecretStore } from '#main/testing/index.js';
import { SECRET_ARN, SECRET_VERSION_ID } from '../../support/envelopes.js';
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
    const verifier = stubCredentialIdentitySource();
    verifier.identify.resolves({ recognised: true, claims: { userId: 'user-7', issuer: 'iss', subject: 'user-7', source: 'jwt' } });
    verifier.identifyCredential.resolves({ recognised: true, claims: { userId: 'key-user-9', issuer: 'iss', subject: '9', source: 'acme' } });
    const secrets = stubSecretStore();
    secrets.resolve.resolves(SecretValue.of('{"apiKey":"ak-live-51c3"}'));
    const handle = sinon.stub<Parameters<UserOperationHandler['handle']>, ReturnType<UserOperationHandler['handle']>>();
    handle.resolves({ responseMessage: 'discovered' });
    const handler: UserOperationHandler = { operationName: 'AWS.DiscoverDevices', handle };
    const activation = new ActivateUser([{ name: 'jwt', source: verifier }], userIdsAsTheyAre);
    const router = new OperationRouter([new IdentifiedOperation(activation, handler, secrets)], { connectorId: undefined });
    return { verifier, secrets, handle, router };
  }

  const generalAuthorization = discoverRequest({
    auth: { type: 'GeneralAuthorization', secretsManager: { arn: SECRET_ARN, versionId: SECRET_VERSION_ID } },
  });

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

  it('reads the secret a GeneralAuthorization request names, identifies its user with it, and hands the handler both', async () => {
    const { verifier, secrets, handle, router } = setUp();
    const deadline = Deadline.in(500, clock);

    expect(await router.route(generalAuthorization, deadline)).to.deep.equal({ responseMessage: 'discovered' });

    expect(secrets.resolve.firstCall.args).to.deep.equal([{ arn: SECRET_ARN, versionId: SECRET_VERSION_ID }, deadline]);
    expect(verifier.identify.called).to.equal(false);
    expect(verifier.identifyCredential.firstCall.args[0].secret.field('apiKey')?.reveal()).to.equal('ak-live-51c3');
    const [request, identity] = handle.firstCall.args;
    expect(identity).to.include({ userId: 'key-user-9', source: 'acme' });
    expect(request.auth.type === 'GeneralAuthorization' && request.auth.secret.field('apiKey')?.reveal()).to.equal('ak-live-51c3');
    expect(request.auth).to.deep.include({ secretsManager: { arn: SECRET_ARN, versionId: SECRET_VERSION_ID } });
    expect(request.payload).to.equal(generalAuthorization.payload);
  });

  it('never calls the handler when the secret cannot be read, and passes the store\'s error on', async () => {
    const { secrets, verifier, handle, router } = setUp();
    secrets.resolve.rejects(new IdentityProviderUnavailable('Secrets Manager gave no usable answer: ThrottlingException.'));
    await expectDomainError(router.route(generalAuthorization, Deadline.in(500, clock)), {
      type: IdentityProviderUnavailable,
      code: 'IDENTITY_PROVIDER_UNAVAILABLE',
    });
    expect(verifier.identifyCredential.called).to.equal(false);
    expect(handle.called).to.equal(false);
  });

  it('answers CONFIGURATION_ERROR for a GeneralAuthorization request when it was given no secret store', async () => {
    const { handle } = setUp();
    const verifier = stubCredentialIdentitySource();
    const operation = new IdentifiedOperation(new ActivateUser([{ name: 'jwt', source: verifier }], userIdsAsTheyAre), { operationName: 'AWS.DiscoverDevices', handle });
    await expectDomainError(operation.handle(generalAuthorization, Deadline.in(500, clock)), { type: ConnectorMisconfigured, code: 'CONFIGURATION_ERROR' });
    expect(handle.called).to.equal(false);
  });
});
