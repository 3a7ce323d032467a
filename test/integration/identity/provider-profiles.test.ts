import { expect } from 'chai';
import type { ConnectorLambdaHandler } from '#adapters/lambda/lambda-handler.js';
import { createConnector } from '#main/create-connector.js';
import { loadConfig } from '#main/config/load-config.js';
import { activateUserEnvelope } from '../../support/envelopes.js';
import { sendJson, startLoopbackServer, type LoopbackServer, TokenFactory } from '#main/testing/index.js';

interface Provider {
  readonly tokens: TokenFactory;
  readonly jwks: LoopbackServer;
  readonly handler: ConnectorLambdaHandler;
}

async function provider(profile: string, issuer: string, audience: string, env: Record<string, string> = {}): Promise<Provider> {
  const tokens = await TokenFactory.create({ issuer, audience });
  const jwks = await startLoopbackServer((_req, res) => sendJson(res, 200, tokens.jwks()));
  const handler = createConnector(
    loadConfig({
      LOG_LEVEL: 'silent',
      C2C_PROVIDER_PROFILE: profile,
      C2C_JWT_ISSUER: issuer,
      C2C_JWT_AUDIENCE: audience,
      C2C_JWKS_URI: `${jwks.url}/jwks`,
      ...env,
    }),
  ).handler;
  return { tokens, jwks, handler };
}

async function activate(p: Provider, claims: Record<string, unknown>, header: Record<string, unknown> = {}) {
  return p.handler(activateUserEnvelope(await p.tokens.sign(claims, header)));
}

describe('provider profiles, with tokens shaped like each provider\'s', () => {
  const opened: Provider[] = [];
  after(async () => {
    for (const p of opened) await p.jwks.close();
  });
  const open = async (...args: Parameters<typeof provider>) => {
    const p = await provider(...args);
    opened.push(p);
    return p;
  };

  describe('Amazon Cognito access tokens', () => {
    const issuer = 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf123';
    const clientId = '3n4b5urk1ft4fl3mg5e62d9ado';
    let cognito: Provider;
    before(async () => {
      cognito = await open('cognito', issuer, clientId);
    });
    const accessToken = (overrides: Record<string, unknown> = {}) => ({
      aud: undefined,
      client_id: clientId,
      token_use: 'access',
      sub: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
      username: 'jane',
      ...overrides,
    });

    it('checks client_id instead of aud and takes sub as the userId', async () => {
      const response = await activate(cognito, accessToken(), { typ: undefined });
      expect(response.payload.userId).to.equal('aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee');
    });

    it('refuses an ID token (token_use id) and another app client', async () => {
      for (const overrides of [{ token_use: 'id' }, { client_id: 'another-client' }]) {
        const response = await activate(cognito, accessToken(overrides));
        expect(response.header.responseCode, JSON.stringify(overrides)).to.equal(401);
        expect(response.payload.errorCode).to.equal('INVALID_TOKEN');
      }
    });
  });

  describe('Auth0 access tokens', () => {
    let auth0: Provider;
    before(async () => {
      auth0 = await open('auth0', 'https://tenant.us.auth0.com/', 'https://api.example.com');
    });

    it('needs typ at+jwt and scopes the provider\'s pipe-shaped subject to the issuer', async () => {
      const first = await activate(auth0, { sub: 'auth0|5f7c8ec7c33c6c004bbafe82' }, { typ: 'at+jwt' });
      const again = await activate(auth0, { sub: 'auth0|5f7c8ec7c33c6c004bbafe82' }, { typ: 'at+jwt' });
      const other = await activate(auth0, { sub: 'google-oauth2|1234' }, { typ: 'at+jwt' });
      expect(first.header.responseCode).to.equal(200);
      expect(first.payload.userId).to.match(/^[A-Za-z0-9_-]{43}$/);
      expect(again.payload.userId).to.equal(first.payload.userId);
      expect(other.payload.userId).not.to.equal(first.payload.userId);
    });

    it('refuses a token whose typ is not at+jwt (an ID token, say)', async () => {
      const response = await activate(auth0, { sub: 'auth0|1' }, { typ: 'JWT' });
      expect(response.payload.errorCode).to.equal('INVALID_TOKEN');
    });
  });

  describe('Okta access tokens', () => {
    let okta: Provider;
    before(async () => {
      okta = await open('okta', 'https://dev-123.okta.com/oauth2/default', 'api://default');
    });

    it('takes the immutable uid, not the login in sub', async () => {
      const response = await activate(okta, { sub: 'jane@example.com', uid: '00u1abcdEFGH2345', cid: '0oa1' }, { typ: 'at+jwt' });
      expect(response.payload.userId).to.equal('00u1abcdEFGH2345');
    });

    it('refuses a token without uid with a message naming the claim', async () => {
      const response = await activate(okta, { sub: 'jane@example.com' }, { typ: 'at+jwt' });
      expect(response.payload.errorCode).to.equal('INVALID_TOKEN');
      expect(response.payload.responseMessage).to.contain('"uid"');
    });
  });

  describe('Microsoft Entra ID access tokens', () => {
    const tenant = '72f988bf-86f1-41af-91ab-2d7cd011db47';
    let entra: Provider;
    before(async () => {
      entra = await open('entra', `https://login.microsoftonline.com/${tenant}/v2.0`, 'api://c2c-connector');
    });

    it('derives one stable id from tid and oid, whatever sub says', async () => {
      const oid = '00000000-0000-0000-66f3-3332eca7ea81';
      const a = await activate(entra, { tid: tenant, oid, sub: 'pairwise-subject-for-app-1' });
      const b = await activate(entra, { tid: tenant, oid, sub: 'pairwise-subject-for-app-2' });
      const otherUser = await activate(entra, { tid: tenant, oid: '11111111-0000-0000-66f3-3332eca7ea81' });
      expect(a.payload.userId).to.match(/^[A-Za-z0-9_-]{43}$/);
      expect(b.payload.userId).to.equal(a.payload.userId);
      expect(otherUser.payload.userId).not.to.equal(a.payload.userId);
    });

    it('refuses a token without oid', async () => {
      const response = await activate(entra, { tid: tenant });
      expect(response.payload.errorCode).to.equal('INVALID_TOKEN');
      expect(response.payload.responseMessage).to.contain('"oid"');
    });
  });

  describe('generic OIDC', () => {
    it('takes sub as it is, and refuses an email-shaped claim unless allowed', async () => {
      const generic = await open('generic-oidc', 'https://idp.example.com', 'connector', { C2C_USER_ID_CLAIM: 'email' });
      const refused = await activate(generic, { sub: 's-1', email: 'jane@example.com' });
      expect(refused.header.responseCode).to.equal(500);
      expect(refused.payload.errorCode).to.equal('INVALID_USER_ID');

      const allowing = await open('generic-oidc', 'https://idp2.example.com', 'connector', {
        C2C_USER_ID_CLAIM: 'email',
        C2C_ALLOW_EMAIL_USER_ID: 'true',
      });
      expect((await activate(allowing, { sub: 's-1', email: 'jane@example.com' })).payload.userId).to.equal('jane@example.com');
    });

    it('renders a template of claims with C2C_USER_ID_FORMAT=template', async () => {
      const templated = await open('generic-oidc', 'https://idp3.example.com', 'connector', {
        C2C_USER_ID_FORMAT: 'template',
        C2C_USER_ID_TEMPLATE: '{org}_{sub}',
      });
      expect((await activate(templated, { sub: 's-9', org: 'acme' })).payload.userId).to.equal('acme_s-9');
    });
  });
});
