import { expect } from 'chai';
import { ConfigurationError } from '#main/config/configuration-error.js';
import { loadConfig } from '#main/config/load-config.js';

const jwtEnv = {
  C2C_JWKS_URI: 'https://idp.example.com/.well-known/jwks.json',
  C2C_JWT_ISSUER: 'https://idp.example.com/',
  C2C_JWT_AUDIENCE: 'connector-api',
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

describe('loadConfig', () => {
  it('reads a JWT configuration with its defaults', () => {
    const config = loadConfig(jwtEnv);
    expect(config.connector).to.deep.equal({ connectorId: undefined, deadlineMs: 1500, identitySources: { names: ['jwt'], listed: false } });
    expect(config.jwt?.issuers).to.have.length(1);
    expect(config.jwt?.issuers[0]?.verifier).to.deep.include({
      issuer: 'https://idp.example.com/',
      audiences: ['connector-api'],
      algorithms: ['RS256', 'ES256', 'PS256', 'EdDSA'],
      clockToleranceS: 5,
      userIdClaim: 'sub',
      audienceClaim: 'aud',
      userIdTemplate: undefined,
    });
    expect(config.userIds).to.deep.equal({ format: 'claim', allowEmail: false });
    expect(config.userinfo).to.equal(undefined);
    expect(config.http).to.deep.equal({ host: '127.0.0.1', port: 8080 });
  });

  it('defaults the source order to jwt then userinfo', () => {
    const config = loadConfig({ ...jwtEnv, C2C_USERINFO_URL: 'https://idp.example.com/userinfo' });
    expect(config.connector.identitySources).to.deep.equal({ names: ['jwt', 'userinfo'], listed: false });
  });

  it('honours an explicit order and a comma list of audiences', () => {
    const config = loadConfig({
      ...jwtEnv,
      C2C_JWT_AUDIENCE: 'a, b',
      C2C_USERINFO_URL: 'https://idp.example.com/userinfo',
      C2C_IDENTITY_SOURCES: 'userinfo,jwt',
      C2C_USER_ID_CLAIM: 'ext.uid',
    });
    expect(config.connector.identitySources).to.deep.equal({ names: ['userinfo', 'jwt'], listed: true });
    expect(config.jwt?.issuers[0]?.verifier.audiences).to.deep.equal(['a', 'b']);
    expect(config.userinfo?.userIdClaim).to.equal('ext.uid');
  });

  it('leaves an empty chain to the composition, which knows the registered sources', () => {
    expect(loadConfig({}).connector.identitySources).to.deep.equal({ names: [], listed: false });
  });

  it('reads names it does not know (registered sources) without requiring any built-in variable', () => {
    const config = loadConfig({ C2C_IDENTITY_SOURCES: 'acme, corp-sso' });
    expect(config.connector.identitySources).to.deep.equal({ names: ['acme', 'corp-sso'], listed: true });
    expect([config.jwt, config.userinfo, config.introspection]).to.deep.equal([undefined, undefined, undefined]);
  });

  it('names every missing jwt variable at once', () => {
    const problems = problemsOf({ C2C_IDENTITY_SOURCES: 'jwt' });
    expect(problems.map((p) => p.split(':')[0])).to.have.members(['C2C_JWKS_URI', 'C2C_JWT_ISSUER', 'C2C_JWT_AUDIENCE']);
  });

  it('refuses plain http off loopback, but accepts it on localhost', () => {
    expect(problemsOf({ ...jwtEnv, C2C_JWKS_URI: 'http://idp.example.com/jwks' })[0]).to.match(/^C2C_JWKS_URI: must be an https URL/);
    expect(loadConfig({ ...jwtEnv, C2C_JWKS_URI: 'http://127.0.0.1:9000/jwks' }).jwt?.issuers[0]?.keyStore.jwksUri).to.equal(
      'http://127.0.0.1:9000/jwks',
    );
  });

  it('refuses symmetric or unknown algorithms, unknown sources, and bad numbers', () => {
    expect(problemsOf({ ...jwtEnv, C2C_JWT_ALGORITHMS: 'HS256' })[0]).to.match(/^C2C_JWT_ALGORITHMS:/);
    expect(problemsOf({ ...jwtEnv, C2C_IDENTITY_SOURCES: 'jwt,Magic Source' })[0]).to.match(/^C2C_IDENTITY_SOURCES: "Magic Source" is not a source name/);
    expect(problemsOf({ ...jwtEnv, C2C_IDENTITY_SOURCES: 'jwt,jwt' })[0]).to.equal('C2C_IDENTITY_SOURCES: names a source twice');
    expect(problemsOf({ ...jwtEnv, C2C_DEADLINE_MS: 'soon' })[0]).to.match(/^C2C_DEADLINE_MS:/);
    expect(problemsOf({ ...jwtEnv, PORT: '70000' })[0]).to.match(/^PORT:/);
  });

  it('reads the connector id and deadline', () => {
    const config = loadConfig({ ...jwtEnv, C2C_CONNECTOR_ID: 'c-1', C2C_DEADLINE_MS: '900' });
    expect(config.connector.connectorId).to.equal('c-1');
    expect(config.connector.deadlineMs).to.equal(900);
  });

  it('applies a provider profile, which explicit variables override', () => {
    const cognito = loadConfig({ ...jwtEnv, C2C_PROVIDER_PROFILE: 'cognito' }).jwt?.issuers[0]?.verifier;
    expect(cognito).to.deep.include({ audienceClaim: 'client_id', requiredClaimValues: { token_use: 'access' }, algorithms: ['RS256'] });
    const okta = loadConfig({ ...jwtEnv, C2C_PROVIDER_PROFILE: 'okta', C2C_USER_ID_CLAIM: 'sub' }).jwt?.issuers[0]?.verifier;
    expect(okta).to.deep.include({ userIdClaim: 'sub', clientClaims: ['cid'], clientClaimRequired: true, nonceMeansIdToken: true });
    expect(okta).not.to.have.property('requiredType');
    const entra = loadConfig({ ...jwtEnv, C2C_PROVIDER_PROFILE: 'entra', C2C_USER_ID_FORMAT: 'claim' }).jwt?.issuers[0]?.verifier;
    expect(entra?.userIdFormat).to.equal(undefined);
    expect(problemsOf({ ...jwtEnv, C2C_PROVIDER_PROFILE: 'keycloak' })[0]).to.match(/^C2C_PROVIDER_PROFILE: must be one of generic-oidc, cognito/);
  });

  it('reads C2C_JWT_CLIENT_IDS as the client check, and no client check without it', () => {
    expect(loadConfig({ ...jwtEnv, C2C_JWT_CLIENT_IDS: 'web, mobile' }).jwt?.issuers[0]?.verifier.clientIds).to.deep.equal(['web', 'mobile']);
    const unchecked = loadConfig(jwtEnv).jwt?.issuers[0]?.verifier;
    expect(unchecked).not.to.have.property('clientIds');
    expect(unchecked).not.to.have.property('audienceOptional');
    expect(problemsOf({ ...jwtEnv, C2C_JWT_CLIENT_IDS: ' , ' })[0]).to.equal('C2C_JWT_CLIENT_IDS: must list at least one value');
  });

  it('lets C2C_JWT_AUDIENCE be left out only with C2C_JWT_AUDIENCE_OPTIONAL and a client check', () => {
    const withoutAudience = { C2C_JWKS_URI: jwtEnv.C2C_JWKS_URI, C2C_JWT_ISSUER: jwtEnv.C2C_JWT_ISSUER };
    const verifier = loadConfig({ ...withoutAudience, C2C_JWT_CLIENT_IDS: 'web', C2C_JWT_AUDIENCE_OPTIONAL: 'true' }).jwt?.issuers[0]?.verifier;
    expect(verifier).to.deep.include({ audiences: [], clientIds: ['web'], audienceOptional: true });
    expect(problemsOf({ ...withoutAudience, C2C_JWT_CLIENT_IDS: 'web' })[0]).to.match(/^C2C_JWT_AUDIENCE: is required/);
    expect(problemsOf({ ...withoutAudience, C2C_JWT_AUDIENCE_OPTIONAL: 'true' })).to.deep.equal([
      'C2C_JWT_AUDIENCE_OPTIONAL: needs C2C_JWT_CLIENT_IDS: without "aud", only the client check ties a token to this connector',
    ]);
    expect(problemsOf({ ...jwtEnv, C2C_JWT_CLIENT_IDS: 'web', C2C_JWT_AUDIENCE_OPTIONAL: 'true', C2C_PROVIDER_PROFILE: 'cognito' })[0]).to.match(
      /^C2C_JWT_AUDIENCE_OPTIONAL: does not apply to the cognito profile/,
    );
    expect(problemsOf({ ...jwtEnv, C2C_JWT_AUDIENCE_OPTIONAL: 'maybe' })[0]).to.match(/^C2C_JWT_AUDIENCE_OPTIONAL: must be true or false/);
  });

  it('reads clientIds and audienceOptional of C2C_JWT_ISSUERS entries, and names what is wrong with them', () => {
    const entry = { issuer: 'https://idp.example.com/', jwksUri: 'https://idp.example.com/jwks' };
    const issuers = (entries: unknown[]) => loadConfig({ C2C_JWT_ISSUERS: JSON.stringify(entries) }).jwt?.issuers.map((i) => i.verifier);
    expect(issuers([{ ...entry, audience: 'api', clientIds: 'web' }])?.[0]).to.deep.include({ audiences: ['api'], clientIds: ['web'] });
    expect(issuers([{ ...entry, clientIds: ['web', 'mobile'], audienceOptional: true }])?.[0]).to.deep.include({
      audiences: [],
      clientIds: ['web', 'mobile'],
      audienceOptional: true,
    });
    const problems = problemsOf({
      C2C_JWT_ISSUERS: JSON.stringify([
        { ...entry, audienceOptional: true },
        { ...entry, issuer: 'https://two.example.com/', audience: 'api', clientIds: [], audienceOptional: 'yes' },
        { ...entry, issuer: 'https://three.example.com/', clientIds: ['web'] },
      ]),
    });
    expect(problems).to.deep.equal([
      'C2C_JWT_ISSUERS[0].audienceOptional: needs clientIds: without "aud", only the client check ties a token to this connector',
      'C2C_JWT_ISSUERS[1].clientIds: must be a string or a non-empty array of strings',
      'C2C_JWT_ISSUERS[1].audienceOptional: must be true or false',
      'C2C_JWT_ISSUERS[2].audience: is required (a string or an array of strings)',
    ]);
  });

  it('reads the userId policy and refuses a template format without a template', () => {
    expect(loadConfig({ ...jwtEnv, C2C_USER_ID_FORMAT: 'issuer-scoped', C2C_ALLOW_EMAIL_USER_ID: 'true' }).userIds).to.deep.equal({
      format: 'issuer-scoped',
      allowEmail: true,
    });
    expect(problemsOf({ ...jwtEnv, C2C_USER_ID_FORMAT: 'template' })[0]).to.match(/^C2C_USER_ID_TEMPLATE: is required/);
    expect(problemsOf({ ...jwtEnv, C2C_ALLOW_EMAIL_USER_ID: 'maybe' })[0]).to.match(/^C2C_ALLOW_EMAIL_USER_ID: must be true or false/);
  });

  it('hands the userId template to every identity source, userinfo included', () => {
    const config = loadConfig({
      LOG_LEVEL: 'silent',
      C2C_USERINFO_URL: 'https://idp.example.com/userinfo',
      C2C_USER_ID_FORMAT: 'template',
      C2C_USER_ID_TEMPLATE: '{org}_{sub}',
    });
    expect(config.userinfo).to.include({ userIdTemplate: '{org}_{sub}' });
    expect(loadConfig({ LOG_LEVEL: 'silent', C2C_USERINFO_URL: 'https://idp.example.com/userinfo' }).userinfo).to.not.have.property('userIdTemplate');
  });

  it('reads introspection with its own client or the linking client, and names what is missing', () => {
    const own = loadConfig({
      C2C_INTROSPECTION_URL: 'https://idp.example.com/introspect',
      C2C_INTROSPECTION_CLIENT_ID: 'rs',
      C2C_INTROSPECTION_CLIENT_SECRET: 'rs-secret',
    });
    expect(own.connector.identitySources.names).to.deep.equal(['introspection']);
    expect(own.introspection).to.deep.include({ clientId: 'rs', clientSecret: 'rs-secret', authScheme: 'HTTP_BASIC' });
    const problems = problemsOf({ C2C_INTROSPECTION_URL: 'https://idp.example.com/introspect' });
    expect(problems.map((p) => p.split(':')[0])).to.have.members(['C2C_CLIENT_ID', 'C2C_CLIENT_SECRET']);
  });

  it('orders the default sources jwt, introspection, userinfo', () => {
    const config = loadConfig({
      ...jwtEnv,
      C2C_USERINFO_URL: 'https://idp.example.com/userinfo',
      C2C_INTROSPECTION_URL: 'https://idp.example.com/introspect',
      C2C_CLIENT_ID: 'c',
      C2C_CLIENT_SECRET: 's',
      C2C_AUTHORIZATION_URL: 'https://idp.example.com/authorize',
      C2C_TOKEN_URL: 'https://idp.example.com/token',
      C2C_CALLBACK_URL: 'https://link.example.com/oauth/callback',
      C2C_OAUTH_REDIRECT_URL: 'https://app.example.com/linked',
    });
    expect(config.connector.identitySources.names).to.deep.equal(['jwt', 'introspection', 'userinfo']);
  });
});

describe('loadConfig: cache, logging, retries and key set windows', () => {
  it('reads the defaults', () => {
    const config = loadConfig(jwtEnv);
    expect(config.cache).to.deep.equal({ ttlMs: 60_000, negativeTtlMs: 5_000, maxEntries: 10_000 });
    expect(config.logging).to.deep.equal({ level: 'info' });
    expect(config.retry).to.deep.equal({ maxRetries: 2 });
    expect(config.jwt?.issuers[0]?.keyStore).to.deep.include({ maxAgeMs: 600_000, staleIfErrorMs: 3_600_000, cooldownMs: 30_000 });
  });

  it('reads every variable', () => {
    const config = loadConfig({
      ...jwtEnv,
      C2C_CACHE_TTL_S: '30',
      C2C_NEGATIVE_CACHE_TTL_S: '0',
      C2C_CACHE_MAX_ENTRIES: '500',
      LOG_LEVEL: 'debug',
      C2C_UPSTREAM_RETRIES: '0',
      C2C_JWKS_MAX_AGE_S: '60',
      C2C_JWKS_STALE_IF_ERROR_S: '120',
      C2C_JWKS_COOLDOWN_S: '5',
    });
    expect(config.cache).to.deep.equal({ ttlMs: 30_000, negativeTtlMs: 0, maxEntries: 500 });
    expect(config.logging.level).to.equal('debug');
    expect(config.retry.maxRetries).to.equal(0);
    expect(config.jwt?.issuers[0]?.keyStore).to.deep.include({ maxAgeMs: 60_000, staleIfErrorMs: 120_000, cooldownMs: 5_000 });
  });

  it('names every bad value', () => {
    const problems = problemsOf({
      ...jwtEnv,
      LOG_LEVEL: 'verbose',
      C2C_CACHE_TTL_S: '-1',
      C2C_CACHE_MAX_ENTRIES: 'many',
      C2C_UPSTREAM_RETRIES: '9',
      C2C_JWKS_MAX_AGE_S: '0',
    });
    expect(problems.map((p) => p.split(':')[0])).to.have.members([
      'LOG_LEVEL',
      'C2C_CACHE_TTL_S',
      'C2C_CACHE_MAX_ENTRIES',
      'C2C_UPSTREAM_RETRIES',
      'C2C_JWKS_MAX_AGE_S',
    ]);
  });
});

describe('loadConfig: the secret store of General Authorization', () => {
  it('reads secrets from AWS Secrets Manager by default, at the regional endpoints', () => {
    expect(loadConfig(jwtEnv).secrets).to.deep.equal({ kind: 'aws', endpoint: undefined });
  });

  it('points the AWS store at a compatible endpoint with C2C_SECRETS_MANAGER_ENDPOINT, https or loopback only', () => {
    expect(loadConfig({ ...jwtEnv, C2C_SECRETS_MANAGER_ENDPOINT: 'http://127.0.0.1:4566' }).secrets).to.deep.equal({
      kind: 'aws',
      endpoint: 'http://127.0.0.1:4566',
    });
    expect(problemsOf({ ...jwtEnv, C2C_SECRETS_MANAGER_ENDPOINT: 'http://secrets.example.com' })).to.deep.equal([
      'C2C_SECRETS_MANAGER_ENDPOINT: must be an https URL (plain http is accepted only on localhost)',
    ]);
  });

  it('uses the local file when C2C_LOCAL_SECRETS_FILE is set, or C2C_SECRET_STORE says local', () => {
    expect(loadConfig({ ...jwtEnv, C2C_LOCAL_SECRETS_FILE: 'secrets.json' }).secrets).to.deep.equal({ kind: 'local', file: 'secrets.json' });
    expect(loadConfig({ ...jwtEnv, C2C_SECRET_STORE: 'local', C2C_LOCAL_SECRETS_FILE: 'secrets.json' }).secrets).to.deep.equal({
      kind: 'local',
      file: 'secrets.json',
    });
  });

  it('names what does not fit together: local without a file, a file or an endpoint for the other store, an unknown store', () => {
    expect(problemsOf({ ...jwtEnv, C2C_SECRET_STORE: 'local' })[0]).to.match(/^C2C_LOCAL_SECRETS_FILE: is required with C2C_SECRET_STORE=local/);
    expect(problemsOf({ ...jwtEnv, C2C_SECRET_STORE: 'aws', C2C_LOCAL_SECRETS_FILE: 'secrets.json' })).to.deep.equal([
      'C2C_LOCAL_SECRETS_FILE: is used only with C2C_SECRET_STORE=local',
    ]);
    expect(problemsOf({ ...jwtEnv, C2C_LOCAL_SECRETS_FILE: 'secrets.json', C2C_SECRETS_MANAGER_ENDPOINT: 'http://127.0.0.1:4566' })).to.deep.equal([
      'C2C_SECRETS_MANAGER_ENDPOINT: is used only with C2C_SECRET_STORE=aws',
    ]);
    expect(problemsOf({ ...jwtEnv, C2C_SECRET_STORE: 'vault' })).to.deep.equal(['C2C_SECRET_STORE: must be one of aws, local']);
  });
});

describe('loadConfig: the connector destination and the Arn of the linking flow', () => {
  const linkingEnv = {
    ...jwtEnv,
    C2C_CLIENT_ID: 'c',
    C2C_CLIENT_SECRET: 's',
    C2C_AUTHORIZATION_URL: 'https://idp.example.com/authorize',
    C2C_TOKEN_URL: 'https://idp.example.com/token',
    C2C_CALLBACK_URL: 'https://link.example.com/oauth/callback',
    C2C_OAUTH_REDIRECT_URL: 'https://app.example.com/linked',
  };

  it('defaults to destination `default`, region us-east-1 and account 000000000000 (the sandbox)', () => {
    const linking = loadConfig(linkingEnv).linking!;
    expect(linking.connectorDestinationId).to.equal('default');
    expect(linking.arns).to.deep.equal({ region: 'us-east-1', accountId: '000000000000' });
  });

  it('takes C2C_CONNECTOR_DESTINATION_ID, AWS_REGION and C2C_AWS_ACCOUNT_ID', () => {
    const linking = loadConfig({ ...linkingEnv, C2C_CONNECTOR_DESTINATION_ID: 'acme_cloud-1', AWS_REGION: 'eu-central-1', C2C_AWS_ACCOUNT_ID: '123456789012' }).linking!;
    expect(linking.connectorDestinationId).to.equal('acme_cloud-1');
    expect(linking.arns).to.deep.equal({ region: 'eu-central-1', accountId: '123456789012' });
  });

  it('refuses at start a malformed destination id, region or account, naming each variable once', () => {
    let error: unknown;
    try {
      loadConfig({ ...linkingEnv, C2C_CONNECTOR_DESTINATION_ID: 'no spaces', AWS_REGION: 'Frankfurt', C2C_AWS_ACCOUNT_ID: '1234', C2C_DYNAMODB_ENDPOINT: 'aws', C2C_TOKEN_ENCRYPTION_KEY: 'a'.repeat(64) });
    } catch (caught) {
      error = caught;
    }
    expect(error).to.be.instanceOf(ConfigurationError);
    expect((error as ConfigurationError).problems.map((p) => p.variable)).to.deep.equal(['AWS_REGION', 'C2C_CONNECTOR_DESTINATION_ID', 'C2C_AWS_ACCOUNT_ID']);
  });
});
