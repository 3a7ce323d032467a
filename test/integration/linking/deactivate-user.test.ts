import { randomBytes } from 'node:crypto';
import { SystemClock } from '#adapters/clock/system-clock.js';
import { expect } from 'chai';
import sinon from 'sinon';
import { DevAuthorizationServer } from '#adapters/dev-authorization-server/dev-authorization-server.js';
import type { ConnectorLambdaHandler } from '#adapters/lambda/lambda-handler.js';
import { AxiosTokenRevoker } from '#adapters/oauth/axios-token-revoker.js';
import { createHttpClient } from '#adapters/outbound-http/http-client.js';
import { Deadline } from '#application/deadline.js';
import { AccessToken } from '#domain/access-token.js';
import { loadConfig } from '#main/config/load-config.js';
import { createConnector } from '#main/create-connector.js';
import { InMemoryAccountLinkRepository } from '#main/testing/index.js';
import { TOKENS } from '#main/tokens.js';
import type { AccountLinkRepository } from '#application/ports/account-link-repository.js';
import { aSucceededLink } from '../../support/account-links.js';
import { oauthClientFor, obtainTokens, type IssuedTokens } from '../../support/dev-authorization-server-fixture.js';
import type { OAuthTestClient } from '../../support/oauth-test-client.js';

/** Real time: these tests run against real servers whose answers (and hangs) take real time. */
const clock = new SystemClock();

function envelope(operationName: 'AWS.ActivateUser' | 'AWS.DeactivateUser', token: string, operationVersion = '1.0'): Record<string, unknown> {
  return {
    header: { auth: { token, type: 'OAuth2.0' } },
    payload: { operationName, operationVersion, connectorId: 'connector-1' },
  };
}

for (const mode of [
  { accessTokenFormat: 'opaque', authScheme: 'REQUEST_BODY_CREDENTIALS' },
  { accessTokenFormat: 'jwt', authScheme: 'HTTP_BASIC' },
] as const) {
  describe(`AWS.DeactivateUser against the real authorization server (${mode.accessTokenFormat} access tokens, ${mode.authScheme})`, function () {
    this.timeout(20_000);
    const server = new DevAuthorizationServer({
      accessTokenFormat: mode.accessTokenFormat,
      client: { redirectUris: ['http://127.0.0.1:9/oauth/callback'] },
    });
    let client: OAuthTestClient;
    let env: Record<string, string>;

    before(async () => {
      await server.start();
      client = oauthClientFor(server);
      env = {
        ...(mode.accessTokenFormat === 'jwt'
          ? { C2C_JWKS_URI: server.jwksUri, C2C_JWT_ISSUER: server.issuer, C2C_JWT_AUDIENCE: server.resource }
          : { C2C_USERINFO_URL: server.userinfoUrl }),
        C2C_REVOCATION_URL: server.revocationUrl,
        C2C_CLIENT_ID: server.client.clientId,
        C2C_CLIENT_SECRET: server.client.clientSecret,
        C2C_TOKEN_AUTH_SCHEME: mode.authScheme,
        C2C_TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64url'),
      };
    });
    after(() => server.stop());

    async function linkedUser(links: AccountLinkRepository): Promise<{ tokens: IssuedTokens; associationId: string }> {
      const tokens = await obtainTokens(server, client);
      const link = aSucceededLink({
        userId: server.users[0]!.accountId,
        tokens: { accessToken: AccessToken.of(tokens.accessToken), refreshToken: AccessToken.of(tokens.refreshToken), expiresAt: undefined },
      });
      await links.create(link);
      return { tokens, associationId: link.associationId };
    }

    /** The connector with links in memory, and its repository: the in-memory one behind the encryption at rest. */
    function connectorWith(overrides: Record<string, string> = {}): { handler: ConnectorLambdaHandler; links: AccountLinkRepository } {
      const connector = createConnector(loadConfig({ LOG_LEVEL: 'silent', ...env, ...overrides }), {
        ports: { accountLinkRepository: new InMemoryAccountLinkRepository() },
      });
      return { handler: connector.handler, links: connector.container.get<AccountLinkRepository>(TOKENS.AccountLinkRepository) };
    }

    it('revokes the refresh token, removes the link and answers 200; a second call answers 200 too', async () => {
      const { handler, links } = connectorWith();
      const { tokens, associationId } = await linkedUser(links);

      const answer = await handler(envelope('AWS.DeactivateUser', tokens.accessToken));

      expect(answer).to.deep.equal({
        header: { responseCode: 200 },
        payload: { responseMessage: 'Successfully deactivated user with connector-id connector-1.' },
      });
      expect(await links.findById(associationId)).to.equal(undefined);
      const refreshed = await client.refresh(tokens.refreshToken);
      expect(refreshed.status).to.equal(400);
      expect(refreshed.body['error']).to.equal('invalid_grant');

      const again = await handler(envelope('AWS.DeactivateUser', tokens.accessToken, '1.0.0'));
      expect(again.header.responseCode).to.equal(200);
    });

    if (mode.accessTokenFormat === 'opaque') {
      it('revokes the opaque access token: introspection calls it inactive and ActivateUser now refuses it', async () => {
        const { handler, links } = connectorWith();
        const { tokens } = await linkedUser(links);
        expect((await handler(envelope('AWS.ActivateUser', tokens.accessToken))).header.responseCode).to.equal(200);

        await handler(envelope('AWS.DeactivateUser', tokens.accessToken));

        expect((await client.introspect(tokens.accessToken)).body).to.deep.equal({ active: false });
        const activation = await handler(envelope('AWS.ActivateUser', tokens.accessToken));
        expect(activation.header.responseCode).to.equal(401);
        expect(activation.payload.errorCode).to.equal('INVALID_TOKEN');
      });
    } else {
      it('treats the JWT access token, which the server cannot revoke, as nothing to revoke', async () => {
        const tokens = await obtainTokens(server, client);
        const revoker = new AxiosTokenRevoker(createHttpClient(), {
          revocationUrl: server.revocationUrl,
          clientId: server.client.clientId,
          clientSecret: server.client.clientSecret,
          authScheme: mode.authScheme,
        });
        const revoke = sinon.spy(revoker, 'revoke');
        expect(await revoker.revoke(AccessToken.of(tokens.accessToken), 'access_token', Deadline.in(1500, clock))).to.equal('unsupported');
        expect(await revoker.revoke(AccessToken.of(tokens.refreshToken), 'refresh_token', Deadline.in(1500, clock))).to.equal('revoked');
        expect(revoke.callCount).to.equal(2);
      });
    }

    it('throws IDENTITY_PROVIDER_UNAVAILABLE from the Lambda entry when the revocation endpoint is unreachable, keeping the link DELETING', async () => {
      const { handler, links } = connectorWith({ C2C_REVOCATION_URL: 'http://127.0.0.1:9/revoke' });
      const { tokens, associationId } = await linkedUser(links);

      const failure = await handler(envelope('AWS.DeactivateUser', tokens.accessToken)).then(
        () => undefined,
        (error: unknown) => error,
      );

      expect(failure).to.be.instanceOf(Error).with.property('name', 'IDENTITY_PROVIDER_UNAVAILABLE');
      expect((failure as Error).message).not.to.contain(tokens.accessToken).and.not.to.contain(server.client.clientSecret);
      expect((await links.findById(associationId))?.state).to.equal('ASSOCIATION_DELETING');
      expect((await client.refresh(tokens.refreshToken)).status).to.equal(200);
    });
  });
}
