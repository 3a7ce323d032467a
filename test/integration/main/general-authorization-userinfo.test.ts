import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { ConfigurationError } from '#main/config/configuration-error.js';
import { loadConfig } from '#main/config/load-config.js';
import { sendJson, startLoopbackServer, type LoopbackServer } from '#main/testing/index.js';
import { connectorFor } from '../../support/connector-world.js';
import { generalAuthorizationEnvelope, SECRET_ARN, SECRET_VERSION_ID } from '../../support/envelopes.js';

const API_KEY = 'ak-userinfo-7d1c0b93e5';

describe('General Authorization through the built-in userinfo source (C2C_USERINFO_CREDENTIAL_HEADER)', () => {
  let profile: LoopbackServer;
  const folder = mkdtempSync(join(tmpdir(), 'c2c-general-userinfo-'));
  const secretsFile = join(folder, 'secrets.json');

  before(async () => {
    // A vendor profile endpoint that takes either a bearer token or an API key in X-Api-Key.
    profile = await startLoopbackServer((request, response) => {
      if (request.headers['x-api-key'] === API_KEY) return sendJson(response, 200, { sub: 'acct-40017', name: 'Ann' });
      if (request.headers['authorization'] === 'Bearer opaque-oauth-token') return sendJson(response, 200, { sub: 'acct-40018' });
      return sendJson(response, 401, { error: 'invalid_token' });
    });
    writeFileSync(secretsFile, JSON.stringify({ [SECRET_ARN]: { [SECRET_VERSION_ID]: { apiKey: API_KEY, key: 'other-field-value' } } }));
  });

  after(async () => {
    await profile.close();
    rmSync(folder, { recursive: true, force: true });
  });

  const env = (extra: Readonly<Record<string, string>> = {}) => ({
    C2C_USERINFO_URL: `${profile.url}/me`,
    C2C_USERINFO_CREDENTIAL_HEADER: 'X-Api-Key',
    C2C_LOCAL_SECRETS_FILE: secretsFile,
    ...extra,
  });

  it('calls the endpoint with the secret\'s apiKey in the configured header and activates the account it names', async () => {
    const { handler, log } = connectorFor(env());

    const answer = await handler(generalAuthorizationEnvelope());

    expect(answer).to.deep.equal({
      header: { responseCode: 200 },
      payload: { responseMessage: 'Successfully activated user with connector-id connector-1.', userId: 'acct-40017' },
    });
    const request = profile.requests.at(-1);
    expect(request?.headers['x-api-key']).to.equal(API_KEY);
    expect(request?.headers['authorization']).to.equal(undefined);
    expect(log.lines.join('\n')).to.not.contain(API_KEY);
  });

  it('reads the field C2C_USERINFO_CREDENTIAL_FIELD names, and declines a key the endpoint refuses', async () => {
    const { handler } = connectorFor(env({ C2C_USERINFO_CREDENTIAL_FIELD: 'key' }));

    const answer = await handler(generalAuthorizationEnvelope());

    expect(answer.header.responseCode).to.equal(401);
    expect(answer.payload).to.include({ errorCode: 'INVALID_TOKEN' });
    expect(answer.payload.responseMessage).to.contain('userinfo: the authorization server rejected the credential (userinfo answered HTTP 401)');
    expect(JSON.stringify(answer)).to.not.contain('other-field-value');
    expect(profile.requests.at(-1)?.headers['x-api-key']).to.equal('other-field-value');
  });

  it('keeps answering OAuth requests with the bearer token as before', async () => {
    const { handler } = connectorFor(env());
    const answer = await handler({
      header: { auth: { token: 'opaque-oauth-token', type: 'OAuth2.0' } },
      payload: { operationName: 'AWS.ActivateUser', operationVersion: '1.0.0', connectorId: 'connector-1' },
    });
    expect(answer.payload).to.include({ userId: 'acct-40018' });
  });

  it('without C2C_USERINFO_CREDENTIAL_HEADER, answers General Authorization CONFIGURATION_ERROR: no source takes credentials', async () => {
    const { handler } = connectorFor({ C2C_USERINFO_URL: `${profile.url}/me`, C2C_LOCAL_SECRETS_FILE: secretsFile });
    const answer = await handler(generalAuthorizationEnvelope());
    expect(answer.header.responseCode).to.equal(500);
    expect(answer.payload).to.include({ errorCode: 'CONFIGURATION_ERROR' });
  });

  it('refuses at start a header name that is not one, and a field without a header', () => {
    const problems = (extra: Readonly<Record<string, string>>) => {
      try {
        loadConfig({ C2C_USERINFO_URL: 'https://idp.example.com/me', ...extra });
      } catch (error) {
        return (error as ConfigurationError).problems.map((p) => p.variable);
      }
      return [];
    };
    expect(problems({ C2C_USERINFO_CREDENTIAL_HEADER: 'X Api Key' })).to.deep.equal(['C2C_USERINFO_CREDENTIAL_HEADER']);
    expect(problems({ C2C_USERINFO_CREDENTIAL_FIELD: 'apiKey' })).to.deep.equal(['C2C_USERINFO_CREDENTIAL_FIELD']);
  });
});
