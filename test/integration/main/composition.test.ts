import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect } from 'chai';
import type { IdentityOutcome, IdentitySource } from '#application/ports/identity-source.js';
import type { ConnectorRequest, ConnectorResult } from '#application/connector-request.js';
import type { UserOperationHandler } from '#application/user-operation-handler.js';
import { AccessToken } from '#domain/access-token.js';
import { SecretValue } from '#domain/secret-value.js';
import type { UserIdentity } from '#domain/user-identity.js';
import { ConfigurationError } from '#main/config/configuration-error.js';
import { loadConfig } from '#main/config/load-config.js';
import { createConnector, type ConnectorExtensions } from '#main/create-connector.js';
import { InMemoryAccountLinkRepository, sendJson, startLoopbackServer, stubSecretStore, stubTokenRevoker, TokenFactory } from '#main/testing/index.js';
import { aSucceededLink } from '../../support/account-links.js';
import type { AccountLinkRepository } from '#application/ports/account-link-repository.js';
import { TOKENS } from '#main/tokens.js';
import { activateUserEnvelope, generalAuthorizationEnvelope, SECRET_ARN, SECRET_VERSION_ID } from '../../support/envelopes.js';

/** A custom source, as an embedding team would write one for a profile API that is not OIDC. */
class AcmeProfileSource implements IdentitySource {
  readonly seen: string[] = [];
  constructor(private readonly known: Readonly<Record<string, string>> = { 'acme-token': 'acme-7' }) {}

  async identify(token: AccessToken): Promise<IdentityOutcome> {
    this.seen.push(token.reveal());
    const account = this.known[token.reveal()];
    if (account === undefined) return { recognised: false, reason: 'not an Acme token' };
    return { recognised: true, claims: { userId: account, issuer: 'https://acme.example.com', subject: account, source: 'acme' } };
  }
}

class DiscoverDevices implements UserOperationHandler {
  readonly operationName = 'AWS.DiscoverDevices';
  readonly identities: string[] = [];
  async handle(_request: ConnectorRequest, identity: UserIdentity): Promise<ConnectorResult> {
    this.identities.push(identity.userId);
    return { responseMessage: 'discovery acknowledged', userId: identity.userId };
  }
}

const TOKEN_KEY = 'b'.repeat(64);

function configuration(env: Readonly<Record<string, string>> = {}) {
  return loadConfig({ LOG_LEVEL: 'silent', ...env });
}

function compositionProblems(env: Readonly<Record<string, string>>, extensions: ConnectorExtensions): string[] {
  try {
    createConnector(configuration(env), extensions);
  } catch (error) {
    if (error instanceof ConfigurationError) return error.problems.map((p) => `${p.variable}: ${p.problem}`);
    throw error;
  }
  return expect.fail('the composition was accepted');
}

const withOperation = (envelope: Record<string, unknown>, operationName: string) => ({
  ...envelope,
  payload: { ...(envelope['payload'] as object), operationName, operationVersion: '1.0' },
});

describe('composition (createConnector: the one path every entry takes)', () => {
  describe('identity sources registered by name', () => {
    it('uses a registered source where C2C_IDENTITY_SOURCES names it, with no built-in variable set', async () => {
      const acme = new AcmeProfileSource();
      const { handler } = createConnector(configuration({ C2C_IDENTITY_SOURCES: 'acme' }), { identitySources: { acme } });

      const answer = await handler(activateUserEnvelope('acme-token'));

      expect(answer).to.deep.equal({
        header: { responseCode: 200 },
        payload: { responseMessage: 'Successfully activated user with connector-id connector-1.', userId: 'acme-7' },
      });
      expect(acme.seen).to.deep.equal(['acme-token']);
    });

    it('puts a registered source after the built-in ones when C2C_IDENTITY_SOURCES is not set, and a declining userinfo passes the token on', async () => {
      const userinfo = await startLoopbackServer((_request, response) => sendJson(response, 401, { error: 'invalid_token' }));
      try {
        const acme = new AcmeProfileSource();
        const { handler } = createConnector(configuration({ C2C_USERINFO_URL: `${userinfo.url}/userinfo` }), { identitySources: { acme } });

        const answer = await handler(activateUserEnvelope('acme-token'));

        expect(answer.payload).to.include({ userId: 'acme-7' });
        expect(userinfo.requests).to.have.length(1);
      } finally {
        await userinfo.close();
      }
    });

    it('follows the listed order: a registered source first means a built-in one after it is not asked', async () => {
      const userinfo = await startLoopbackServer((_request, response) => sendJson(response, 200, { sub: 'never' }));
      try {
        const { handler } = createConnector(
          configuration({ C2C_IDENTITY_SOURCES: 'acme,userinfo', C2C_USERINFO_URL: `${userinfo.url}/userinfo` }),
          { identitySources: { acme: new AcmeProfileSource() } },
        );
        expect((await handler(activateUserEnvelope('acme-token'))).payload).to.include({ userId: 'acme-7' });
        expect(userinfo.requests).to.have.length(0);
      } finally {
        await userinfo.close();
      }
    });

    it('answers INVALID_TOKEN naming every source that declined', async () => {
      const { handler } = createConnector(configuration(), { identitySources: { acme: new AcmeProfileSource(), beta: new AcmeProfileSource({}) } });
      const answer = await handler(activateUserEnvelope('someone-elses-token'));
      expect(answer.header.responseCode).to.equal(401);
      expect(answer.payload).to.include({ errorCode: 'INVALID_TOKEN' });
      expect(answer.payload.responseMessage).to.contain('acme: not an Acme token').and.contain('beta: not an Acme token');
      expect(answer.payload.responseMessage).to.not.contain('someone-elses-token');
    });

    it('refuses at start a listed name that nothing registers, naming the variable and the known names', () => {
      const problems = compositionProblems({ C2C_IDENTITY_SOURCES: 'acme,okta' }, { identitySources: { acme: new AcmeProfileSource() } });
      expect(problems).to.deep.equal(['C2C_IDENTITY_SOURCES: "okta" names no identity source; the known ones are jwt, introspection, userinfo, acme']);
    });

    it('refuses a registered source that an explicit C2C_IDENTITY_SOURCES leaves out, rather than ignoring it', () => {
      const problems = compositionProblems(
        { C2C_IDENTITY_SOURCES: 'userinfo', C2C_USERINFO_URL: 'https://idp.example.com/userinfo' },
        { identitySources: { acme: new AcmeProfileSource() } },
      );
      expect(problems).to.have.length(1);
      expect(problems[0]).to.match(/^C2C_IDENTITY_SOURCES: does not list "acme", which was registered/);
    });

    it('refuses a registered source under a built-in name or a malformed one, and an object that is not a source', () => {
      const problems = compositionProblems(
        {},
        { identitySources: { jwt: new AcmeProfileSource(), 'Not A Name': new AcmeProfileSource(), broken: {} as IdentitySource } },
      );
      expect(problems).to.deep.equal([
        'identitySources.jwt: is the name of a built-in source: register yours under a name of its own',
        'identitySources.Not A Name: is not a source name (lower-case letters, digits, - and _, at most 32)',
        'identitySources.broken: is not an IdentitySource (it has no identify method)',
      ]);
    });

    it('refuses a source whose identifyCredential is not a method', () => {
      const odd = { identify: () => Promise.resolve({ recognised: false, reason: 'no' }), identifyCredential: 'yes' } as unknown as IdentitySource;
      expect(compositionProblems({}, { identitySources: { odd } })).to.deep.equal(['identitySources.odd: has an identifyCredential that is not a method']);
    });

    it('says how to configure a source when there is none at all', () => {
      expect(compositionProblems({}, {})[0]).to.match(/^C2C_IDENTITY_SOURCES: no identity source is configured: .*register a source/);
    });
  });

  describe('operations and ports', () => {
    it('runs a registered operation for the identity the token resolves to', async () => {
      const discover = new DiscoverDevices();
      const { handler } = createConnector(configuration(), { identitySources: { acme: new AcmeProfileSource() }, operations: [discover] });

      const answer = await handler(withOperation(activateUserEnvelope('acme-token'), 'AWS.DiscoverDevices'));

      expect(answer).to.deep.equal({ header: { responseCode: 200 }, payload: { responseMessage: 'discovery acknowledged', userId: 'acme-7' } });
      expect(discover.identities).to.deep.equal(['acme-7']);
    });

    it('refuses two handlers for one operation, and a handler for an operation the connector handles itself', () => {
      const problems = compositionProblems(
        {},
        {
          identitySources: { acme: new AcmeProfileSource() },
          operations: [new DiscoverDevices(), new DiscoverDevices(), { operationName: 'AWS.ActivateUser', handle: () => Promise.resolve({ responseMessage: 'never' }) }],
        },
      );
      expect(problems).to.deep.equal([
        'operations[1]: handles AWS.DiscoverDevices, which another handler given handles too',
        'operations[2]: handles AWS.ActivateUser, which the connector handles itself',
      ]);
    });

    it('uses a given AccountLinkRepository with no store configured, behind the encryption at rest: DeactivateUser removes the link', async () => {
      const links = new InMemoryAccountLinkRepository();
      const link = aSucceededLink({ userId: 'acme-7' });
      const connector = createConnector(configuration({ C2C_TOKEN_ENCRYPTION_KEY: TOKEN_KEY }), {
        identitySources: { acme: new AcmeProfileSource() },
        ports: { accountLinkRepository: links, tokenRevoker: stubTokenRevoker() },
      });
      await connector.container.get<AccountLinkRepository>(TOKENS.AccountLinkRepository).create(link);
      const stored = (await links.findById(link.associationId))?.tokens?.accessToken.reveal();
      expect(stored?.split('.')).to.have.length(5);
      expect(stored).to.not.contain(link.tokens?.accessToken.reveal());

      const answer = await connector.handler(withOperation(activateUserEnvelope('acme-token'), 'AWS.DeactivateUser'));

      expect(answer.header.responseCode).to.equal(200);
      expect(await links.findById(link.associationId)).to.equal(undefined);
    });

    it('reads General Authorization secrets from a given SecretStore, whatever C2C_SECRET_STORE says', async () => {
      const secrets = stubSecretStore();
      secrets.resolve.resolves(SecretValue.of('{"apiKey":"acme-token"}'));
      const acme = new AcmeProfileSource();
      const viaKey: IdentitySource = { identify: (token) => acme.identify(token), identifyCredential: (credential) => acme.identify(AccessToken.of(credential.secret.field('apiKey')?.reveal() ?? '-')) };
      const { handler } = createConnector(configuration({ C2C_SECRET_STORE: 'local', C2C_LOCAL_SECRETS_FILE: '/nonexistent/secrets.json' }), {
        identitySources: { acme: viaKey },
        ports: { secretStore: secrets },
      });

      expect(await handler(generalAuthorizationEnvelope())).to.have.nested.property('payload.userId', 'acme-7');
      expect(secrets.resolve.firstCall.args[0]).to.deep.equal({ arn: SECRET_ARN, versionId: SECRET_VERSION_ID });
    });

    it('refuses a given AccountLinkRepository without a key to encrypt the tokens it would keep', () => {
      const problems = compositionProblems({}, {
        identitySources: { acme: new AcmeProfileSource() },
        ports: { accountLinkRepository: new InMemoryAccountLinkRepository() },
      });
      expect(problems).to.deep.equal([
        'C2C_TOKEN_ENCRYPTION_KEY: is required to encrypt tokens at rest in the AccountLinkRepository given to createConnector (ports.accountLinkRepository)',
      ]);
    });

    it('refuses ports that only the linking flow uses when it is not configured, and names that are not ports', () => {
      const problems = compositionProblems(
        {},
        {
          identitySources: { acme: new AcmeProfileSource() },
          ports: { tokenExchanger: { exchange: () => Promise.reject(new Error('unused')) }, tokenVerifier: {} } as ConnectorExtensions['ports'],
        },
      );
      expect(problems).to.deep.equal([
        'ports.tokenVerifier: is not a port that can be given; the ports are clock, logger, accountLinkRepository, identityCache, tokenRevoker, secretStore, deviceCloud, connectorEvents, tokenExchanger, connectorClient, secretGenerator',
      ]);
      const linkingOnly = compositionProblems({}, {
        identitySources: { acme: new AcmeProfileSource() },
        ports: { tokenExchanger: { exchange: () => Promise.reject(new Error('unused')) } },
      });
      expect(linkingOnly).to.deep.equal([
        'ports.tokenExchanger: is used only by the linking flow, which is not configured (set C2C_AUTHORIZATION_URL, C2C_TOKEN_URL and C2C_OAUTH_REDIRECT_URL)',
      ]);
    });
  });

  describe('entries', () => {
    it('serves the same router over HTTP (POST /connector) as the Lambda handler', async () => {
      const connector = createConnector(configuration(), { identitySources: { acme: new AcmeProfileSource() } });
      const server = await connector.server();
      try {
        await server.ready();
        const response = await server.app.inject({ method: 'POST', url: '/connector', payload: activateUserEnvelope('acme-token') });
        expect(response.statusCode).to.equal(200);
        expect(response.json()).to.deep.equal(await connector.handler(activateUserEnvelope('acme-token')));
        expect((await connector.router()).operations).to.have.members(['AWS.ActivateUser', 'AWS.DeactivateUser']);
      } finally {
        await connector.close();
      }
    });

    it('loads neither fastify, pino, the AWS SDK nor class-validator for a connector answering through its handler (the Lambda\'s path)', async function () {
      this.timeout(15_000);
      const entry = fileURLToPath(new URL('../../../dist/main/index.js', import.meta.url));
      // CommonJS packages imported from ESM land in the CommonJS module cache: what is there was loaded.
      const script = `
        const { createRequire } = await import('node:module');
        const { createConnector, loadConfig } = await import(${JSON.stringify(entry)});
        const connector = createConnector(loadConfig({ LOG_LEVEL: 'silent', C2C_USERINFO_URL: 'https://idp.example.com/userinfo' }));
        await connector.ready;
        await connector.router();
        const loaded = Object.keys(createRequire(import.meta.url).cache);
        process.stdout.write(JSON.stringify(loaded.filter((path) => /node_modules[\\\\/](fastify|pino|sonic-boom|@aws-sdk|dynalite|oidc-provider|class-validator|class-transformer)[\\\\/]/.test(path))));
      `;
      const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
        env: { PATH: process.env['PATH'] ?? '' },
        timeout: 10_000,
      });
      expect(JSON.parse(stdout)).to.deep.equal([]);
    });

    it('fetches the issuers\' key sets at start, before any invocation, from createConnector as from the Lambda entry', async function () {
      this.timeout(15_000);
      const tokens = await TokenFactory.create({ issuer: 'https://idp.example.com', audience: 'connector-api' });
      const jwks = await startLoopbackServer((_request, response) => sendJson(response, 200, tokens.jwks()));
      const env = {
        LOG_LEVEL: 'silent',
        C2C_JWKS_URI: `${jwks.url}/jwks`,
        C2C_JWT_ISSUER: 'https://idp.example.com',
        C2C_JWT_AUDIENCE: 'connector-api',
      };
      try {
        createConnector(loadConfig(env));
        await until(() => jwks.requests.length === 1);

        const lambdaEntry = fileURLToPath(new URL('../../../dist/main/lambda.js', import.meta.url));
        // The module's import alone, as the Lambda runtime's init phase does it; the process ends once the keys are in.
        await promisify(execFile)(process.execPath, ['--input-type=module', '-e', `await import(${JSON.stringify(lambdaEntry)});`], {
          env: { ...env, PATH: process.env['PATH'] ?? '' },
          timeout: 10_000,
        });
        expect(jwks.requests).to.have.length(2);
      } finally {
        await jwks.close();
      }
    });
  });
});

/** Waits for real I/O (a request reaching a loopback server), not for time to pass. */
async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const giveUpAt = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > giveUpAt) expect.fail('the expected request never came');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
