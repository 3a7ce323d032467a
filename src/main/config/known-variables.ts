/**
 * Every environment variable `loadConfig` reads. Deploy templates are checked against this list, so a
 * misspelt variable fails a test instead of being silently ignored; add a name here when loadConfig reads it.
 */
export const KNOWN_VARIABLES = [
  'AWS_REGION',
  'HOST',
  'PORT',
  'C2C_AUTHORIZATION_URL',
  'C2C_CALLBACK_URL',
  'C2C_CLIENT_ID',
  'C2C_CLIENT_SECRET',
  'C2C_CONNECTOR_ID',
  'C2C_CONNECTOR_URL',
  'C2C_DATA_DIR',
  'C2C_DEADLINE_MS',
  'C2C_DYNAMODB_ENDPOINT',
  'C2C_DYNAMODB_TABLE',
  'C2C_IDENTITY_SOURCES',
  'C2C_JWKS_URI',
  'C2C_JWT_ALGORITHMS',
  'C2C_JWT_AUDIENCE',
  'C2C_JWT_CLOCK_TOLERANCE_S',
  'C2C_JWT_ISSUER',
  'C2C_LINKING_DEADLINE_MS',
  'C2C_OAUTH_REDIRECT_URL',
  'C2C_PENDING_TTL_S',
  'C2C_REVOCATION_URL',
  'C2C_SCOPE',
  'C2C_TOKEN_AUTH_SCHEME',
  'C2C_TOKEN_ENCRYPTION_KEY',
  'C2C_TOKEN_URL',
  'C2C_USERINFO_URL',
  'C2C_USER_ID_CLAIM',
] as const;

export type KnownVariable = (typeof KNOWN_VARIABLES)[number];
