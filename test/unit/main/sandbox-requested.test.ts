import { expect } from 'chai';
import { PLATFORM_VARIABLES, sandboxRequested } from '#main/sandbox/sandbox-requested.js';

describe('sandboxRequested', () => {
  it('is true with no C2C_ variable, or only ones that apply to the sandbox too', () => {
    expect(sandboxRequested({})).to.equal(true);
    expect(
      sandboxRequested({ PORT: '0', HOME: '/root', C2C_DATA_DIR: '/tmp/x', C2C_CONNECTOR_ID: 'c-1', C2C_DEADLINE_MS: '900', C2C_USERINFO_URL: '  ' }),
    ).to.equal(true);
  });

  it('is false as soon as any identity or linking variable is set', () => {
    for (const name of ['C2C_JWKS_URI', 'C2C_USERINFO_URL', 'C2C_AUTHORIZATION_URL', 'C2C_CLIENT_ID', 'C2C_OAUTH_REDIRECT_URL', 'C2C_CONNECTOR_URL']) {
      expect(PLATFORM_VARIABLES, name).to.include(name);
      expect(sandboxRequested({ [name]: 'x' }), name).to.equal(false);
    }
  });
});
