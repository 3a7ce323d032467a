import { expect } from 'chai';
import { AwsSecretsManagerStore } from '#adapters/secrets-manager/aws-secrets-manager-store.js';
import { Deadline } from '#application/deadline.js';
import { ConnectorMisconfigured } from '#domain/errors/connector-misconfigured.js';
import { IdentityProviderUnavailable } from '#domain/errors/identity-provider-unavailable.js';
import { FakeClock } from '#main/testing/index.js';
import { SECRET_ARN, SECRET_VERSION_ID } from '../../support/envelopes.js';
import { expectDomainError } from '../../support/expect-domain-error.js';
import { startSecretsManagerDouble, type SecretsManagerDouble } from '../../support/secrets-manager-double.js';

const API_KEY = 'ak-live-9c41d7e2';
const SECRET_STRING = JSON.stringify({ apiKey: API_KEY });
const OTHER_VERSION = 'b'.repeat(32);
const BINARY_ARN = 'arn:aws:secretsmanager:eu-central-1:123456789012:secret:binary-secret-XyZ123';
const reference = { arn: SECRET_ARN, versionId: SECRET_VERSION_ID };

describe('AwsSecretsManagerStore (the AWS SDK against a Secrets Manager on 127.0.0.1)', () => {
  let double: SecretsManagerDouble;
  let store: AwsSecretsManagerStore;
  const clock = new FakeClock();
  const deadline = () => Deadline.in(1000, clock);

  beforeEach(async () => {
    double = await startSecretsManagerDouble({
      [SECRET_ARN]: { [SECRET_VERSION_ID]: SECRET_STRING, [OTHER_VERSION]: '{"apiKey":"ak-older"}' },
      [BINARY_ARN]: { [SECRET_VERSION_ID]: { binary: Buffer.from('binary-api-key') } },
    });
    store = new AwsSecretsManagerStore({ endpoint: double.url, credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test-secret-key' }, maxEntries: 2 });
  });

  afterEach(async () => {
    store.destroy();
    await double.close();
  });

  it("reads the version with GetSecretValue (SecretId: the arn, VersionId: the versionId), signed for the secret's region", async () => {
    const secret = await store.resolve(reference, deadline());

    expect(secret.field('apiKey')?.reveal()).to.equal(API_KEY);
    expect(double.reads).to.deep.equal([{ SecretId: SECRET_ARN, VersionId: SECRET_VERSION_ID }]);
    const [request] = double.requests;
    expect(request?.method).to.equal('POST');
    expect(request?.headers['x-amz-target']).to.equal('secretsmanager.GetSecretValue');
    expect(request?.headers['content-type']).to.equal('application/x-amz-json-1.1');
    expect(request?.headers['authorization']).to.match(/^AWS4-HMAC-SHA256 Credential=AKIDTEST\/\d{8}\/us-east-1\/secretsmanager\/aws4_request,/);
  });

  it('reads a SecretBinary as UTF-8 text', async () => {
    expect((await store.resolve({ arn: BINARY_ARN, versionId: SECRET_VERSION_ID }, deadline())).reveal()).to.equal('binary-api-key');
    expect(double.requests[0]?.headers['authorization']).to.contain('/eu-central-1/secretsmanager/');
  });

  it('keeps what it read (a version never changes): the same version again costs no request, another version does', async () => {
    await store.resolve(reference, deadline());
    expect((await store.resolve(reference, deadline())).field('apiKey')?.reveal()).to.equal(API_KEY);
    expect(double.reads).to.have.length(1);

    expect((await store.resolve({ arn: SECRET_ARN, versionId: OTHER_VERSION }, deadline())).field('apiKey')?.reveal()).to.equal('ak-older');
    expect(double.reads).to.have.length(2);
  });

  it('keeps at most maxEntries versions, forgetting the least recently used first', async () => {
    const binary = { arn: BINARY_ARN, versionId: SECRET_VERSION_ID };
    const older = { arn: SECRET_ARN, versionId: OTHER_VERSION };
    await store.resolve(reference, deadline());
    await store.resolve(older, deadline());
    await store.resolve(reference, deadline());
    await store.resolve(binary, deadline());
    expect(double.reads).to.have.length(3);

    await store.resolve(reference, deadline());
    expect(double.reads).to.have.length(3);
    await store.resolve(older, deadline());
    expect(double.reads.map((read) => read.VersionId)).to.deep.equal([SECRET_VERSION_ID, OTHER_VERSION, SECRET_VERSION_ID, OTHER_VERSION]);
  });

  it('shares one request among concurrent reads of one version', async () => {
    const values = await Promise.all([store.resolve(reference, deadline()), store.resolve(reference, deadline()), store.resolve(reference, deadline())]);
    expect(values.map((value) => value.field('apiKey')?.reveal())).to.deep.equal([API_KEY, API_KEY, API_KEY]);
    expect(double.reads).to.have.length(1);
  });

  describe('refuses, as CONFIGURATION_ERROR (never retried), what only a change of setup can fix', () => {
    for (const [error, says] of [
      ['ResourceNotFoundException', 'no such secret, or no such version'],
      ['AccessDeniedException', 'secretsmanager:GetSecretValue'],
      ['DecryptionFailure', 'kms:Decrypt'],
      ['InvalidRequestException', 'refused to read the secret'],
      ['UnrecognizedClientException', "check the connector's AWS credentials"],
    ] as const) {
      it(error, async () => {
        double.answer = () => ({ error, status: error === 'UnrecognizedClientException' ? 403 : 400 });
        const refused = await expectDomainError(store.resolve(reference, deadline()), { type: ConnectorMisconfigured, code: 'CONFIGURATION_ERROR', secret: API_KEY });
        expect(refused.message).to.contain(says);
        expect(refused.cause).to.equal(undefined);
      });
    }

    it('a version that does not exist (Secrets Manager answers ResourceNotFoundException)', async () => {
      await expectDomainError(store.resolve({ arn: SECRET_ARN, versionId: 'c'.repeat(40) }, deadline()), {
        type: ConnectorMisconfigured,
        code: 'CONFIGURATION_ERROR',
      });
    });
  });

  describe('answers IDENTITY_PROVIDER_UNAVAILABLE (retried by managed integrations) for what may pass', () => {
    for (const [what, answer] of [
      ['throttling', { error: 'ThrottlingException' }],
      ['an internal error', { error: 'InternalServiceError', status: 500 }],
      ['a 503 without a body it knows', { status: 503, body: 'Service Unavailable' }],
    ] as const) {
      it(what, async () => {
        double.answer = () => answer;
        await expectDomainError(store.resolve(reference, deadline()), { type: IdentityProviderUnavailable, code: 'IDENTITY_PROVIDER_UNAVAILABLE' });
      });
    }

    it('no answer within the deadline: the request is aborted when it runs out', async () => {
      double.answer = () => 'hang';
      const reading = store.resolve(reference, Deadline.in(800, clock));
      await until(() => double.reads.length === 1);
      clock.advance(800);
      const error = await expectDomainError(reading, { type: IdentityProviderUnavailable, code: 'IDENTITY_PROVIDER_UNAVAILABLE' });
      expect(error.message).to.contain('no answer within the deadline');
    });

    it('an endpoint that refuses connections', async () => {
      await double.close();
      await expectDomainError(store.resolve(reference, deadline()), { type: IdentityProviderUnavailable, code: 'IDENTITY_PROVIDER_UNAVAILABLE' });
    });

    it('an answer it cannot read, without quoting it (it may hold the secret)', async () => {
      double.answer = () => ({ status: 200, body: `{"SecretString": "${API_KEY}"` });
      const error = await expectDomainError(store.resolve(reference, deadline()), { type: IdentityProviderUnavailable, code: 'IDENTITY_PROVIDER_UNAVAILABLE', secret: API_KEY });
      expect(error.cause).to.equal(undefined);
    });

    it('and remembers none of these: the retry asks again', async () => {
      double.answer = () => ({ error: 'ThrottlingException' });
      await store.resolve(reference, deadline()).catch(() => undefined);
      double.answer = undefined;
      expect((await store.resolve(reference, deadline())).field('apiKey')?.reveal()).to.equal(API_KEY);
      expect(double.reads).to.have.length(2);
    });
  });

  it('a version that holds neither SecretString nor SecretBinary is CONFIGURATION_ERROR', async () => {
    double.answer = () => ({ status: 200, body: JSON.stringify({ ARN: SECRET_ARN, VersionId: SECRET_VERSION_ID }) });
    await expectDomainError(store.resolve(reference, deadline()), { type: ConnectorMisconfigured, code: 'CONFIGURATION_ERROR' });
  });
});

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const giveUpAt = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > giveUpAt) expect.fail('the expected request never came');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
