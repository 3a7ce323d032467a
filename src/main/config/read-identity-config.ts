import { readFileSync } from 'node:fs';
import type { AxiosIntrospectionLookupOptions } from '../../adapters/introspection/axios-introspection-lookup.js';
import { DEFAULT_JWT_ALGORITHMS, type JoseTokenVerifierOptions } from '../../adapters/jwt/jose-token-verifier.js';
import { PROVIDER_PROFILE_NAMES, PROVIDER_PROFILES, type ProviderProfile, type ProviderProfileName } from '../../adapters/jwt/provider-profiles.js';
import type { TokenAuthScheme } from '../../adapters/oauth-form/token-auth-scheme.js';
import type { AxiosUserInfoLookupOptions } from '../../adapters/userinfo/axios-user-info-lookup.js';
import type { UserIdFormat, UserIdPolicyOptions } from '../../application/user-id-policy.js';
import type { IdentityChainConfig, JwtIssuerConfig } from './app-config.js';
import { BUILT_IN_IDENTITY_SOURCE_NAMES, BUILT_IN_IDENTITY_SOURCES, IDENTITY_SOURCE_NAME_PATTERN } from './built-in-identity-sources.js';
import type { EnvReader } from './env-reader.js';
import { readJwksWindows } from './read-hardening-config.js';

const JOSE_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'];
const USER_ID_FORMATS = ['claim', 'issuer-scoped', 'template'] as const;

/**
 * `C2C_IDENTITY_SOURCES`, or the built-in sources whose variables are set. Names are only checked for their
 * shape here: custom sources are registered at composition, which checks that every name has a source.
 */
export function readIdentitySources(read: EnvReader): IdentityChainConfig {
  const defaults = BUILT_IN_IDENTITY_SOURCE_NAMES.filter((name) => BUILT_IN_IDENTITY_SOURCES[name].some((variable) => read.has(variable)));
  const listed = read.has('C2C_IDENTITY_SOURCES');
  const names = read.list('C2C_IDENTITY_SOURCES', defaults);
  for (const name of names) {
    if (!IDENTITY_SOURCE_NAME_PATTERN.test(name)) {
      read.problem('C2C_IDENTITY_SOURCES', `"${name}" is not a source name (lower-case letters, digits, - and _; e.g. ${BUILT_IN_IDENTITY_SOURCE_NAMES.join(', ')})`);
    }
  }
  if (new Set(names).size !== names.length) read.problem('C2C_IDENTITY_SOURCES', 'names a source twice');
  return { names, listed };
}

/** `C2C_USER_ID_FORMAT`, `C2C_USER_ID_TEMPLATE`, `C2C_ALLOW_EMAIL_USER_ID`. */
export function readUserIdPolicy(read: EnvReader): UserIdPolicyOptions & { readonly template: string | undefined } {
  const format = read.oneOf('C2C_USER_ID_FORMAT', USER_ID_FORMATS, 'claim');
  const template = read.optional('C2C_USER_ID_TEMPLATE');
  if (format === 'template' && template === undefined) {
    read.problem('C2C_USER_ID_TEMPLATE', 'is required when C2C_USER_ID_FORMAT is template (e.g. {tid}.{oid})');
  }
  return {
    format: format === 'issuer-scoped' ? 'issuer-scoped' : 'claim',
    allowEmail: read.boolean('C2C_ALLOW_EMAIL_USER_ID', false),
    template: format === 'template' || template !== undefined ? template : undefined,
  };
}

/** The single issuer of the `C2C_JWT_*` variables, plus every entry of `C2C_JWT_ISSUERS` / `C2C_JWT_ISSUERS_FILE`. */
export function readJwtIssuers(read: EnvReader, userIdTemplate: string | undefined): JwtIssuerConfig[] {
  const windows = readJwksWindows(read);
  const issuers: JwtIssuerConfig[] = [];
  const listed = read.has('C2C_JWT_ISSUERS') || read.has('C2C_JWT_ISSUERS_FILE');
  if (read.has('C2C_JWKS_URI') || read.has('C2C_JWT_ISSUER') || !listed) issuers.push(readSingleIssuer(read, userIdTemplate));
  issuers.push(...readIssuerList(read));
  const names = issuers.map((issuer) => issuer.verifier.issuer);
  if (new Set(names).size !== names.length) read.problem('C2C_JWT_ISSUERS', 'names an issuer twice');
  return issuers.map((issuer) => ({ ...issuer, keyStore: { ...windows, ...issuer.keyStore } }));
}

function readSingleIssuer(read: EnvReader, userIdTemplate: string | undefined): JwtIssuerConfig {
  const why = 'when the jwt identity source is used (or list issuers in C2C_JWT_ISSUERS)';
  const profile = PROVIDER_PROFILES[read.oneOf<ProviderProfileName>('C2C_PROVIDER_PROFILE', PROVIDER_PROFILE_NAMES, 'generic-oidc')];
  const algorithms = read.list('C2C_JWT_ALGORITHMS', profile.algorithms ?? DEFAULT_JWT_ALGORITHMS);
  checkAlgorithms(read, 'C2C_JWT_ALGORITHMS', algorithms);
  const userIdClaim = read.optional('C2C_USER_ID_CLAIM');
  const template = userIdTemplate ?? (userIdClaim === undefined ? profile.userIdTemplate : undefined);
  const { userIdFormat: profileFormat, ...profileDefaults } = profile;
  const clientIds = read.has('C2C_JWT_CLIENT_IDS') ? read.list('C2C_JWT_CLIENT_IDS', []) : undefined;
  const audienceOptional = read.boolean('C2C_JWT_AUDIENCE_OPTIONAL', false);
  if (audienceOptional) checkAudienceOptional(read, 'C2C_JWT_AUDIENCE_OPTIONAL', 'C2C_JWT_CLIENT_IDS', clientIds, profile);
  let audiences: string[] = [];
  if (read.has('C2C_JWT_AUDIENCE')) audiences = read.list('C2C_JWT_AUDIENCE', []);
  else if (!audienceOptional) audiences = [read.required('C2C_JWT_AUDIENCE', `${why}, unless C2C_JWT_AUDIENCE_OPTIONAL is true`)];
  const verifier: JoseTokenVerifierOptions = {
    ...profileDefaults,
    issuer: read.required('C2C_JWT_ISSUER', why),
    audiences,
    ...clientCheck(clientIds, audienceOptional),
    algorithms,
    clockToleranceS: read.integer('C2C_JWT_CLOCK_TOLERANCE_S', 5, 0, 300),
    userIdClaim: userIdClaim ?? profile.userIdClaim ?? 'sub',
    userIdTemplate: template,
    ...userIdFormatOverride(read, profileFormat),
  };
  return { keyStore: { jwksUri: read.url('C2C_JWKS_URI', why) }, verifier };
}

/**
 * Without `aud`, nothing but the client check ties a token to this connector: accepting tokens that lack it needs
 * client ids. Cognito checks `client_id` against the audience list instead of `aud`, so the switch means nothing there.
 */
function checkAudienceOptional(
  read: EnvReader,
  where: string,
  clientIdsWhere: string,
  clientIds: readonly string[] | undefined,
  profile: ProviderProfile,
): void {
  if (clientIds === undefined) {
    read.problem(where, `needs ${clientIdsWhere}: without "aud", only the client check ties a token to this connector`);
  }
  if (profile.audienceClaim === 'client_id') {
    read.problem(where, 'does not apply to the cognito profile, which checks "client_id" against the audience list');
  }
}

function clientCheck(clientIds: readonly string[] | undefined, audienceOptional: boolean): Partial<JoseTokenVerifierOptions> {
  return {
    ...(clientIds === undefined ? {} : { clientIds: [...clientIds] }),
    ...(audienceOptional ? { audienceOptional: true } : {}),
  };
}

/** A profile's own id format applies unless C2C_USER_ID_FORMAT says otherwise. */
function userIdFormatOverride(read: EnvReader, profileFormat: UserIdFormat | undefined): { userIdFormat?: UserIdFormat } {
  if (read.has('C2C_USER_ID_FORMAT') || profileFormat === undefined) return {};
  return { userIdFormat: profileFormat };
}

interface IssuerEntry {
  readonly issuer?: unknown;
  readonly jwksUri?: unknown;
  readonly audience?: unknown;
  readonly algorithms?: unknown;
  readonly clockToleranceS?: unknown;
  readonly userIdClaim?: unknown;
  readonly userIdTemplate?: unknown;
  readonly userIdFormat?: unknown;
  readonly profile?: unknown;
  readonly clientIds?: unknown;
  readonly audienceOptional?: unknown;
}

function readIssuerList(read: EnvReader): JwtIssuerConfig[] {
  const file = read.optional('C2C_JWT_ISSUERS_FILE');
  const variable = file === undefined ? 'C2C_JWT_ISSUERS' : 'C2C_JWT_ISSUERS_FILE';
  let text = read.optional('C2C_JWT_ISSUERS');
  if (file !== undefined) {
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      read.problem(variable, `cannot read the file ${file}`);
      return [];
    }
  }
  if (text === undefined) return [];
  let entries: unknown;
  try {
    entries = JSON.parse(text);
  } catch {
    read.problem(variable, 'is not valid JSON (expected an array of issuer objects)');
    return [];
  }
  if (!Array.isArray(entries) || entries.length === 0) {
    read.problem(variable, 'must be a non-empty JSON array of issuer objects');
    return [];
  }
  return entries.map((entry: unknown, index) => readIssuerEntry(read, `${variable}[${index}]`, entry));
}

function readIssuerEntry(read: EnvReader, where: string, raw: unknown): JwtIssuerConfig {
  const entry: IssuerEntry = typeof raw === 'object' && raw !== null ? raw : {};
  const text = (name: keyof IssuerEntry, required: boolean): string | undefined => {
    const value = entry[name];
    if (value === undefined && !required) return undefined;
    if (typeof value !== 'string' || value === '') {
      read.problem(`${where}.${name}`, required ? 'is required (a non-empty string)' : 'must be a non-empty string');
      return undefined;
    }
    return value;
  };
  const profileName = text('profile', false) ?? 'generic-oidc';
  if (!(PROVIDER_PROFILE_NAMES as readonly string[]).includes(profileName)) {
    read.problem(`${where}.profile`, `must be one of ${PROVIDER_PROFILE_NAMES.join(', ')}`);
  }
  const profile = PROVIDER_PROFILES[profileName as ProviderProfileName] ?? PROVIDER_PROFILES['generic-oidc'];
  const jwksUri = text('jwksUri', true) ?? '';
  if (jwksUri !== '') read.checkUrl(`${where}.jwksUri`, jwksUri);
  const clientIds = entry.clientIds === undefined ? undefined : stringsOf(entry.clientIds);
  if (clientIds === undefined && entry.clientIds !== undefined) {
    read.problem(`${where}.clientIds`, 'must be a string or a non-empty array of strings');
  }
  const audienceOptional = entry.audienceOptional ?? false;
  if (typeof audienceOptional !== 'boolean') read.problem(`${where}.audienceOptional`, 'must be true or false');
  if (audienceOptional === true) checkAudienceOptional(read, `${where}.audienceOptional`, 'clientIds', clientIds, profile);
  const audiences = entry.audience === undefined && audienceOptional === true ? [] : stringsOf(entry.audience);
  if (audiences === undefined) read.problem(`${where}.audience`, 'is required (a string or an array of strings)');
  const algorithms = entry.algorithms === undefined ? (profile.algorithms ?? DEFAULT_JWT_ALGORITHMS) : entry.algorithms;
  if (!Array.isArray(algorithms) || !algorithms.every((a) => typeof a === 'string')) {
    read.problem(`${where}.algorithms`, 'must be an array of algorithm names');
  } else {
    checkAlgorithms(read, `${where}.algorithms`, algorithms);
  }
  const tolerance = entry.clockToleranceS ?? 5;
  if (typeof tolerance !== 'number' || !Number.isInteger(tolerance) || tolerance < 0 || tolerance > 300) {
    read.problem(`${where}.clockToleranceS`, 'must be a whole number from 0 to 300');
  }
  const format = text('userIdFormat', false);
  if (format !== undefined && format !== 'claim' && format !== 'issuer-scoped') {
    read.problem(`${where}.userIdFormat`, 'must be claim or issuer-scoped');
  }
  const userIdClaim = text('userIdClaim', false);
  const userIdTemplate = text('userIdTemplate', false) ?? (userIdClaim === undefined ? profile.userIdTemplate : undefined);
  const userIdFormat = (format as UserIdFormat | undefined) ?? profile.userIdFormat;
  return {
    keyStore: { jwksUri },
    verifier: {
      ...profile,
      issuer: text('issuer', true) ?? '',
      audiences: audiences ?? [],
      ...clientCheck(clientIds, audienceOptional === true),
      algorithms: Array.isArray(algorithms) ? algorithms.map(String) : [...DEFAULT_JWT_ALGORITHMS],
      clockToleranceS: typeof tolerance === 'number' ? tolerance : 5,
      userIdClaim: userIdClaim ?? profile.userIdClaim ?? 'sub',
      userIdTemplate,
      ...(userIdFormat === undefined ? {} : { userIdFormat }),
    },
  };
}

/** A non-empty string, or a non-empty array of them, as a list; `undefined` for anything else. */
function stringsOf(value: unknown): string[] | undefined {
  const values: unknown = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(values) || values.length === 0) return undefined;
  return values.every((item) => typeof item === 'string' && item !== '') ? (values as string[]) : undefined;
}

function checkAlgorithms(read: EnvReader, variable: string, algorithms: readonly string[]): void {
  for (const algorithm of algorithms) {
    if (!JOSE_ALGORITHMS.includes(algorithm)) {
      read.problem(variable, `"${algorithm}" is not an asymmetric JWS algorithm (${JOSE_ALGORITHMS.join(', ')})`);
    }
  }
}

export function readUserInfo(read: EnvReader, template: string | undefined): AxiosUserInfoLookupOptions {
  const header = read.optional('C2C_USERINFO_CREDENTIAL_HEADER');
  if (header !== undefined && !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(header)) read.problem('C2C_USERINFO_CREDENTIAL_HEADER', 'is not an HTTP header name');
  if (header === undefined && read.has('C2C_USERINFO_CREDENTIAL_FIELD')) {
    read.problem('C2C_USERINFO_CREDENTIAL_FIELD', 'needs C2C_USERINFO_CREDENTIAL_HEADER, the header the field is sent in');
  }
  return {
    url: read.url('C2C_USERINFO_URL', 'when the userinfo identity source is used'),
    userIdClaim: read.optional('C2C_USER_ID_CLAIM') ?? 'sub',
    ...(template === undefined ? {} : { userIdTemplate: template }),
    ...(header === undefined ? {} : { credential: { header, field: read.optional('C2C_USERINFO_CREDENTIAL_FIELD') ?? 'apiKey' } }),
  };
}

/** RFC 7662: the connector authenticates as a client; by default the linking flow's client. */
export function readIntrospection(read: EnvReader, template: string | undefined): AxiosIntrospectionLookupOptions {
  const why = 'when the introspection identity source is used';
  const clientIdVariable = read.has('C2C_INTROSPECTION_CLIENT_ID') ? 'C2C_INTROSPECTION_CLIENT_ID' : 'C2C_CLIENT_ID';
  const secretVariable = read.has('C2C_INTROSPECTION_CLIENT_SECRET') ? 'C2C_INTROSPECTION_CLIENT_SECRET' : 'C2C_CLIENT_SECRET';
  const schemeVariable = read.has('C2C_INTROSPECTION_AUTH_SCHEME') ? 'C2C_INTROSPECTION_AUTH_SCHEME' : 'C2C_TOKEN_AUTH_SCHEME';
  return {
    url: read.url('C2C_INTROSPECTION_URL', why),
    clientId: read.required(clientIdVariable, why),
    clientSecret: read.required(secretVariable, why),
    authScheme: read.oneOf<TokenAuthScheme>(schemeVariable, ['HTTP_BASIC', 'REQUEST_BODY_CREDENTIALS'], 'HTTP_BASIC'),
    userKey: { claim: read.optional('C2C_USER_ID_CLAIM') ?? 'sub', ...(template === undefined ? {} : { template }) },
  };
}
