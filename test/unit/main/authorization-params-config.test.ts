import { expect } from 'chai';
import { ConfigurationError } from '#main/config/configuration-error.js';
import { loadConfig } from '#main/config/load-config.js';

const linkingEnv = {
  C2C_USERINFO_URL: 'https://idp.example.com/userinfo',
  C2C_AUTHORIZATION_URL: 'https://idp.example.com/authorize',
  C2C_TOKEN_URL: 'https://idp.example.com/token',
  C2C_CLIENT_ID: 'client-1',
  C2C_CLIENT_SECRET: 'secret',
  C2C_CALLBACK_URL: 'https://link.example.com/oauth/callback',
  C2C_OAUTH_REDIRECT_URL: 'https://app.example.com/linked',
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).to.be.instanceOf(ConfigurationError);
    return (error as ConfigurationError).problems.map((p) => `${p.variable}: ${p.problem}`);
  }
  expect.fail('loadConfig accepted the environment');
}

describe('loadConfig: C2C_AUTHORIZATION_PARAMS and the ID token check', () => {
  it('reads URL-encoded pairs, in order, a name repeated, + and %20 as spaces', () => {
    const config = loadConfig({
      ...linkingEnv,
      C2C_AUTHORIZATION_PARAMS: 'prompt=consent&audience=api&resource=https%3A%2F%2Fa.example&resource=urn:b&acr_values=gold+silver%20bronze',
    });
    expect(config.linking?.authorization.additionalParameters).to.deep.equal([
      ['prompt', 'consent'],
      ['audience', 'api'],
      ['resource', 'https://a.example'],
      ['resource', 'urn:b'],
      ['acr_values', 'gold silver bronze'],
    ]);
  });

  it('adds nothing when unset', () => {
    expect(loadConfig(linkingEnv).linking?.authorization.additionalParameters).to.deep.equal([]);
  });

  for (const name of ['state', 'code_challenge', 'code_challenge_method', 'redirect_uri', 'client_id', 'response_type', 'nonce', 'scope', 'State', 'request', 'request_uri', 'response_mode']) {
    it(`refuses to set ${name}, naming the variable`, () => {
      const problems = problemsOf({ ...linkingEnv, C2C_AUTHORIZATION_PARAMS: `prompt=consent&${name}=x` });
      expect(problems).to.have.length(1);
      expect(problems[0]).to.match(new RegExp(`^C2C_AUTHORIZATION_PARAMS: must not set ${name}: it `));
    });
  }

  it('sends scope to C2C_SCOPE', () => {
    expect(problemsOf({ ...linkingEnv, C2C_AUTHORIZATION_PARAMS: 'scope=openid' })).to.deep.equal([
      'C2C_AUTHORIZATION_PARAMS: must not set scope: it is set from C2C_SCOPE',
    ]);
  });

  const malformed: [string, RegExp][] = [
    ['prompt', /pair 1 has no "="/],
    ['prompt=v4lue&&audience=api', /pair 2 is empty/],
    ['prompt=v4lue&', /pair 2 is empty/],
    ['=v4lue', /pair 1 has a name that is not/],
    ['prompt=', /pair 1 gives prompt no value/],
    ['prompt=v4lue v4lue', /pair 1 holds white space/],
    ['audience=v4lue%zz', /pair 1 is not valid percent-encoding/],
    ['pro%0Ampt=v4lue', /pair 1 has a name that is not/],
    ['prompt=v4lue%0Dv4lue', /pair 1 gives prompt a value with a control character/],
  ];
  for (const [value, problem] of malformed) {
    it(`refuses the malformed value ${JSON.stringify(value)}, never quoting a value`, () => {
      const problems = problemsOf({ ...linkingEnv, C2C_AUTHORIZATION_PARAMS: value });
      expect(problems).to.have.length(1);
      expect(problems[0]).to.match(/^C2C_AUTHORIZATION_PARAMS: /).and.match(problem);
      expect(problems[0]).to.not.include('v4lue');
    });
  }

  it('refuses a parameter the flow owns in the query of C2C_AUTHORIZATION_URL, which used to be replaced silently', () => {
    expect(problemsOf({ ...linkingEnv, C2C_AUTHORIZATION_URL: 'https://idp.example.com/authorize?prompt=consent&scope=x&state=y' })).to.deep.equal([
      'C2C_AUTHORIZATION_URL: must not have scope in its query: it is set from C2C_SCOPE',
      'C2C_AUTHORIZATION_URL: must not have state in its query: it is set by the linking flow for each round trip',
    ]);
    expect(loadConfig({ ...linkingEnv, C2C_AUTHORIZATION_URL: 'https://idp.example.com/authorize?prompt=consent' }).linking).to.not.equal(undefined);
  });

  it('checks ID tokens when C2C_OIDC_ISSUER is set: our client id as audience, the key set configured or left to discovery', () => {
    expect(loadConfig(linkingEnv).linking?.idToken).to.equal(undefined);
    expect(loadConfig({ ...linkingEnv, C2C_OIDC_ISSUER: 'https://idp.example.com' }).linking?.idToken).to.deep.equal({
      issuer: 'https://idp.example.com',
      clientId: 'client-1',
      jwksUri: undefined,
    });
    const withKeys = loadConfig({ ...linkingEnv, C2C_OIDC_ISSUER: 'https://idp.example.com', C2C_OIDC_JWKS_URI: 'https://idp.example.com/keys' });
    expect(withKeys.linking?.idToken?.jwksUri).to.equal('https://idp.example.com/keys');
  });

  it('names what is wrong with the ID token variables', () => {
    expect(problemsOf({ ...linkingEnv, C2C_OIDC_JWKS_URI: 'https://idp.example.com/keys' })).to.deep.equal([
      'C2C_OIDC_JWKS_URI: needs C2C_OIDC_ISSUER, the "iss" the ID tokens verified with its keys must carry',
    ]);
    expect(problemsOf({ ...linkingEnv, C2C_OIDC_ISSUER: 'http://idp.example.com' })).to.deep.equal([
      'C2C_OIDC_ISSUER: must be an https URL (plain http is accepted only on localhost)',
    ]);
    expect(problemsOf({ ...linkingEnv, C2C_OIDC_ISSUER: 'https://idp.example.com/?tenant=1' })).to.deep.equal([
      'C2C_OIDC_ISSUER: must have no query or fragment (OpenID Connect Discovery 1.0 §2)',
    ]);
    expect(problemsOf({ ...linkingEnv, C2C_OIDC_ISSUER: 'https://idp.example.com', C2C_OIDC_JWKS_URI: 'ftp://idp.example.com/keys' })).to.deep.equal([
      'C2C_OIDC_JWKS_URI: must be an https URL (plain http is accepted only on localhost)',
    ]);
  });

  it('refuses the variables without the linking flow rather than ignore them', () => {
    const problems = problemsOf({
      C2C_USERINFO_URL: 'https://idp.example.com/userinfo',
      C2C_AUTHORIZATION_PARAMS: 'prompt=consent',
      C2C_OIDC_ISSUER: 'https://idp.example.com',
    });
    expect(problems).to.deep.equal([
      'C2C_AUTHORIZATION_PARAMS: needs the linking flow: set C2C_AUTHORIZATION_URL and the other linking variables',
      'C2C_OIDC_ISSUER: needs the linking flow: set C2C_AUTHORIZATION_URL and the other linking variables',
    ]);
  });
});
