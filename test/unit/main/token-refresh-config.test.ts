import { expect } from 'chai';
import { ConfigurationError } from '#main/config/configuration-error.js';
import { loadConfig } from '#main/config/load-config.js';

const linkingEnv = {
  C2C_USERINFO_URL: 'https://idp.example.com/userinfo',
  C2C_AUTHORIZATION_URL: 'https://idp.example.com/authorize',
  C2C_TOKEN_URL: 'https://idp.example.com/token',
  C2C_CLIENT_ID: 'client-1',
  C2C_CLIENT_SECRET: 'secret-1',
  C2C_CALLBACK_URL: 'https://link.example.com/oauth/callback',
  C2C_OAUTH_REDIRECT_URL: 'https://app.example.com/linked',
  C2C_DYNAMODB_ENDPOINT: 'aws',
  C2C_TOKEN_ENCRYPTION_KEY: 'a'.repeat(64),
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).to.be.instanceOf(ConfigurationError);
    return (error as ConfigurationError).problems.map((p) => p.variable);
  }
  expect.fail('loadConfig accepted the environment');
}

describe('loadConfig: when the linking flow renews tokens', () => {
  it('renews access tokens that expire within 60 seconds, and nothing proactively, by default', () => {
    expect(loadConfig(linkingEnv).linking?.tokenRefresh).to.deep.equal({ marginMs: 60_000, proactiveRenewal: undefined });
  });

  it('reads C2C_TOKEN_REFRESH_MARGIN_S and proactive renewal (DaysBeforeRenewal: 30 at least)', () => {
    const config = loadConfig({ ...linkingEnv, C2C_TOKEN_REFRESH_MARGIN_S: '0', C2C_PROACTIVE_RENEWAL: 'true', C2C_PROACTIVE_RENEWAL_DAYS: '45' });
    expect(config.linking?.tokenRefresh).to.deep.equal({ marginMs: 0, proactiveRenewal: { daysBeforeRenewal: 45 } });
    expect(loadConfig({ ...linkingEnv, C2C_PROACTIVE_RENEWAL: 'true' }).linking?.tokenRefresh.proactiveRenewal).to.deep.equal({ daysBeforeRenewal: 30 });
  });

  it('fails at start-up naming the variable that is wrong', () => {
    expect(problemsOf({ ...linkingEnv, C2C_TOKEN_REFRESH_MARGIN_S: '-1' })).to.deep.equal(['C2C_TOKEN_REFRESH_MARGIN_S']);
    expect(problemsOf({ ...linkingEnv, C2C_PROACTIVE_RENEWAL: 'true', C2C_PROACTIVE_RENEWAL_DAYS: '29' })).to.deep.equal(['C2C_PROACTIVE_RENEWAL_DAYS']);
    expect(problemsOf({ ...linkingEnv, C2C_PROACTIVE_RENEWAL_DAYS: '40' })).to.deep.equal(['C2C_PROACTIVE_RENEWAL_DAYS']);
    expect(problemsOf({ ...linkingEnv, C2C_PROACTIVE_RENEWAL: 'sometimes' })).to.deep.equal(['C2C_PROACTIVE_RENEWAL']);
  });
});
