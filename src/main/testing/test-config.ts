import { randomBytes } from 'node:crypto';
import type { AppConfig } from '../config/app-config.js';
import { loadConfig } from '../config/load-config.js';

/**
 * A configuration for tests of your extensions: what you pass in `env` and nothing from `process.env`,
 * logging off (`LOG_LEVEL=silent`, since `loadConfig` reads only the variables it is given), and a token
 * encryption key made for this process. With your own identity sources registered, no built-in
 * variable is needed: `createConnector(testConfig(), { identitySources: { acme } })`.
 */
export function testConfig(env: Readonly<Record<string, string>> = {}): AppConfig {
  return loadConfig({ LOG_LEVEL: 'silent', C2C_TOKEN_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY, ...env });
}

const TEST_ENCRYPTION_KEY = randomBytes(32).toString('base64url');
