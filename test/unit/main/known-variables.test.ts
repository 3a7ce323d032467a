import { expect } from 'chai';
import { KNOWN_VARIABLES, loadConfig } from '#main/config/load-config.js';

/** Every configuration loadConfig distinguishes, so that every branch reads its variables. */
const CONFIGURATIONS: readonly Record<string, string>[] = [
  {
    C2C_JWKS_URI: 'https://idp.example.com/jwks',
    C2C_JWT_ISSUER: 'https://idp.example.com',
    C2C_JWT_AUDIENCE: 'connector',
    C2C_USERINFO_URL: 'https://idp.example.com/userinfo',
    C2C_REVOCATION_URL: 'https://idp.example.com/revoke',
    C2C_CLIENT_ID: 'client',
    C2C_CLIENT_SECRET: 'secret',
    C2C_AUTHORIZATION_URL: 'https://idp.example.com/authorize',
    C2C_TOKEN_URL: 'https://idp.example.com/token',
    C2C_CALLBACK_URL: 'https://link.example.com/oauth/callback',
    C2C_OAUTH_REDIRECT_URL: 'https://app.example.com/linked',
  },
  {
    C2C_USERINFO_URL: 'https://idp.example.com/userinfo',
    C2C_AUTHORIZATION_URL: 'https://idp.example.com/authorize',
    C2C_TOKEN_URL: 'https://idp.example.com/token',
    C2C_CLIENT_ID: 'client',
    C2C_CLIENT_SECRET: 'secret',
    C2C_CALLBACK_URL: 'https://link.example.com/oauth/callback',
    C2C_OAUTH_REDIRECT_URL: 'https://app.example.com/linked',
    C2C_DYNAMODB_ENDPOINT: 'aws',
    C2C_TOKEN_ENCRYPTION_KEY: 'k',
  },
];

describe('KNOWN_VARIABLES', () => {
  it('lists every variable loadConfig reads', () => {
    const read = new Set<string>();
    for (const values of CONFIGURATIONS) {
      const env = new Proxy(values, {
        get: (target, name) => {
          if (typeof name === 'string') read.add(name);
          return target[name as string];
        },
      });
      loadConfig(env);
    }
    expect([...read].filter((name) => !(KNOWN_VARIABLES as readonly string[]).includes(name))).to.deep.equal([]);
    expect([...read]).to.include.members(['C2C_REVOCATION_URL', 'C2C_DYNAMODB_TABLE', 'AWS_REGION', 'C2C_DATA_DIR']);
  });

  it('reads revocation without turning the linking flow on', () => {
    const config = loadConfig({
      C2C_USERINFO_URL: 'https://idp.example.com/userinfo',
      C2C_REVOCATION_URL: 'https://idp.example.com/revoke',
      C2C_CLIENT_ID: 'client',
      C2C_CLIENT_SECRET: 'secret',
    });
    expect(config.linking).to.equal(undefined);
    expect(config.revocation).to.deep.equal({
      revocationUrl: 'https://idp.example.com/revoke',
      clientId: 'client',
      clientSecret: 'secret',
      authScheme: 'HTTP_BASIC',
    });
  });

  it('names the client credentials revocation needs', () => {
    expect(() => loadConfig({ C2C_USERINFO_URL: 'https://idp.example.com/userinfo', C2C_REVOCATION_URL: 'https://idp.example.com/revoke' }))
      .to.throw(/C2C_CLIENT_ID[\s\S]*C2C_CLIENT_SECRET/);
  });

  const revocationEnv = {
    C2C_USERINFO_URL: 'https://idp.example.com/userinfo',
    C2C_REVOCATION_URL: 'https://idp.example.com/revoke',
    C2C_CLIENT_ID: 'linking-client',
    C2C_CLIENT_SECRET: 'linking-secret',
    C2C_TOKEN_AUTH_SCHEME: 'REQUEST_BODY_CREDENTIALS',
  };

  it('authenticates at the revocation endpoint as the linking client, with its scheme, by default', () => {
    expect(loadConfig(revocationEnv).revocation).to.deep.include({
      clientId: 'linking-client',
      clientSecret: 'linking-secret',
      authScheme: 'REQUEST_BODY_CREDENTIALS',
    });
  });

  it('takes the revocation client and scheme of their own variables, each one alone', () => {
    const own = { C2C_REVOCATION_CLIENT_ID: 'rev-client', C2C_REVOCATION_CLIENT_SECRET: 'rev-secret', C2C_REVOCATION_AUTH_SCHEME: 'HTTP_BASIC' };
    expect(loadConfig({ ...revocationEnv, ...own }).revocation).to.deep.include({ clientId: 'rev-client', clientSecret: 'rev-secret', authScheme: 'HTTP_BASIC' });
    expect(loadConfig({ ...revocationEnv, C2C_REVOCATION_AUTH_SCHEME: 'HTTP_BASIC' }).revocation).to.deep.include({
      clientId: 'linking-client',
      authScheme: 'HTTP_BASIC',
    });
    const withoutLinkingClient = { ...revocationEnv, C2C_CLIENT_ID: '', C2C_CLIENT_SECRET: '' };
    expect(loadConfig({ ...withoutLinkingClient, C2C_REVOCATION_CLIENT_ID: 'rev-client', C2C_REVOCATION_CLIENT_SECRET: 'rev-secret' }).revocation)
      .to.deep.include({ clientId: 'rev-client', clientSecret: 'rev-secret', authScheme: 'REQUEST_BODY_CREDENTIALS' });
  });

  it('names C2C_REVOCATION_AUTH_SCHEME when its value is not a scheme', () => {
    expect(() => loadConfig({ ...revocationEnv, C2C_REVOCATION_AUTH_SCHEME: 'PRIVATE_KEY_JWT' })).to.throw(
      /C2C_REVOCATION_AUTH_SCHEME: must be one of HTTP_BASIC, REQUEST_BODY_CREDENTIALS/,
    );
  });
});
