import { expect } from 'chai';
import { InMemoryAccountLinkRepository } from '#adapters/persistence/in-memory-account-link-repository.js';
import { ConfigurationError } from '#main/config/configuration-error.js';
import { loadConfig } from '#main/config/load-config.js';
import { createConnector } from '#main/create-connector.js';

const linkingEnv = {
  C2C_USERINFO_URL: 'https://idp.example.com/userinfo',
  C2C_AUTHORIZATION_URL: 'https://idp.example.com/authorize',
  C2C_TOKEN_URL: 'https://idp.example.com/token',
  C2C_CLIENT_ID: 'client',
  C2C_CLIENT_SECRET: 'client-secret',
  C2C_CALLBACK_URL: 'https://linking.example.com/oauth/callback',
  C2C_OAUTH_REDIRECT_URL: 'https://linking.example.com/app/linked',
};

async function statusOf(env: Record<string, string>, url: string): Promise<number> {
  const server = await createConnector(loadConfig({ LOG_LEVEL: 'silent', C2C_TOKEN_ENCRYPTION_KEY: 'a'.repeat(64), ...env }), {
    ports: { accountLinkRepository: new InMemoryAccountLinkRepository() },
  }).server();
  await server.ready();
  try {
    return (await server.app.inject({ method: 'GET', url })).statusCode;
  } finally {
    await server.close();
  }
}

describe('C2C_CUSTOMER_APP', () => {
  it('is off by default, and the example customer app is not served', async () => {
    expect(loadConfig(linkingEnv).customerApp).to.equal(false);
    expect(await statusOf(linkingEnv, '/app')).to.equal(404);
  });

  it('serves the example customer app next to the linking routes when true', async () => {
    const env = { ...linkingEnv, C2C_CUSTOMER_APP: 'true' };
    expect(loadConfig(env).customerApp).to.equal(true);
    expect(await statusOf(env, '/app')).to.equal(200);
    expect(await statusOf(env, '/app/linked')).to.equal(200);
  });

  it('is refused without the linking flow, and when not true or false', () => {
    for (const [env, problem] of [
      [{ C2C_USERINFO_URL: 'https://idp.example.com/userinfo', C2C_CUSTOMER_APP: 'true' }, 'needs the linking flow'],
      [{ ...linkingEnv, C2C_CUSTOMER_APP: 'yes' }, 'must be one of true, false'],
    ] as const) {
      expect(() => loadConfig(env)).to.throw(ConfigurationError, `C2C_CUSTOMER_APP: ${problem}`);
    }
  });
});
