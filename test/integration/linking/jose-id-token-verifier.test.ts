import { expect } from 'chai';
import { SystemClock } from '#adapters/clock/system-clock.js';
import { JoseIdTokenVerifier } from '#adapters/jwt/jose-id-token-verifier.js';
import { createHttpClient } from '#adapters/outbound-http/http-client.js';
import { Deadline } from '#application/deadline.js';
import { ConnectorMisconfigured } from '#domain/errors/connector-misconfigured.js';
import { LinkingFailed } from '#domain/errors/linking-failed.js';
import { SecretValue } from '#domain/secret-value.js';
import { sendJson, startLoopbackServer, type LoopbackServer } from '#main/testing/loopback-server.js';
import { TokenFactory } from '#main/testing/token-factory.js';
import { MemoryLog } from '../../support/memory-log.js';

const CLIENT_ID = 'linking-client';
const NONCE = 'n-0S6_WzA2Mj';

describe('JoseIdTokenVerifier against an issuer on 127.0.0.1 (discovery, key set)', function () {
  this.timeout(10_000);
  const clock = new SystemClock();
  let issuer: LoopbackServer;
  let issuerUrl: string;
  let tokens: TokenFactory;
  let discovery: Record<string, unknown> | undefined;

  before(async () => {
    issuer = await startLoopbackServer((request, response) => {
      const path = new URL(request.url, 'http://127.0.0.1').pathname;
      if (path === '/tenant/.well-known/openid-configuration' && discovery !== undefined) return sendJson(response, 200, discovery);
      if (path === '/tenant/keys') return sendJson(response, 200, tokens.jwks());
      return sendJson(response, 404, { error: 'not_found' });
    });
    issuerUrl = `${issuer.url}/tenant`;
    tokens = await TokenFactory.create({ issuer: issuerUrl, audience: CLIENT_ID });
  });
  beforeEach(() => {
    discovery = { issuer: issuerUrl, jwks_uri: `${issuerUrl}/keys` };
    issuer.requests.length = 0;
  });
  after(() => issuer.close());

  const verifier = (options: { jwksUri?: string } = {}) =>
    new JoseIdTokenVerifier(createHttpClient(), clock, new MemoryLog().logger, { issuer: issuerUrl, clientId: CLIENT_ID, ...options });
  const idToken = (claims: Record<string, unknown> = {}, header: Record<string, unknown> = {}) =>
    tokens.sign({ nonce: NONCE, sub: 'user-1', ...claims }, { typ: 'JWT', ...header }).then((jwt) => SecretValue.of(jwt));
  const check = async (v: JoseIdTokenVerifier, token: SecretValue | undefined, expected: { nonce: string | undefined } = { nonce: NONCE }) =>
    v.verify(token, expected, Deadline.in(3000, clock));
  async function refusal(promise: Promise<unknown>): Promise<LinkingFailed> {
    const error = await promise.then(() => undefined, (e: unknown) => e);
    expect(error).to.be.instanceOf(LinkingFailed);
    expect(error).to.have.property('oauthError', 'invalid_grant');
    return error as LinkingFailed;
  }

  it('accepts a token signed by a key of the discovered key set, for our client, with the round trip\'s nonce; discovery is made once', async () => {
    const v = verifier();
    await check(v, await idToken());
    await check(v, await idToken());
    const paths = issuer.requests.map((r) => r.url);
    expect(paths).to.deep.equal(['/tenant/.well-known/openid-configuration', '/tenant/keys']);
  });

  it('uses C2C_OIDC_JWKS_URI when configured, without discovery', async () => {
    discovery = undefined;
    await check(verifier({ jwksUri: `${issuerUrl}/keys` }), await idToken());
    expect(issuer.requests.map((r) => r.url)).to.deep.equal(['/tenant/keys']);
  });

  it('has nothing to check without an ID token', async () => {
    await check(verifier(), undefined);
    expect(issuer.requests).to.have.length(0);
  });

  const wrong: [string, () => Promise<SecretValue>, RegExp][] = [
    ['another nonce', () => idToken({ nonce: 'n-of-another-round-trip' }), /"nonce" claim is not the one this authorization request sent/],
    ['no nonce', () => idToken({ nonce: undefined }), /"nonce" claim/],
    ['another audience', () => idToken({ aud: 'someone-else' }), /"aud" claim/],
    ['several audiences without azp', () => idToken({ aud: [CLIENT_ID, 'someone-else'] }), /"azp" claim/],
    ['an azp of another client', () => idToken({ azp: 'someone-else' }), /"azp" claim/],
    ['another issuer', () => idToken({ iss: 'https://evil.example.com' }), /"iss" claim/],
    ['an expiry passed', () => idToken({ exp: Math.floor(Date.now() / 1000) - 60 }), /expired/],
    ['no iat', () => idToken({ iat: undefined }), /"iat" claim/],
    ['no sub', () => idToken({ sub: undefined }), /"sub" claim/],
    ['an algorithm not allowed', () => idToken({}, { alg: 'HS256' }).catch(() => SecretValue.of('eyJhbGciOiJIUzI1NiJ9.eyJub25jZSI6IngifQ.c2ln')), /algorithm|cannot be verified/],
    ['a signature of another key', async () => SecretValue.of(await (await TokenFactory.create({ issuer: issuerUrl, audience: CLIENT_ID, kid: tokens.options.kid })).sign({ nonce: NONCE }, { typ: 'JWT' })), /signature does not verify/],
    ['a kid the key set does not hold', async () => SecretValue.of(await (await TokenFactory.create({ issuer: issuerUrl, audience: CLIENT_ID })).sign({ nonce: NONCE }, { typ: 'JWT' })), /No key in the issuer's key set/i],
    ['a token that is not a JWT', async () => SecretValue.of('not-a-jwt'), /not a signed JWT/],
    ['a padded segment', async () => SecretValue.of(`${(await idToken()).reveal()}=`), /compact serialization/],
  ];
  for (const [what, make, reason] of wrong) {
    it(`refuses with invalid_grant an ID token with ${what}, never quoting it`, async () => {
      const token = await make();
      const error = await refusal(check(verifier(), token));
      expect(error.message).to.match(reason);
      expect(error.message).to.not.include(token.reveal().slice(0, 20));
      expect(error.message).to.not.include(NONCE);
    });
  }

  it('ignores the nonce when the round trip sent none', async () => {
    await check(verifier(), await idToken({ nonce: 'whatever' }), { nonce: undefined });
  });

  it('refuses a discovery document of another issuer as the connector\'s misconfiguration, and tries discovery again next time', async () => {
    discovery = { issuer: 'https://other.example.com', jwks_uri: `${issuerUrl}/keys` };
    const v = verifier();
    const error = await check(v, await idToken()).then(() => undefined, (e: unknown) => e);
    expect(error).to.be.instanceOf(ConnectorMisconfigured);
    expect((error as Error).message).to.match(/discovery document answered a document of another issuer.*C2C_OIDC_ISSUER/);
    discovery = { issuer: issuerUrl, jwks_uri: `${issuerUrl}/keys` };
    await check(v, await idToken());
  });

  it('refuses a discovered key set URL that is not https', async () => {
    discovery = { issuer: issuerUrl, jwks_uri: 'http://keys.example.com/keys' };
    const error = await check(verifier(), await idToken()).then(() => undefined, (e: unknown) => e);
    expect(error).to.be.instanceOf(ConnectorMisconfigured);
  });
});
