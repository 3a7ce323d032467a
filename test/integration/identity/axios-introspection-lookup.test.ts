import { SystemClock } from '#adapters/clock/system-clock.js';
import { expect } from 'chai';
import { Deadline } from '#application/deadline.js';
import { DevAuthorizationServer } from '#adapters/dev-authorization-server/dev-authorization-server.js';
import { AxiosIntrospectionLookup } from '#adapters/introspection/axios-introspection-lookup.js';
import { createHttpClient } from '#adapters/outbound-http/http-client.js';
import { AccessToken } from '#domain/access-token.js';
import { ConnectorMisconfigured } from '#domain/errors/connector-misconfigured.js';
import type { DomainError } from '#domain/errors/domain-error.js';
import { IdentityProviderUnavailable } from '#domain/errors/identity-provider-unavailable.js';
import { InvalidToken } from '#domain/errors/invalid-token.js';
import { obtainTokens, oauthClientFor } from '../../support/dev-authorization-server-fixture.js';
import { claimsOf, declineReasonOf } from '../../support/identity-outcomes.js';
import { expectDomainError } from '../../support/expect-domain-error.js';
import { sendJson, startLoopbackServer, type LoopbackServer, type Respond } from '#main/testing/index.js';

/** Real time: these tests run against real servers whose answers (and hangs) take real time. */
const clock = new SystemClock();

describe('AxiosIntrospectionLookup (RFC 7662)', () => {
  describe('against the development authorization server, opaque tokens', function () {
    this.timeout(20_000);
    let server: DevAuthorizationServer;

    before(async () => {
      server = new DevAuthorizationServer({ accessTokenFormat: 'opaque' });
      await server.start();
    });
    after(() => server.stop());

    const lookupWith = (authScheme: 'HTTP_BASIC' | 'REQUEST_BODY_CREDENTIALS', clientSecret = server.client.clientSecret) =>
      new AxiosIntrospectionLookup(createHttpClient(), {
        url: server.introspectionUrl,
        clientId: server.client.clientId,
        clientSecret,
        authScheme,
      });

    it('resolves the owner of an active token, with either client authentication', async () => {
      const { accessToken } = await obtainTokens(server);
      for (const scheme of ['HTTP_BASIC', 'REQUEST_BODY_CREDENTIALS'] as const) {
        const claims = await claimsOf(lookupWith(scheme).identify(AccessToken.of(accessToken), Deadline.in(2000, clock)));
        expect(claims).to.deep.include({ userId: server.users[0]!.accountId, issuer: server.issuer, source: 'introspection' });
        expect(claims.expiresAt?.getTime()).to.be.greaterThan(Date.now());
      }
    });

    it('declines a revoked token (active: false), so a later source may know it', async () => {
      const { accessToken } = await obtainTokens(server);
      await oauthClientFor(server).revoke(accessToken, 'access_token');
      const reason = await declineReasonOf(lookupWith('HTTP_BASIC').identify(AccessToken.of(accessToken), Deadline.in(2000, clock)));
      expect(reason).to.equal('the authorization server says the token is not active');
    });

    it('reports wrong client credentials as the connector\'s configuration, not the user\'s token', async () => {
      const { accessToken } = await obtainTokens(server);
      const error = await expectDomainError(lookupWith('HTTP_BASIC', 'wrong-secret').identify(AccessToken.of(accessToken), Deadline.in(2000, clock)), {
        type: ConnectorMisconfigured,
        code: 'CONFIGURATION_ERROR',
        secret: accessToken,
      });
      expect(error.message).to.contain('C2C_INTROSPECTION_CLIENT_SECRET').and.not.contain('wrong-secret');
    });
  });

  describe('against loopback endpoints', () => {
    let endpoint: LoopbackServer | undefined;
    afterEach(async () => {
      await endpoint?.close();
      endpoint = undefined;
    });
    const lookupAt = (url: string) =>
      new AxiosIntrospectionLookup(createHttpClient(), { url, clientId: 'c', clientSecret: 's', userKey: { claim: 'uid' } });

    it('posts the token with a type hint and reads the configured claim', async () => {
      endpoint = await startLoopbackServer((_req, res) => sendJson(res, 200, { active: true, uid: 'u-7', sub: 's-7', iss: 'https://i' }));
      const claims = await claimsOf(lookupAt(`${endpoint.url}/introspect`).identify(AccessToken.of('opaque-1'), Deadline.in(500, clock)));
      expect(claims).to.deep.include({ userId: 'u-7', subject: 's-7', issuer: 'https://i' });
      expect(Object.fromEntries(new URLSearchParams(endpoint.requests[0]!.body))).to.deep.equal({
        token: 'opaque-1',
        token_type_hint: 'access_token',
      });
    });

    it('maps 5xx, 429 and hangs to IDENTITY_PROVIDER_UNAVAILABLE, wrong URLs and non-JSON to CONFIGURATION_ERROR, a missing claim to INVALID_TOKEN', async () => {
      const cases: { respond: Respond; expected: 'IDENTITY_PROVIDER_UNAVAILABLE' | 'CONFIGURATION_ERROR' | 'INVALID_TOKEN' }[] = [
        { respond: (_req, res) => sendJson(res, 500, {}), expected: 'IDENTITY_PROVIDER_UNAVAILABLE' },
        { respond: (_req, res) => sendJson(res, 429, {}), expected: 'IDENTITY_PROVIDER_UNAVAILABLE' },
        { respond: () => undefined, expected: 'IDENTITY_PROVIDER_UNAVAILABLE' },
        { respond: (_req, res) => sendJson(res, 404, {}), expected: 'CONFIGURATION_ERROR' },
        { respond: (_req, res) => sendJson(res, 405, {}), expected: 'CONFIGURATION_ERROR' },
        { respond: (_req, res) => sendJson(res, 400, { error: 'invalid_client' }), expected: 'CONFIGURATION_ERROR' },
        { respond: (_req, res) => void res.writeHead(200).end('<html>'), expected: 'CONFIGURATION_ERROR' },
        { respond: (_req, res) => sendJson(res, 200, { active: true }), expected: 'INVALID_TOKEN' },
      ];
      const types: Record<string, abstract new (...args: never[]) => DomainError> = {
        IDENTITY_PROVIDER_UNAVAILABLE: IdentityProviderUnavailable,
        CONFIGURATION_ERROR: ConnectorMisconfigured,
        INVALID_TOKEN: InvalidToken,
      };
      for (const { respond, expected } of cases) {
        endpoint = await startLoopbackServer(respond);
        const lookup = lookupAt(endpoint.url).identify(AccessToken.of('opaque-2'), Deadline.in(300, clock));
        await expectDomainError(lookup, { type: types[expected]!, code: expected, secret: 'opaque-2' });
        await endpoint.close();
        endpoint = undefined;
      }
    });
  });
});
