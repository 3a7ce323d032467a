/**
 * Every environment variable the service reads, once. `KNOWN_VARIABLES`, the sandbox trigger, the
 * EnvReader's accepted names (a misspelt read does not compile) and the README and template checks all
 * derive from this table; add a variable here before reading it.
 *
 * `platform`: the variable points the service at a real platform (an identity source, the linking flow's
 * authorization server or URLs). `npm start` with none of those set runs the sandbox. Storage, deadlines,
 * the connector id and PORT are not platform variables: they apply to the sandbox too.
 */
const VARIABLES = {
  AWS_REGION: { platform: false },
  HOST: { platform: false },
  LOG_LEVEL: { platform: false },
  PORT: { platform: false },
  C2C_ALLOW_EMAIL_USER_ID: { platform: false },
  C2C_AUTHORIZATION_PARAMS: { platform: true },
  C2C_AUTHORIZATION_URL: { platform: true },
  C2C_CACHE_MAX_ENTRIES: { platform: false },
  C2C_CACHE_TTL_S: { platform: false },
  C2C_CALLBACK_URL: { platform: true },
  C2C_CLIENT_ID: { platform: true },
  C2C_CLIENT_SECRET: { platform: true },
  C2C_CONNECTOR_ID: { platform: false },
  C2C_CONNECTOR_URL: { platform: true },
  C2C_CUSTOMER_APP: { platform: false },
  C2C_DATA_DIR: { platform: false },
  C2C_DEADLINE_MS: { platform: false },
  C2C_DYNAMODB_CREATE_TABLE: { platform: false },
  C2C_DYNAMODB_ENDPOINT: { platform: false },
  C2C_DYNAMODB_TABLE: { platform: false },
  C2C_IDENTITY_SOURCES: { platform: true },
  C2C_INTROSPECTION_AUTH_SCHEME: { platform: true },
  C2C_INTROSPECTION_CLIENT_ID: { platform: true },
  C2C_INTROSPECTION_CLIENT_SECRET: { platform: true },
  C2C_INTROSPECTION_URL: { platform: true },
  C2C_JWKS_COOLDOWN_S: { platform: false },
  C2C_JWKS_MAX_AGE_S: { platform: false },
  C2C_JWKS_STALE_IF_ERROR_S: { platform: false },
  C2C_JWKS_URI: { platform: true },
  C2C_JWT_ALGORITHMS: { platform: true },
  C2C_JWT_AUDIENCE: { platform: true },
  C2C_JWT_AUDIENCE_OPTIONAL: { platform: true },
  C2C_JWT_CLIENT_IDS: { platform: true },
  C2C_JWT_CLOCK_TOLERANCE_S: { platform: true },
  C2C_JWT_ISSUER: { platform: true },
  C2C_JWT_ISSUERS: { platform: true },
  C2C_JWT_ISSUERS_FILE: { platform: true },
  C2C_LINKING_API_KEY: { platform: false },
  C2C_LOCAL_SECRETS_FILE: { platform: false },
  C2C_LINKING_DEADLINE_MS: { platform: false },
  C2C_LINKING_REVOCATION_URL: { platform: true },
  C2C_NEGATIVE_CACHE_TTL_S: { platform: false },
  C2C_OAUTH_REDIRECT_URL: { platform: true },
  C2C_OIDC_ISSUER: { platform: true },
  C2C_OIDC_JWKS_URI: { platform: true },
  C2C_PENDING_TTL_S: { platform: false },
  C2C_PROACTIVE_RENEWAL: { platform: false },
  C2C_PROACTIVE_RENEWAL_DAYS: { platform: false },
  C2C_PROVIDER_PROFILE: { platform: true },
  C2C_REVOCATION_AUTH_SCHEME: { platform: true },
  C2C_REVOCATION_CLIENT_ID: { platform: true },
  C2C_REVOCATION_CLIENT_SECRET: { platform: true },
  C2C_REVOCATION_URL: { platform: true },
  C2C_SCOPE: { platform: true },
  C2C_SECRETS_MANAGER_ENDPOINT: { platform: false },
  C2C_SECRET_STORE: { platform: false },
  C2C_TOKEN_AUTH_SCHEME: { platform: true },
  C2C_TOKEN_ENCRYPTION_KEY: { platform: false },
  C2C_TOKEN_REFRESH_MARGIN_S: { platform: false },
  C2C_TOKEN_URL: { platform: true },
  C2C_UPSTREAM_RETRIES: { platform: false },
  C2C_USERINFO_CREDENTIAL_FIELD: { platform: true },
  C2C_USERINFO_CREDENTIAL_HEADER: { platform: true },
  C2C_USERINFO_URL: { platform: true },
  C2C_USER_ID_CLAIM: { platform: true },
  C2C_USER_ID_FORMAT: { platform: false },
  C2C_USER_ID_TEMPLATE: { platform: false },
} as const satisfies Readonly<Record<string, { readonly platform: boolean }>>;

export type KnownVariable = keyof typeof VARIABLES;

export const KNOWN_VARIABLES: readonly KnownVariable[] = Object.keys(VARIABLES) as KnownVariable[];

/** The variables that point the service at a real platform (see above). */
export const PLATFORM_VARIABLES: readonly KnownVariable[] = KNOWN_VARIABLES.filter((name) => VARIABLES[name].platform);
