import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import type { ConnectorResult, IdentifiedRequest, SecretCredential } from '#application/connector-request.js';
import type { Deadline } from '#application/deadline.js';
import type { AccountLinkRepository } from '#application/ports/account-link-repository.js';
import type { IdentityOutcome, IdentitySource } from '#application/ports/identity-source.js';
import type { UserOperationHandler } from '#application/user-operation-handler.js';
import { IdentityProviderUnavailable } from '#domain/errors/identity-provider-unavailable.js';
import type { UserIdentity } from '#domain/user-identity.js';
import { InMemoryAccountLinkRepository, sendJson, startLoopbackServer, stubTokenRevoker, type LoopbackServer } from '#main/testing/index.js';
import { TOKENS } from '#main/tokens.js';
import { aSucceededLink } from '../../support/account-links.js';
import { connectorFor, settle, type ConnectorUnderTest } from '../../support/connector-world.js';
import { activateUserEnvelope, generalAuthorizationEnvelope, SECRET_ARN, SECRET_VERSION_ID } from '../../support/envelopes.js';
import { startSecretsManagerDouble, type SecretsManagerDouble } from '../../support/secrets-manager-double.js';

const API_KEY = 'ak-live-5f0e2d9b71c4';
const SECRET_STRING = JSON.stringify({ apiKey: API_KEY, note: 'the whole secret, never to be shown' });

/**
 * A platform that authenticates with an API key, as an embedding team registers it: the profile endpoint
 * names the account the key belongs to.
 */
class AcmeApiKeySource implements IdentitySource {
  constructor(private readonly platformUrl: string) {}

  async identify(): Promise<IdentityOutcome> {
    return { recognised: false, reason: 'Acme authenticates with API keys, not tokens' };
  }

  async identifyCredential(credential: SecretCredential, deadline: Deadline): Promise<IdentityOutcome> {
    const apiKey = credential.secret.field('apiKey');
    if (apiKey === undefined) return { recognised: false, reason: 'the secret has no apiKey' };
    const response = await fetch(`${this.platformUrl}/v1/profile`, { headers: { 'x-api-key': apiKey.reveal() }, signal: deadline.signal });
    if (response.status === 401) return { recognised: false, reason: 'Acme does not know this API key' };
    if (!response.ok) throw new IdentityProviderUnavailable(`Acme answered HTTP ${response.status}.`);
    const { accountId } = (await response.json()) as { accountId: string };
    return { recognised: true, claims: { userId: `acme.${accountId}`, issuer: 'https://api.acme.example', subject: accountId, source: 'acme' } };
  }
}

/** `AWS.SendCommand` sent to the platform with the user's own credential, whichever kind it is. */
class SendCommandHandler implements UserOperationHandler {
  readonly operationName = 'AWS.SendCommand';

  constructor(private readonly platformUrl: string) {}

  async handle(request: IdentifiedRequest, identity: UserIdentity, deadline: Deadline): Promise<ConnectorResult> {
    const { auth } = request;
    const headers: Record<string, string> =
      auth.type === 'GeneralAuthorization' ? { 'x-api-key': auth.secret.field('apiKey')?.reveal() ?? '' } : { authorization: `Bearer ${auth.token.reveal()}` };
    const response = await fetch(`${this.platformUrl}/v1/devices/${String(request.payload['deviceId'])}/commands`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ account: identity.subject, command: request.payload['command'] }),
      signal: deadline.signal,
    });
    if (!response.ok) throw new IdentityProviderUnavailable(`Acme answered HTTP ${response.status}.`);
    return { responseMessage: 'Command sent.', userId: identity.userId };
  }
}

describe('General Authorization through createConnector (the secret read, the user identified with it)', () => {
  let platform: LoopbackServer;
  let secretsManager: SecretsManagerDouble;
  const folder = mkdtempSync(join(tmpdir(), 'c2c-general-'));
  const secretsFile = join(folder, 'secrets.json');
  const answers: unknown[] = [];

  before(async () => {
    platform = await startLoopbackServer((request, response) => {
      if (request.headers['x-api-key'] !== API_KEY) return sendJson(response, 401, { message: 'unknown key' });
      if (request.url === '/v1/profile') return sendJson(response, 200, { accountId: '40017' });
      return sendJson(response, 202, { accepted: true });
    });
    secretsManager = await startSecretsManagerDouble({ [SECRET_ARN]: { [SECRET_VERSION_ID]: SECRET_STRING } });
    writeFileSync(secretsFile, JSON.stringify({ [SECRET_ARN]: { [SECRET_VERSION_ID]: JSON.parse(SECRET_STRING) as object } }));
  });

  after(async () => {
    await platform.close();
    await secretsManager.close();
    rmSync(folder, { recursive: true, force: true });
  });

  beforeEach(() => {
    platform.requests.length = 0;
    secretsManager.requests.length = 0;
    secretsManager.reads.length = 0;
    secretsManager.answer = undefined;
  });

  function connector(env: Readonly<Record<string, string>>, extensions: Parameters<typeof connectorFor>[1] = {}): ConnectorUnderTest {
    const made = connectorFor(
      { C2C_IDENTITY_SOURCES: 'acme', ...env },
      { identitySources: { acme: new AcmeApiKeySource(platform.url) }, operations: [new SendCommandHandler(platform.url)], ...extensions },
    );
    connectors.push(made);
    return made;
  }
  const connectors: ConnectorUnderTest[] = [];

  async function invoke(under: ConnectorUnderTest, envelope: Record<string, unknown>): Promise<Record<string, unknown>> {
    const { envelope: answer, thrown } = await settle(under.handler(envelope));
    answers.push(answer ?? thrown?.message, thrown?.name);
    if (thrown !== undefined) throw thrown;
    return answer as Record<string, unknown>;
  }

  it('answers AWS.ActivateUser with the userId of the account the API key in the secret belongs to (local secret store)', async () => {
    const under = connector({ C2C_LOCAL_SECRETS_FILE: secretsFile });

    expect(await invoke(under, generalAuthorizationEnvelope())).to.deep.equal({
      header: { responseCode: 200 },
      payload: { responseMessage: 'Successfully activated user with connector-id connector-1.', userId: 'acme.40017' },
    });
    expect(platform.requests.map((request) => [request.url, request.headers['x-api-key']])).to.deep.equal([['/v1/profile', API_KEY]]);
  });

  it('reads the secret from Secrets Manager by default (the SDK loaded on first use, at C2C_SECRETS_MANAGER_ENDPOINT), and answers the retries from memory', async () => {
    const under = connector({ C2C_SECRETS_MANAGER_ENDPOINT: secretsManager.url });

    for (let attempt = 0; attempt < 3; attempt += 1) {
      expect(await invoke(under, generalAuthorizationEnvelope())).to.have.nested.property('payload.userId', 'acme.40017');
    }

    expect(secretsManager.reads).to.deep.equal([{ SecretId: SECRET_ARN, VersionId: SECRET_VERSION_ID }]);
    expect(platform.requests).to.have.length(1);
    const lines = under.log.entries();
    expect(lines.map((line) => line['cacheHit'])).to.deep.equal([false, true, true]);
    expect(lines[0]).to.include({ operation: 'AWS.ActivateUser', outcome: 'success', identitySource: 'acme' });
  });

  it('runs a registered operation with the credential: the handler calls the platform with the API key of the secret', async () => {
    const under = connector({ C2C_LOCAL_SECRETS_FILE: secretsFile });
    const envelope = generalAuthorizationEnvelope({ operationName: 'AWS.SendCommand', payload: { deviceId: 'lamp-1', command: 'turn-on' } });

    expect(await invoke(under, envelope)).to.deep.equal({ header: { responseCode: 200 }, payload: { responseMessage: 'Command sent.', userId: 'acme.40017' } });

    const command = platform.requests.find((request) => request.url === '/v1/devices/lamp-1/commands');
    expect(command?.headers['x-api-key']).to.equal(API_KEY);
    expect(JSON.parse(command?.body ?? '{}')).to.deep.equal({ account: '40017', command: 'turn-on' });
  });

  it("answers AWS.DeactivateUser with 200, removing the user's link and forgetting the identity, so that a new activation asks the platform again", async () => {
    const links = new InMemoryAccountLinkRepository();
    const under = connector(
      { C2C_LOCAL_SECRETS_FILE: secretsFile, C2C_TOKEN_ENCRYPTION_KEY: 'c'.repeat(64) },
      { ports: { accountLinkRepository: links, tokenRevoker: stubTokenRevoker() } },
    );
    const link = aSucceededLink({ userId: 'acme.40017' });
    await under.container.get<AccountLinkRepository>(TOKENS.AccountLinkRepository).create(link);
    await invoke(under, generalAuthorizationEnvelope());
    expect(platform.requests).to.have.length(1);

    expect(await invoke(under, generalAuthorizationEnvelope({ operationName: 'AWS.DeactivateUser' }))).to.deep.equal({
      header: { responseCode: 200 },
      payload: { responseMessage: 'Successfully deactivated user with connector-id connector-1.' },
    });

    expect(await links.findById(link.associationId)).to.equal(undefined);
    // The deactivation itself was identified from the cache; the activation after it is not.
    expect(platform.requests).to.have.length(1);
    await invoke(under, generalAuthorizationEnvelope());
    expect(platform.requests).to.have.length(2);
  });

  it('refuses a malformed secret reference with 400 INVALID_REQUEST, reading no secret', async () => {
    const under = connector({ C2C_SECRETS_MANAGER_ENDPOINT: secretsManager.url });
    for (const envelope of [generalAuthorizationEnvelope({ arn: 'arn:aws:secretsmanager:us-east-1:1:secret:x' }), generalAuthorizationEnvelope({ versionId: 'v1' })]) {
      expect(await invoke(under, envelope)).to.have.nested.property('payload.errorCode', 'INVALID_REQUEST');
    }
    expect(secretsManager.requests).to.have.length(0);
  });

  it('answers 500 CONFIGURATION_ERROR, without throwing, for a secret the connector may not read, or when no source takes credentials', async () => {
    secretsManager.answer = () => ({ error: 'AccessDeniedException' });
    const denied = await invoke(connector({ C2C_SECRETS_MANAGER_ENDPOINT: secretsManager.url }), generalAuthorizationEnvelope());
    expect(denied).to.deep.include({ header: { responseCode: 500 } });
    expect(denied).to.have.nested.property('payload.errorCode', 'CONFIGURATION_ERROR');

    const oauthOnly = connectorFor({ C2C_IDENTITY_SOURCES: 'plain', C2C_LOCAL_SECRETS_FILE: secretsFile }, {
      identitySources: { plain: { identify: () => Promise.resolve({ recognised: false, reason: 'no' }) } },
    });
    connectors.push(oauthOnly);
    const answer = await invoke(oauthOnly, generalAuthorizationEnvelope());
    expect(answer).to.have.nested.property('payload.errorCode', 'CONFIGURATION_ERROR');
    expect(answer).to.have.nested.property('payload.responseMessage').that.contains('General Authorization');
  });

  it('throws IDENTITY_PROVIDER_UNAVAILABLE from the Lambda handler when Secrets Manager throttles, so that managed integrations retries', async () => {
    secretsManager.answer = () => ({ error: 'ThrottlingException' });
    const under = connector({ C2C_SECRETS_MANAGER_ENDPOINT: secretsManager.url });
    const { thrown } = await settle(invoke(under, generalAuthorizationEnvelope()));
    expect(thrown?.name).to.equal('IDENTITY_PROVIDER_UNAVAILABLE');
  });

  it('keeps OAuth2.0 requests as they were: the token goes to identify, and no secret is read', async () => {
    const under = connector({ C2C_SECRETS_MANAGER_ENDPOINT: secretsManager.url });
    const answer = await invoke(under, activateUserEnvelope('a-bearer-token'));
    expect(answer).to.have.nested.property('payload.errorCode', 'INVALID_TOKEN');
    expect(answer).to.have.nested.property('payload.responseMessage').that.contains('acme: Acme authenticates with API keys, not tokens');
    expect(secretsManager.requests).to.have.length(0);
  });

  it('never writes the secret, or its API key, into a log line, an answer or a thrown error', () => {
    const lines = connectors.flatMap((made) => made.log.lines);
    expect(lines.length).to.be.at.least(12);
    for (const text of [...lines, ...answers.map((answer) => JSON.stringify(answer ?? null))]) {
      expect(text).not.to.contain(API_KEY);
      expect(text).not.to.contain('never to be shown');
    }
  });
});
