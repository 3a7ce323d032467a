import type { AxiosTokenRevokerOptions } from '../../adapters/oauth/axios-token-revoker.js';
import type { TokenAuthScheme } from '../../adapters/oauth-form/token-auth-scheme.js';
import type { TokenRefreshPolicyOptions } from '../../domain/token-refresh-policy.js';
import type { AppConfig, LinkingConfig, StorageConfig } from './app-config.js';
import { LINKING_ONLY_OIDC_VARIABLES, readAuthorizationParams, readIdTokenCheck } from './read-authorization-params.js';
import { readIdentitySources, readIntrospection, readJwtIssuers, readUserIdPolicy, readUserInfo } from './read-identity-config.js';
import { EnvReader, type Env } from './env-reader.js';
import { readCache, readLogging, readRetry } from './read-hardening-config.js';
import { readRevocation } from './read-revocation.js';
import { readSecretStore } from './read-secret-store.js';
import { readDevices } from './read-devices.js';
import type { KnownVariable } from './variables.js';

export { KNOWN_VARIABLES, type KnownVariable } from './variables.js';

/**
 * Reads and validates the whole configuration once, at cold start.
 * @throws ConfigurationError naming every variable that is missing or wrong.
 */
export function loadConfig(env: Env): AppConfig {
  const read = new EnvReader(env);
  const identitySources = readIdentitySources(read);
  const { template: userIdTemplate, ...userIds } = readUserIdPolicy(read);
  const port = read.integer('PORT', 8080, 0, 65_535);
  const linkingOn = LINKING_SWITCHES.some((name) => read.has(name));
  for (const name of LINKING_ONLY_OIDC_VARIABLES) {
    if (!linkingOn && read.has(name)) read.problem(name, 'needs the linking flow: set C2C_AUTHORIZATION_URL and the other linking variables');
  }
  const config: AppConfig = {
    connector: {
      connectorId: read.optional('C2C_CONNECTOR_ID'),
      deadlineMs: read.integer('C2C_DEADLINE_MS', 1500, 50, 30_000),
      identitySources,
    },
    jwt: identitySources.names.includes('jwt') ? { issuers: readJwtIssuers(read, userIdTemplate) } : undefined,
    userinfo: identitySources.names.includes('userinfo') ? readUserInfo(read, userIdTemplate) : undefined,
    introspection: identitySources.names.includes('introspection') ? readIntrospection(read, userIdTemplate) : undefined,
    userIds,
    http: {
      host: read.optional('HOST') ?? '127.0.0.1',
      port,
    },
    linking: LINKING_SWITCHES.some((name) => read.has(name)) ? readLinking(read) : undefined,
    cache: readCache(read),
    logging: readLogging(read),
    retry: readRetry(read),
    revocation: readRevocation(read),
    customerApp: readCustomerApp(read, LINKING_SWITCHES.some((name) => read.has(name))),
    secrets: readSecretStore(read),
    devices: readDevices(read),
    tokenEncryptionKey: read.optional('C2C_TOKEN_ENCRYPTION_KEY'),
  };
  read.done();
  return config;
}

/**
 * Setting any of these turns the linking flow on; then all it needs is required. Not C2C_CLIENT_ID: a
 * connector that only revokes tokens (C2C_REVOCATION_URL) authenticates with it too.
 */
const LINKING_SWITCHES: readonly KnownVariable[] = ['C2C_AUTHORIZATION_URL', 'C2C_TOKEN_URL', 'C2C_OAUTH_REDIRECT_URL'];

function readLinking(read: EnvReader): LinkingConfig {
  const why = 'for the linking flow';
  const callbackUrl = read.url('C2C_CALLBACK_URL', why);
  const clientId = read.required('C2C_CLIENT_ID', why);
  const clientSecret = read.required('C2C_CLIENT_SECRET', why);
  const authScheme = read.oneOf<TokenAuthScheme>('C2C_TOKEN_AUTH_SCHEME', ['HTTP_BASIC', 'REQUEST_BODY_CREDENTIALS'], 'HTTP_BASIC');
  const authorizationUrl = read.url('C2C_AUTHORIZATION_URL', why);
  const region = readRegion(read);
  return {
    authorization: {
      authorizationUrl,
      clientId,
      callbackUrl,
      scope: read.optional('C2C_SCOPE') ?? 'openid offline_access',
      pendingTtlMs: read.integer('C2C_PENDING_TTL_S', 600, 30, 86_400) * 1000,
      additionalParameters: readAuthorizationParams(read, authorizationUrl),
    },
    idToken: readIdTokenCheck(read, clientId),
    tokenExchange: {
      tokenUrl: read.url('C2C_TOKEN_URL', why),
      clientId,
      clientSecret,
      authScheme,
    },
    revocation: readLinkingRevocation(read, { clientId, clientSecret, authScheme }),
    callbackUrl,
    oauthRedirectUrl: read.url('C2C_OAUTH_REDIRECT_URL', why),
    apiKey: readApiKey(read),
    connectorUrl: read.optionalUrl('C2C_CONNECTOR_URL'),
    connectorId: read.optional('C2C_CONNECTOR_ID') ?? 'c2c-account-linking',
    deadlineMs: read.integer('C2C_LINKING_DEADLINE_MS', 10_000, 100, 60_000),
    storage: readStorage(read, region),
    connectorDestinationId: readPattern(read, 'C2C_CONNECTOR_DESTINATION_ID', 'default', CONNECTOR_DESTINATION_ID, 'must be 1 to 64 letters, digits, - or _'),
    arns: {
      region,
      accountId: readPattern(read, 'C2C_AWS_ACCOUNT_ID', '000000000000', AWS_ACCOUNT_ID, 'must be an AWS account id: 12 digits'),
    },
    tokenRefresh: readTokenRefresh(read),
    discoveryTimeoutMs: read.integer('C2C_DISCOVERY_TIMEOUT_S', 60, 1, 3600) * 1000,
  };
}

/** The destination's `proactiveRefreshTokenRenewal` is `{enabled, DaysBeforeRenewal ≥ 30}`: the same bounds here. */
function readTokenRefresh(read: EnvReader): TokenRefreshPolicyOptions {
  const marginMs = read.integer('C2C_TOKEN_REFRESH_MARGIN_S', 60, 0, 86_400) * 1000;
  const proactive = read.boolean('C2C_PROACTIVE_RENEWAL', false);
  const days = read.integer('C2C_PROACTIVE_RENEWAL_DAYS', 30, 30, 3650);
  if (!proactive && read.has('C2C_PROACTIVE_RENEWAL_DAYS')) {
    read.problem('C2C_PROACTIVE_RENEWAL_DAYS', 'applies only with C2C_PROACTIVE_RENEWAL=true');
  }
  return { marginMs, proactiveRenewal: proactive ? { daysBeforeRenewal: days } : undefined };
}

/**
 * Where the linking flow revokes the tokens of an exchange whose result it does not keep: the platform's
 * endpoint, `C2C_LINKING_REVOCATION_URL` or else the connector's `C2C_REVOCATION_URL`, called as the
 * linking client, the one the tokens were issued to (as at the token endpoint).
 */
function readLinkingRevocation(
  read: EnvReader,
  client: { readonly clientId: string; readonly clientSecret: string; readonly authScheme: TokenAuthScheme },
): AxiosTokenRevokerOptions | undefined {
  const urlVariable = read.has('C2C_LINKING_REVOCATION_URL') ? 'C2C_LINKING_REVOCATION_URL' : 'C2C_REVOCATION_URL';
  if (!read.has(urlVariable)) return undefined;
  return {
    revocationUrl: read.url(urlVariable, 'for the linking flow'),
    ...client,
    configuredBy: { urlVariable, clientVariables: 'C2C_CLIENT_ID, C2C_CLIENT_SECRET and C2C_TOKEN_AUTH_SCHEME' },
  };
}

const CONNECTOR_DESTINATION_ID = /^[A-Za-z0-9_-]{1,64}$/;
const AWS_ACCOUNT_ID = /^\d{12}$/;
/** us-east-1, us-gov-west-1, cn-northwest-1, us-isob-east-1: what the Arn pattern allows, and a typo does not. */
const AWS_REGION = /^[a-z]{2}(-[a-z0-9]+)+-\d{1,2}$/;

function readRegion(read: EnvReader): string {
  return readPattern(read, 'AWS_REGION', 'us-east-1', AWS_REGION, 'must be an AWS region such as us-east-1');
}

function readPattern(read: EnvReader, name: KnownVariable, fallback: string, pattern: RegExp, problem: string): string {
  const value = read.optional(name) ?? fallback;
  if (pattern.test(value)) return value;
  read.problem(name, problem);
  return fallback;
}

function readStorage(read: EnvReader, region: string): StorageConfig {
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
    region,
    tableName,
    encryptionKey: read.required('C2C_TOKEN_ENCRYPTION_KEY', 'to encrypt tokens at rest in DynamoDB'),
    createTable: read.boolean('C2C_DYNAMODB_CREATE_TABLE', true),
  };
}

function readCustomerApp(read: EnvReader, linking: boolean): boolean {
  const enabled = read.oneOf('C2C_CUSTOMER_APP', ['true', 'false'], 'false') === 'true';
  if (enabled && !linking) read.problem('C2C_CUSTOMER_APP', 'needs the linking flow: set C2C_AUTHORIZATION_URL and the other linking variables');
  return enabled;
}

/** At least 32 characters: the key is the association endpoints' only lock. */
function readApiKey(read: EnvReader): string | undefined {
  const key = read.optional('C2C_LINKING_API_KEY');
  if (key !== undefined && key.length < 32) read.problem('C2C_LINKING_API_KEY', 'must be at least 32 characters');
  return key;
}
