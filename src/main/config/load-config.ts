import { DEFAULT_JWT_ALGORITHMS } from '../../adapters/jwt/jose-token-verifier.js';
import type { TokenAuthScheme } from '../../adapters/oauth/axios-token-exchanger.js';
import type { AppConfig, IdentitySourceName, JwtConfig, LinkingConfig, StorageConfig } from './app-config.js';
import type { AxiosUserInfoLookupOptions } from '../../adapters/userinfo/axios-user-info-lookup.js';
import { EnvReader, type Env } from './env-reader.js';

const IDENTITY_SOURCES: readonly IdentitySourceName[] = ['jwt', 'userinfo'];
const JOSE_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'];

/**
 * Reads and validates the whole configuration once, at cold start.
 * @throws ConfigurationError naming every variable that is missing or wrong.
 */
export function loadConfig(env: Env): AppConfig {
  const read = new EnvReader(env);
  const identitySources = readIdentitySources(read);
  const userIdClaim = read.optional('C2C_USER_ID_CLAIM') ?? 'sub';
  const port = read.integer('PORT', 8080, 0, 65_535);
  const config: AppConfig = {
    connector: {
      connectorId: read.optional('C2C_CONNECTOR_ID'),
      deadlineMs: read.integer('C2C_DEADLINE_MS', 1500, 50, 30_000),
      identitySources,
    },
    jwt: identitySources.includes('jwt') ? readJwt(read, userIdClaim) : undefined,
    userinfo: identitySources.includes('userinfo') ? readUserInfo(read, userIdClaim) : undefined,
    http: {
      host: read.optional('HOST') ?? '127.0.0.1',
      port,
    },
    linking: LINKING_SWITCHES.some((name) => read.has(name)) ? readLinking(read) : undefined,
    customerApp: readCustomerApp(read, LINKING_SWITCHES.some((name) => read.has(name))),
  };
  read.done();
  return config;
}

function readIdentitySources(read: EnvReader): IdentitySourceName[] {
  const fallback: IdentitySourceName[] = [];
  if (read.has('C2C_JWKS_URI')) fallback.push('jwt');
  if (read.has('C2C_USERINFO_URL')) fallback.push('userinfo');
  const names = read.list('C2C_IDENTITY_SOURCES', fallback);
  // A linking service that calls a connector elsewhere runs no connector of its own.
  if (names.length === 0 && !read.has('C2C_CONNECTOR_URL')) {
    read.problem('C2C_IDENTITY_SOURCES', 'no identity source is configured: set C2C_JWKS_URI (jwt) or C2C_USERINFO_URL (userinfo)');
  }
  for (const name of names) {
    if (!(IDENTITY_SOURCES as readonly string[]).includes(name)) {
      read.problem('C2C_IDENTITY_SOURCES', `"${name}" is not one of ${IDENTITY_SOURCES.join(', ')}`);
    }
  }
  if (new Set(names).size !== names.length) read.problem('C2C_IDENTITY_SOURCES', 'names a source twice');
  return names.filter((name): name is IdentitySourceName => (IDENTITY_SOURCES as readonly string[]).includes(name));
}

function readJwt(read: EnvReader, userIdClaim: string): JwtConfig {
  const why = 'when the jwt identity source is used';
  const algorithms = read.list('C2C_JWT_ALGORITHMS', DEFAULT_JWT_ALGORITHMS);
  for (const algorithm of algorithms) {
    if (!JOSE_ALGORITHMS.includes(algorithm)) {
      read.problem('C2C_JWT_ALGORITHMS', `"${algorithm}" is not an asymmetric JWS algorithm (${JOSE_ALGORITHMS.join(', ')})`);
    }
  }
  return {
    keyStore: { jwksUri: read.url('C2C_JWKS_URI', why) },
    verifier: {
      issuer: read.required('C2C_JWT_ISSUER', why),
      audiences: read.has('C2C_JWT_AUDIENCE') ? read.list('C2C_JWT_AUDIENCE', []) : [read.required('C2C_JWT_AUDIENCE', why)],
      algorithms,
      clockToleranceS: read.integer('C2C_JWT_CLOCK_TOLERANCE_S', 5, 0, 300),
      userIdClaim,
    },
  };
}

function readUserInfo(read: EnvReader, userIdClaim: string): AxiosUserInfoLookupOptions {
  return {
    url: read.url('C2C_USERINFO_URL', 'when the userinfo identity source is used'),
    userIdClaim,
  };
}

/** Setting any of these turns the linking flow on; then all it needs is required. */
const LINKING_SWITCHES = ['C2C_AUTHORIZATION_URL', 'C2C_TOKEN_URL', 'C2C_CLIENT_ID', 'C2C_OAUTH_REDIRECT_URL'];

function readLinking(read: EnvReader): LinkingConfig {
  const why = 'for the linking flow';
  const callbackUrl = read.url('C2C_CALLBACK_URL', why);
  const clientId = read.required('C2C_CLIENT_ID', why);
  const clientSecret = read.required('C2C_CLIENT_SECRET', why);
  return {
    authorization: {
      authorizationUrl: read.url('C2C_AUTHORIZATION_URL', why),
      clientId,
      callbackUrl,
      scope: read.optional('C2C_SCOPE') ?? 'openid offline_access',
      pendingTtlMs: read.integer('C2C_PENDING_TTL_S', 600, 30, 86_400) * 1000,
    },
    tokenExchange: {
      tokenUrl: read.url('C2C_TOKEN_URL', why),
      clientId,
      clientSecret,
      authScheme: read.oneOf<TokenAuthScheme>('C2C_TOKEN_AUTH_SCHEME', ['HTTP_BASIC', 'REQUEST_BODY_CREDENTIALS'], 'HTTP_BASIC'),
    },
    callbackUrl,
    oauthRedirectUrl: read.url('C2C_OAUTH_REDIRECT_URL', why),
    connectorUrl: read.optionalUrl('C2C_CONNECTOR_URL'),
    connectorId: read.optional('C2C_CONNECTOR_ID') ?? 'c2c-account-linking',
    deadlineMs: read.integer('C2C_LINKING_DEADLINE_MS', 10_000, 100, 60_000),
    storage: readStorage(read),
  };
}

function readStorage(read: EnvReader): StorageConfig {
  const tableName = read.optional('C2C_DYNAMODB_TABLE') ?? 'c2c-account-links';
  const endpoint = read.optional('C2C_DYNAMODB_ENDPOINT');
  if (endpoint === undefined) {
    return {
      kind: 'embedded',
      dataDir: read.optional('C2C_DATA_DIR') ?? 'data',
      tableName,
      encryptionKey: read.optional('C2C_TOKEN_ENCRYPTION_KEY'),
    };
  }
  return {
    kind: 'dynamodb',
    endpoint: endpoint === 'aws' ? undefined : read.url('C2C_DYNAMODB_ENDPOINT', ''),
    region: read.optional('AWS_REGION') ?? 'us-east-1',
    tableName,
    encryptionKey: read.required('C2C_TOKEN_ENCRYPTION_KEY', 'to encrypt tokens at rest in DynamoDB'),
  };
}

function readCustomerApp(read: EnvReader, linking: boolean): boolean {
  const enabled = read.oneOf('C2C_CUSTOMER_APP', ['true', 'false'], 'false') === 'true';
  if (enabled && !linking) read.problem('C2C_CUSTOMER_APP', 'needs the linking flow: set C2C_AUTHORIZATION_URL and the other linking variables');
  return enabled;
}
