import { expect } from 'chai';
import { createConnector, InvalidToken, SecretValue, type OperationRouter } from 'c2c-account-linking';
import { stubCredentialIdentitySource, stubIdentitySource, stubSecretStore, testConfig } from 'c2c-account-linking/testing';
import { SendCommandHandler } from './send-command-handler.js';
import { ACME_SECRET_ARN, ACME_SECRET_VERSION, envelope, generalEnvelope, stubAcmeCloud } from './test-doubles.js';

describe('SendCommandHandler', () => {
  // The identity source is the test kit's stub: this tests the operation alone, not the Acme lookup.
  const identities = stubIdentitySource();
  const cloud = stubAcmeCloud();
  const connector = createConnector(testConfig({ C2C_CACHE_MAX_ENTRIES: '0' }), {
    identitySources: { acme: identities },
    operations: [new SendCommandHandler(cloud)],
  });
  const { handler } = connector;
  let router: OperationRouter;
  before(async () => {
    router = await connector.router();
  });

  beforeEach(() => {
    identities.identify.reset();
    identities.identify.resolves({
      recognised: true,
      claims: { userId: 'acme.40017', issuer: 'https://api.acme.example', subject: '40017', source: 'acme' },
    });
    cloud.sendCommand.reset();
    cloud.sendCommand.resolves('sent');
  });

  it('is registered next to the built-in operations', () => {
    expect(router.operations).to.have.members(['AWS.ActivateUser', 'AWS.DeactivateUser', 'AWS.SendCommand']);
  });

  it('sends the command to the device of the user the token resolved to', async () => {
    const answer = await handler(envelope('AWS.SendCommand', 'token-of-ann', { deviceId: 'lamp-1', command: 'turn-on' }));

    expect(answer).to.deep.equal({
      header: { responseCode: 200 },
      payload: { responseMessage: 'Command turn-on sent to lamp-1.', userId: 'acme.40017' },
    });
    expect(identities.identify.firstCall.args[0].reveal()).to.equal('token-of-ann');
    expect(cloud.sendCommand.firstCall.args.slice(0, 4)).to.deep.equal([{ bearerToken: 'token-of-ann' }, '40017', 'lamp-1', 'turn-on']);
  });

  it("answers 400 INVALID_REQUEST for a request without a command, or for a device that is not the user's", async () => {
    const incomplete = await handler(envelope('AWS.SendCommand', 'token-of-ann', { deviceId: 'lamp-1' }));
    expect([incomplete.header.responseCode, incomplete.payload.errorCode]).to.deep.equal([400, 'INVALID_REQUEST']);
    expect(cloud.sendCommand.called).to.equal(false);

    cloud.sendCommand.resolves('unknown-device');
    const foreign = await handler(envelope('AWS.SendCommand', 'token-of-ann', { deviceId: 'lamp-9', command: 'turn-on' }));
    expect([foreign.header.responseCode, foreign.payload.errorCode]).to.deep.equal([400, 'INVALID_REQUEST']);
  });

  it('never runs for a token the identity source refuses', async () => {
    identities.identify.rejects(new InvalidToken('unknown token'));
    const answer = await handler(envelope('AWS.SendCommand', 'forged', { deviceId: 'lamp-1', command: 'turn-on' }));
    expect(answer.payload.errorCode).to.equal('INVALID_TOKEN');
    expect(cloud.sendCommand.called).to.equal(false);
  });
});

describe('SendCommandHandler with General Authorization', () => {
  // The kit's stubs of a source that takes credentials and of the secret store: neither Acme nor Secrets Manager is called.
  const identities = stubCredentialIdentitySource();
  const secrets = stubSecretStore();
  const cloud = stubAcmeCloud();
  const { handler } = createConnector(testConfig(), {
    identitySources: { acme: identities },
    operations: [new SendCommandHandler(cloud)],
    ports: { secretStore: secrets },
  });

  it('sends the command as the account whose API key the secret holds', async () => {
    secrets.resolve.resolves(SecretValue.of('{"apiKey":"acme-key-40017"}'));
    identities.identifyCredential.resolves({
      recognised: true,
      claims: { userId: 'acme.40017', issuer: 'https://api.acme.example', subject: '40017', source: 'acme' },
    });
    cloud.sendCommand.resolves('sent');

    const answer = await handler(generalEnvelope('AWS.SendCommand', { deviceId: 'lamp-1', command: 'turn-on' }));

    expect(answer).to.deep.equal({ header: { responseCode: 200 }, payload: { responseMessage: 'Command turn-on sent to lamp-1.', userId: 'acme.40017' } });
    expect(secrets.resolve.firstCall.args[0]).to.deep.equal({ arn: ACME_SECRET_ARN, versionId: ACME_SECRET_VERSION });
    expect(cloud.sendCommand.firstCall.args.slice(0, 3)).to.deep.equal([{ apiKey: 'acme-key-40017' }, '40017', 'lamp-1']);
  });
});
