import type { Env } from '../config/env-reader.js';

/**
 * The variables that point the service at a real platform: the connector's identity sources (DESIGN §2)
 * and the linking flow's authorization server and URLs (DESIGN §4). Storage, deadlines, the connector id
 * and PORT are not among them: they apply to the sandbox too.
 */
export const PLATFORM_VARIABLES: readonly string[] = [
  'C2C_IDENTITY_SOURCES',
  'C2C_JWT_ISSUER',
  'C2C_JWT_AUDIENCE',
  'C2C_JWKS_URI',
  'C2C_JWT_ALGORITHMS',
  'C2C_JWT_CLOCK_TOLERANCE_S',
  'C2C_USERINFO_URL',
  'C2C_USER_ID_CLAIM',
  'C2C_JWT_ISSUERS',
  'C2C_JWT_ISSUERS_FILE',
  'C2C_PROVIDER_PROFILE',
  'C2C_INTROSPECTION_URL',
  'C2C_REVOCATION_URL',
  'C2C_AUTHORIZATION_URL',
  'C2C_TOKEN_URL',
  'C2C_CLIENT_ID',
  'C2C_CLIENT_SECRET',
  'C2C_SCOPE',
  'C2C_TOKEN_AUTH_SCHEME',
  'C2C_CALLBACK_URL',
  'C2C_OAUTH_REDIRECT_URL',
  'C2C_CONNECTOR_URL',
];

/** `npm start` with none of the platform variables set runs the sandbox instead of failing for want of them. */
export function sandboxRequested(env: Env): boolean {
  return PLATFORM_VARIABLES.every((name) => (env[name]?.trim() ?? '') === '');
}
