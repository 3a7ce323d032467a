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
});
