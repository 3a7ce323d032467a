import { expect } from 'chai';
import type { ConnectorLambdaHandler } from '#adapters/lambda/lambda-handler.js';
import { ConfigurationError } from '#main/config/configuration-error.js';
import { createConnector } from '#main/create-connector.js';
import { loadConfig } from '#main/config/load-config.js';
import { activateUserEnvelope } from '../../support/envelopes.js';
import {
  AUTH0,
  auth0AccessToken,
  auth0ClientCredentialsToken,
  auth0IdToken,
  auth0Rfc9068AccessToken,
  COGNITO,
  cognitoAccessToken,
  cognitoIdToken,
  ENTRA,
  entraV1AccessToken,
  entraV1IdToken,
  entraV2AccessToken,
  entraV2IdToken,
  genericIdToken,
  OKTA,
  oktaAccessToken,
  oktaIdToken,
  signedAs,
  type ProviderToken,
} from '../../support/provider-tokens.js';
import { sendJson, startLoopbackServer, type LoopbackServer, TokenFactory } from '#main/testing/index.js';

/** One provider's signing key and key set, and connectors configured for it. */
interface Provider {
  readonly tokens: TokenFactory;
  readonly jwks: LoopbackServer;
  /** A connector with the profile and `env` (the README's variables for this provider). */
  readonly connector: (env: Record<string, string>) => ConnectorLambdaHandler;
}

type Envelope = Awaited<ReturnType<ConnectorLambdaHandler>>;

async function provider(profile: string): Promise<Provider> {
  const tokens = await TokenFactory.create({ issuer: 'https://unused.example.com', audience: 'unused' });
  const jwks = await startLoopbackServer((_req, res) => sendJson(res, 200, tokens.jwks()));
  const connector = (env: Record<string, string>) =>
    createConnector(loadConfig({ LOG_LEVEL: 'silent', C2C_PROVIDER_PROFILE: profile, C2C_JWKS_URI: `${jwks.url}/jwks`, ...env })).handler;
  return { tokens, jwks, connector };
}

describe('provider profiles, with tokens shaped like each provider\'s', () => {
  const opened: Provider[] = [];
  after(async () => {
    for (const p of opened) await p.jwks.close();
  });
  const open = async (profile: string) => {
    const p = await provider(profile);
    opened.push(p);
    return p;
  };

  function activate(p: Provider, handler: ConnectorLambdaHandler, token: ProviderToken): Promise<Envelope> {
    return signedAs(p.tokens, token).then((jwt) => handler(activateUserEnvelope(jwt)));
  }

  function expectUserId(response: Envelope): string {
    expect(response.header, JSON.stringify(response.payload)).to.deep.equal({ responseCode: 200 });
    return response.payload.userId as string;
  }

  /** Refused with INVALID_TOKEN, for the reason `reason` says, and without repeating `values` of the token. */
  function expectRefused(response: Envelope, reason: string | RegExp, ...values: string[]): void {
    expect(response.header.responseCode, JSON.stringify(response.payload)).to.equal(401);
    expect(response.payload.errorCode).to.equal('INVALID_TOKEN');
    if (typeof reason === 'string') expect(response.payload.responseMessage).to.contain(reason);
    else expect(response.payload.responseMessage).to.match(reason);
    for (const value of values) expect(response.payload.responseMessage).not.to.contain(value);
  }

  describe('Amazon Cognito', () => {
    let cognito: Provider;
    let documented: ConnectorLambdaHandler;
    before(async () => {
      cognito = await open('cognito');
      documented = cognito.connector({ C2C_JWT_ISSUER: COGNITO.issuer, C2C_JWT_AUDIENCE: COGNITO.clientId });
    });

    it('resolves an access token (no typ, no aud: client_id is checked instead) to sub', async () => {
      expect(expectUserId(await activate(cognito, documented, cognitoAccessToken()))).to.equal(COGNITO.subject);
    });

    it('refuses another app client\'s access token, naming client_id', async () => {
      const response = await activate(cognito, documented, cognitoAccessToken({ client_id: COGNITO.otherClientId }));
      expectRefused(response, '"client_id"', COGNITO.otherClientId);
    });

    it('refuses the ID token, by its at_hash or, without one, by token_use', async () => {
      expectRefused(await activate(cognito, documented, cognitoIdToken()), 'ID token (its "at_hash" claim)');
      expectRefused(await activate(cognito, documented, cognitoIdToken({ at_hash: undefined })), 'ID token (its "token_use" claim)');
    });

    it('applies C2C_JWT_CLIENT_IDS to client_id', async () => {
      const checked = cognito.connector({
        C2C_JWT_ISSUER: COGNITO.issuer,
        C2C_JWT_AUDIENCE: `${COGNITO.clientId},${COGNITO.otherClientId}`,
        C2C_JWT_CLIENT_IDS: COGNITO.clientId,
      });
      expect(expectUserId(await activate(cognito, checked, cognitoAccessToken()))).to.equal(COGNITO.subject);
      expectRefused(await activate(cognito, checked, cognitoAccessToken({ client_id: COGNITO.otherClientId })), 'another client');
    });
  });

  describe('Auth0, both token profiles', () => {
    let auth0: Provider;
    let documented: ConnectorLambdaHandler;
    let checked: ConnectorLambdaHandler;
    before(async () => {
      auth0 = await open('auth0');
      documented = auth0.connector({ C2C_JWT_ISSUER: AUTH0.issuer, C2C_JWT_AUDIENCE: AUTH0.audience });
      checked = auth0.connector({ C2C_JWT_ISSUER: AUTH0.issuer, C2C_JWT_AUDIENCE: AUTH0.audience, C2C_JWT_CLIENT_IDS: AUTH0.clientId });
    });

    it('resolves the default profile (typ JWT, azp) and the RFC 9068 profile (typ at+jwt, client_id) to one issuer-scoped id', async () => {
      const byDefault = expectUserId(await activate(auth0, documented, auth0AccessToken()));
      const byRfc9068 = expectUserId(await activate(auth0, documented, auth0Rfc9068AccessToken()));
      expect(byDefault).to.match(/^[A-Za-z0-9_-]{43}$/);
      expect(byRfc9068).to.equal(byDefault);
      const other = expectUserId(await activate(auth0, documented, auth0AccessToken({ sub: 'google-oauth2|1234' })));
      expect(other).not.to.equal(byDefault);
    });

    it('resolves a client-credentials token of the default profile (gty, azp)', async () => {
      expectUserId(await activate(auth0, checked, auth0ClientCredentialsToken()));
    });

    it('with C2C_JWT_CLIENT_IDS, resolves its client\'s tokens and refuses another client\'s, naming azp or client_id', async () => {
      expectUserId(await activate(auth0, checked, auth0AccessToken()));
      expectUserId(await activate(auth0, checked, auth0Rfc9068AccessToken()));
      expectRefused(await activate(auth0, checked, auth0AccessToken({ azp: AUTH0.otherClientId })), '"azp" claim is not acceptable', AUTH0.otherClientId);
      expectRefused(
        await activate(auth0, checked, auth0Rfc9068AccessToken({ client_id: AUTH0.otherClientId })),
        '"client_id" claim is not acceptable',
        AUTH0.otherClientId,
      );
    });

    it('refuses the ID token even where the client id is (wrongly) an accepted audience: by its nonce, or by naming no client', async () => {
      const lax = auth0.connector({ C2C_JWT_ISSUER: AUTH0.issuer, C2C_JWT_AUDIENCE: `${AUTH0.audience},${AUTH0.clientId}` });
      expectRefused(await activate(auth0, lax, auth0IdToken()), 'ID token (its "nonce" claim)');
      expectRefused(await activate(auth0, lax, auth0IdToken({ nonce: undefined })), 'names no client ("azp" or "client_id")');
    });
  });

  describe('Okta', () => {
    let okta: Provider;
    let documented: ConnectorLambdaHandler;
    before(async () => {
      okta = await open('okta');
      documented = okta.connector({ C2C_JWT_ISSUER: OKTA.issuer, C2C_JWT_AUDIENCE: OKTA.audience });
    });

    it('resolves an access token without typ, as Okta issues it, to the immutable uid', async () => {
      expect(expectUserId(await activate(okta, documented, oktaAccessToken()))).to.equal(OKTA.userId);
    });

    it('also resolves it with typ at+jwt or JWT', async () => {
      for (const typ of ['at+jwt', 'JWT']) {
        const token = { ...oktaAccessToken(), header: { typ } };
        expect(expectUserId(await activate(okta, documented, token)), typ).to.equal(OKTA.userId);
      }
    });

    it('refuses a token without uid with a message naming the claim', async () => {
      expectRefused(await activate(okta, documented, oktaAccessToken({ uid: undefined })), '"uid"');
    });

    it('with C2C_JWT_CLIENT_IDS, refuses another client\'s token, naming cid', async () => {
      const checked = okta.connector({ C2C_JWT_ISSUER: OKTA.issuer, C2C_JWT_AUDIENCE: OKTA.audience, C2C_JWT_CLIENT_IDS: OKTA.clientId });
      expect(expectUserId(await activate(okta, checked, oktaAccessToken()))).to.equal(OKTA.userId);
      expectRefused(await activate(okta, checked, oktaAccessToken({ cid: OKTA.otherClientId })), '"cid" claim is not acceptable', OKTA.otherClientId);
    });

    it('refuses the ID token even where the client id is (wrongly) an accepted audience', async () => {
      const lax = okta.connector({ C2C_JWT_ISSUER: OKTA.issuer, C2C_JWT_AUDIENCE: `${OKTA.audience},${OKTA.clientId}` });
      expectRefused(await activate(okta, lax, oktaIdToken()), 'ID token (its "at_hash" claim)');
      expectRefused(await activate(okta, lax, oktaIdToken({ at_hash: undefined })), 'ID token (its "nonce" claim)');
      expectRefused(await activate(okta, lax, oktaIdToken({ at_hash: undefined, nonce: undefined })), 'names no client ("cid")');
    });
  });

  describe('Microsoft Entra ID, v2 and v1 tokens', () => {
    let entra: Provider;
    let v2: ConnectorLambdaHandler;
    let v1: ConnectorLambdaHandler;
    before(async () => {
      entra = await open('entra');
      v2 = entra.connector({ C2C_JWT_ISSUER: ENTRA.v2Issuer, C2C_JWT_AUDIENCE: ENTRA.apiAppId });
      v1 = entra.connector({ C2C_JWT_ISSUER: ENTRA.v1Issuer, C2C_JWT_AUDIENCE: ENTRA.apiAppIdUri });
    });

    it('resolves a v2 token, whose aud is the API\'s application id, to one stable id from tid and oid', async () => {
      const a = expectUserId(await activate(entra, v2, entraV2AccessToken()));
      const b = expectUserId(await activate(entra, v2, entraV2AccessToken({ sub: 'pairwise-subject-for-another-app' })));
      const otherUser = expectUserId(await activate(entra, v2, entraV2AccessToken({ oid: '11111111-0000-0000-66f3-3332eca7ea81' })));
      expect(a).to.match(/^[A-Za-z0-9_-]{43}$/);
      expect(b).to.equal(a);
      expect(otherUser).not.to.equal(a);
    });

    it('refuses a v2 token where the application ID URI is configured as the audience: v2 tokens never carry it', async () => {
      const byIdUri = entra.connector({ C2C_JWT_ISSUER: ENTRA.v2Issuer, C2C_JWT_AUDIENCE: ENTRA.apiAppIdUri });
      expectRefused(await activate(entra, byIdUri, entraV2AccessToken()), '"aud"');
    });

    it('resolves a v1 token (ver 1.0, issuer sts.windows.net, aud the ID URI), which the v2 configuration does not take', async () => {
      expectUserId(await activate(entra, v1, entraV1AccessToken()));
      expectRefused(await activate(entra, v2, entraV1AccessToken()), 'issued by another issuer');
    });

    it('takes both versions with one C2C_JWT_ISSUERS entry each', async () => {
      const both = entra.connector({
        C2C_JWKS_URI: '',
        C2C_JWT_ISSUERS: JSON.stringify([
          { issuer: ENTRA.v2Issuer, jwksUri: `${entra.jwks.url}/jwks`, audience: ENTRA.apiAppId, profile: 'entra', clientIds: [ENTRA.clientAppId] },
          { issuer: ENTRA.v1Issuer, jwksUri: `${entra.jwks.url}/jwks`, audience: ENTRA.apiAppIdUri, profile: 'entra', clientIds: [ENTRA.clientAppId] },
        ]),
      });
      const byV2 = expectUserId(await activate(entra, both, entraV2AccessToken()));
      const byV1 = expectUserId(await activate(entra, both, entraV1AccessToken()));
      expect(byV1, 'the issuer is part of an issuer-scoped id').not.to.equal(byV2);
      expectRefused(await activate(entra, both, entraV1AccessToken({ appid: ENTRA.otherClientAppId })), '"appid"', ENTRA.otherClientAppId);
    });

    it('with C2C_JWT_CLIENT_IDS, refuses another client application\'s token, naming azp (v2) or appid (v1)', async () => {
      const checkedV2 = entra.connector({ C2C_JWT_ISSUER: ENTRA.v2Issuer, C2C_JWT_AUDIENCE: ENTRA.apiAppId, C2C_JWT_CLIENT_IDS: ENTRA.clientAppId });
      const checkedV1 = entra.connector({ C2C_JWT_ISSUER: ENTRA.v1Issuer, C2C_JWT_AUDIENCE: ENTRA.apiAppIdUri, C2C_JWT_CLIENT_IDS: ENTRA.clientAppId });
      expectUserId(await activate(entra, checkedV2, entraV2AccessToken()));
      expectUserId(await activate(entra, checkedV1, entraV1AccessToken()));
      expectRefused(await activate(entra, checkedV2, entraV2AccessToken({ azp: ENTRA.otherClientAppId })), '"azp" claim is not acceptable', ENTRA.otherClientAppId);
      expectRefused(await activate(entra, checkedV1, entraV1AccessToken({ appid: ENTRA.otherClientAppId })), '"appid" claim is not acceptable', ENTRA.otherClientAppId);
    });

    it('refuses v2 and v1 ID tokens where one registration is both the client and the API (so their aud is accepted)', async () => {
      const single = (issuer: string) => entra.connector({ C2C_JWT_ISSUER: issuer, C2C_JWT_AUDIENCE: ENTRA.clientAppId });
      const [singleV2, singleV1] = [single(ENTRA.v2Issuer), single(ENTRA.v1Issuer)];
      expectRefused(await activate(entra, singleV2, entraV2IdToken()), 'ID token (its "nonce" claim)');
      expectRefused(await activate(entra, singleV1, entraV1IdToken()), 'ID token (its "nonce" claim)');
      expectRefused(await activate(entra, singleV2, entraV2IdToken({ nonce: undefined })), 'names no client ("azp" or "appid")');
      expectRefused(await activate(entra, singleV1, entraV1IdToken({ nonce: undefined })), 'names no client ("azp" or "appid")');
      // That registration's own access tokens still resolve.
      expectUserId(await activate(entra, singleV2, entraV2AccessToken({ aud: ENTRA.clientAppId })));
    });

    it('refuses a token without oid', async () => {
      expectRefused(await activate(entra, v2, entraV2AccessToken({ oid: undefined })), '"oid"');
    });
  });

  describe('generic OIDC', () => {
    const issuer = 'https://idp.example.com';
    let generic: Provider;
    before(async () => {
      generic = await open('generic-oidc');
    });

    it('takes sub as it is, and refuses an email-shaped claim unless allowed', async () => {
      const byEmail = generic.connector({ C2C_JWT_ISSUER: issuer, C2C_JWT_AUDIENCE: 'connector', C2C_USER_ID_CLAIM: 'email' });
      const refused = await byEmail(activateUserEnvelope(await generic.tokens.sign({ iss: issuer, aud: 'connector', sub: 's-1', email: 'jane@example.com' })));
      expect(refused.header.responseCode).to.equal(500);
      expect(refused.payload.errorCode).to.equal('INVALID_USER_ID');

      const allowing = generic.connector({
        C2C_JWT_ISSUER: issuer,
        C2C_JWT_AUDIENCE: 'connector',
        C2C_USER_ID_CLAIM: 'email',
        C2C_ALLOW_EMAIL_USER_ID: 'true',
      });
      const token = await generic.tokens.sign({ iss: issuer, aud: 'connector', sub: 's-1', email: 'jane@example.com' });
      expect((await allowing(activateUserEnvelope(token))).payload.userId).to.equal('jane@example.com');
    });

    it('renders a template of claims with C2C_USER_ID_FORMAT=template', async () => {
      const templated = generic.connector({
        C2C_JWT_ISSUER: issuer,
        C2C_JWT_AUDIENCE: 'connector',
        C2C_USER_ID_FORMAT: 'template',
        C2C_USER_ID_TEMPLATE: '{org}_{sub}',
      });
      const token = await generic.tokens.sign({ iss: issuer, aud: 'connector', sub: 's-9', org: 'acme' });
      expect((await templated(activateUserEnvelope(token))).payload.userId).to.equal('acme_s-9');
    });

    it('refuses an ID token where the audience is the client id, and still takes that client\'s access tokens', async () => {
      const byClientId = generic.connector({ C2C_JWT_ISSUER: issuer, C2C_JWT_AUDIENCE: 'web-client' });
      expectRefused(await activate(generic, byClientId, genericIdToken(issuer, 'web-client')), 'ID token (its "nonce" claim)');
      const withAzp = genericIdToken(issuer, 'web-client', { nonce: undefined, azp: 'web-client' });
      expectRefused(await activate(generic, byClientId, withAzp), 'ID token (its "aud" claim)');
      // Keycloak before 24 copies the nonce into access tokens, which carry their scope.
      const accessToken = { header: { typ: 'JWT' }, claims: { ...genericIdToken(issuer, 'web-client').claims, scope: 'openid devices' } };
      expect(expectUserId(await activate(generic, byClientId, accessToken))).to.equal('user-123');
    });

    it('with C2C_JWT_CLIENT_IDS, refuses an ID token that names neither nonce nor azp, by its aud', async () => {
      const checked = generic.connector({ C2C_JWT_ISSUER: issuer, C2C_JWT_AUDIENCE: 'web-client', C2C_JWT_CLIENT_IDS: 'web-client' });
      const bare = genericIdToken(issuer, 'web-client', { nonce: undefined, auth_time: undefined, client_id: 'web-client' });
      expectRefused(await activate(generic, checked, bare), 'ID token (its "aud" claim)');
    });

    describe('tokens without aud (C2C_JWT_AUDIENCE_OPTIONAL)', () => {
      let noAud: ConnectorLambdaHandler;
      const token = (claims: Record<string, unknown>) => ({
        header: { typ: 'JWT' },
        claims: { iss: issuer, aud: undefined, sub: 'user-7', scope: 'devices', client_id: 'connector-client', ...claims },
      });
      before(() => {
        noAud = generic.connector({ C2C_JWT_ISSUER: issuer, C2C_JWT_CLIENT_IDS: 'connector-client', C2C_JWT_AUDIENCE_OPTIONAL: 'true' });
      });

      it('resolves a token without aud of the configured client', async () => {
        expect(expectUserId(await activate(generic, noAud, token({})))).to.equal('user-7');
      });

      it('refuses one of another client, one naming no client, and one with an aud it was not configured for', async () => {
        expectRefused(await activate(generic, noAud, token({ client_id: 'other-client' })), '"client_id" claim is not acceptable', 'other-client');
        expectRefused(await activate(generic, noAud, token({ client_id: undefined })), 'names no client');
        expectRefused(await activate(generic, noAud, token({ aud: 'another-api' })), '"aud" claim is not acceptable', 'another-api');
      });

      it('still checks an aud against C2C_JWT_AUDIENCE when both are set', async () => {
        const both = generic.connector({
          C2C_JWT_ISSUER: issuer,
          C2C_JWT_AUDIENCE: 'connector-api',
          C2C_JWT_CLIENT_IDS: 'connector-client',
          C2C_JWT_AUDIENCE_OPTIONAL: 'true',
        });
        expectUserId(await activate(generic, both, token({ aud: 'connector-api' })));
        expectUserId(await activate(generic, both, token({})));
        expectRefused(await activate(generic, both, token({ aud: 'another-api' })), '"aud"');
      });

      it('refuses a token without aud when C2C_JWT_AUDIENCE_OPTIONAL is not set', async () => {
        const strict = generic.connector({ C2C_JWT_ISSUER: issuer, C2C_JWT_AUDIENCE: 'connector-api', C2C_JWT_CLIENT_IDS: 'connector-client' });
        expectRefused(await activate(generic, strict, token({})), '"aud"');
      });

      it('does not start when C2C_JWT_AUDIENCE_OPTIONAL is set without a client check, naming the variable', () => {
        expect(() => generic.connector({ C2C_JWT_ISSUER: issuer, C2C_JWT_AUDIENCE_OPTIONAL: 'true' }))
          .to.throw(ConfigurationError, /C2C_JWT_AUDIENCE_OPTIONAL: needs C2C_JWT_CLIENT_IDS/);
      });
    });
  });
});
