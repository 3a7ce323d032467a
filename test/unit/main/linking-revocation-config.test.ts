import { expect } from 'chai';
import { ConfigurationError } from '#main/config/configuration-error.js';
import { loadConfig } from '#main/config/load-config.js';

const linkingEnv = {
  C2C_USERINFO_URL: 'https://idp.example.com/userinfo',
  C2C_AUTHORIZATION_URL: 'https://idp.example.com/authorize',
  C2C_TOKEN_URL: 'https://idp.example.com/token',
  C2C_CLIENT_ID: 'linking-client',
  C2C_CLIENT_SECRET: 'linking-secret',
  C2C_TOKEN_AUTH_SCHEME: 'REQUEST_BODY_CREDENTIALS',
  C2C_CALLBACK_URL: 'https://link.example.com/oauth/callback',
  C2C_OAUTH_REDIRECT_URL: 'https://app.example.com/linked',
};
const linkingClient = { clientId: 'linking-client', clientSecret: 'linking-secret', authScheme: 'REQUEST_BODY_CREDENTIALS' };

describe('loadConfig: where the linking flow revokes the tokens it does not keep', () => {
  it('nowhere without a revocation endpoint', () => {
    expect(loadConfig(linkingEnv).linking?.revocation).to.equal(undefined);
  });

  it('at C2C_REVOCATION_URL by default, always as the linking client, even when the connector revokes as another', () => {
    const config = loadConfig({
      ...linkingEnv,
      C2C_REVOCATION_URL: 'https://idp.example.com/revoke',
      C2C_REVOCATION_CLIENT_ID: 'connector-client',
      C2C_REVOCATION_CLIENT_SECRET: 'connector-secret',
    });
    expect(config.linking?.revocation).to.deep.equal({
      revocationUrl: 'https://idp.example.com/revoke',
      ...linkingClient,
      configuredBy: { urlVariable: 'C2C_REVOCATION_URL', clientVariables: 'C2C_CLIENT_ID, C2C_CLIENT_SECRET and C2C_TOKEN_AUTH_SCHEME' },
    });
    expect(config.revocation?.clientId).to.equal('connector-client');
  });

  it('at C2C_LINKING_REVOCATION_URL when set, which does not turn the connector\'s revocation on', () => {
    const config = loadConfig({ ...linkingEnv, C2C_LINKING_REVOCATION_URL: 'https://idp.example.com/oauth/revoke' });
    expect(config.linking?.revocation).to.deep.include({
      revocationUrl: 'https://idp.example.com/oauth/revoke',
      configuredBy: { urlVariable: 'C2C_LINKING_REVOCATION_URL', clientVariables: 'C2C_CLIENT_ID, C2C_CLIENT_SECRET and C2C_TOKEN_AUTH_SCHEME' },
    });
    expect(config.revocation).to.equal(undefined);
  });

  it('refuses a C2C_LINKING_REVOCATION_URL that is no https URL, naming it', () => {
    let problems: string[] = [];
    try {
      loadConfig({ ...linkingEnv, C2C_LINKING_REVOCATION_URL: 'http://idp.example.com/revoke' });
    } catch (error) {
      expect(error).to.be.instanceOf(ConfigurationError);
      problems = (error as ConfigurationError).problems.map((p) => p.variable);
    }
    expect(problems).to.deep.equal(['C2C_LINKING_REVOCATION_URL']);
  });
});
