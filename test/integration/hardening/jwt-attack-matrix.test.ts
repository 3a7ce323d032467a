import { expect } from 'chai';
import { generateKeyPair, CompactEncrypt, exportJWK } from 'jose';
import type { ConnectorLambdaHandler } from '#adapters/lambda/lambda-handler.js';
import { MAX_ACCESS_TOKEN_LENGTH } from '#domain/access-token.js';
import { connectorFor } from '../../support/connector-world.js';
import {
  claimsFor,
  hmacSignedWithPublicKey,
  respelled,
  type Respelling,
  segment,
  unsecuredToken,
  withReplacedPayload,
  withUnknownCriticalHeader,
} from '../../support/crafted-tokens.js';
import { activateUserEnvelope } from '../../support/envelopes.js';
import { JwksServer, sendJson, startLoopbackServer, type LoopbackServer, TokenFactory } from '#main/testing/index.js';

const ISSUER = 'https://idp.example.com';
const AUDIENCE = 'connector-api';
/** The client the client-checked connector accepts (`C2C_JWT_CLIENT_IDS`). */
const CLIENT = 'connector-client';

function now(): number {
  return Math.floor(Date.now() / 1000);
}

async function compactJwe(): Promise<string> {
  const { publicKey } = await generateKeyPair('RSA-OAEP-256');
  await exportJWK(publicKey);
  return new CompactEncrypt(new TextEncoder().encode(JSON.stringify(claimsFor(ISSUER, AUDIENCE))))
    .setProtectedHeader({ alg: 'RSA-OAEP-256', enc: 'A256GCM', cty: 'JWT' })
    .encrypt(publicKey);
}

describe('JWT attack matrix through the Lambda handler of the real container', () => {
  let rsa: TokenFactory;
  let ec: TokenFactory;
  let impostor: TokenFactory;
  let stranger: TokenFactory;
  let jwks: JwksServer;
  let userinfo: LoopbackServer;
  let jwtOnly: ConnectorLambdaHandler;
  let clientChecked: ConnectorLambdaHandler;

  before(async () => {
    [rsa, ec, impostor, stranger] = await Promise.all([
      TokenFactory.create({ issuer: ISSUER, audience: AUDIENCE, alg: 'RS256', kid: 'rsa-1' }),
      TokenFactory.create({ issuer: ISSUER, audience: AUDIENCE, alg: 'ES256', kid: 'ec-1' }),
      TokenFactory.create({ issuer: ISSUER, audience: AUDIENCE, alg: 'RS256', kid: 'rsa-1' }),
      TokenFactory.create({ issuer: ISSUER, audience: AUDIENCE, alg: 'RS256', kid: 'nobody-knows' }),
    ]);
    jwks = await JwksServer.start({ keys: [rsa.publicJwk, ec.publicJwk] });
    userinfo = await startLoopbackServer((_req, res) => sendJson(res, 401, { error: 'invalid_token' }));
    jwtOnly = connectorFor({
      C2C_JWKS_URI: jwks.uri,
      C2C_JWT_ISSUER: ISSUER,
      C2C_JWT_AUDIENCE: AUDIENCE,
      C2C_JWT_ALGORITHMS: 'RS256',
      C2C_CONNECTOR_ID: 'connector-1',
    }).handler;
    clientChecked = connectorFor({
      C2C_JWKS_URI: jwks.uri,
      C2C_JWT_ISSUER: ISSUER,
      C2C_JWT_AUDIENCE: AUDIENCE,
      C2C_JWT_ALGORITHMS: 'RS256',
      C2C_JWT_CLIENT_IDS: CLIENT,
    }).handler;
  });

  after(async () => {
    await jwks.close();
    await userinfo.close();
  });

  async function expectRefused(token: string, responseCode: number, errorCode: string, handler = jwtOnly): Promise<string> {
    const response = await handler(activateUserEnvelope(token));
    expect(response.header, JSON.stringify(response)).to.deep.equal({ responseCode });
    expect(response.payload.errorCode).to.equal(errorCode);
    expect(response.payload).not.to.have.property('userId');
    expect(JSON.stringify(response)).not.to.contain(token.slice(-24));
    return response.payload.responseMessage;
  }

  it('activates a valid RS256 token (the baseline every attack below departs from)', async () => {
    const response = await jwtOnly(activateUserEnvelope(await rsa.sign({ sub: 'baseline' })));
    expect(response).to.deep.equal({
      header: { responseCode: 200 },
      payload: { responseMessage: 'Successfully activated user with connector-id connector-1.', userId: 'baseline' },
    });
  });

  const cases: [string, () => Promise<string>, number, string][] = [
    ['alg none', async () => unsecuredToken(claimsFor(ISSUER, AUDIENCE)), 401, 'INVALID_TOKEN'],
    ['HS256 signed with the RSA public key', () => hmacSignedWithPublicKey(rsa.publicJwk, claimsFor(ISSUER, AUDIENCE)), 401, 'INVALID_TOKEN'],
    ['RS256 signed by a key not in the key set, under a published kid', () => impostor.sign(), 401, 'INVALID_TOKEN'],
    ['an unknown kid', () => stranger.sign(), 401, 'INVALID_TOKEN'],
    ['an expired token', () => rsa.sign({ exp: now() - 60 }), 401, 'EXPIRED_TOKEN'],
    ['nbf in the future', () => rsa.sign({ nbf: now() + 600 }), 401, 'INVALID_TOKEN'],
    ['a wrong iss', () => rsa.sign({ iss: 'https://evil.example.com' }), 401, 'INVALID_TOKEN'],
    ['a wrong aud', () => rsa.sign({ aud: 'another-api' }), 401, 'INVALID_TOKEN'],
    ['no exp', () => rsa.sign({ exp: undefined }), 401, 'INVALID_TOKEN'],
    ['an algorithm outside the allowlist (ES256, key published)', () => ec.sign(), 401, 'INVALID_TOKEN'],
    ['a tampered payload', async () => withReplacedPayload(await rsa.sign(), claimsFor(ISSUER, AUDIENCE, { sub: 'admin' })), 401, 'INVALID_TOKEN'],
    ['an unknown critical header', () => withUnknownCriticalHeader(rsa, claimsFor(ISSUER, AUDIENCE)), 401, 'INVALID_TOKEN'],
    ['two segments', async () => `${segment({ alg: 'RS256', kid: 'rsa-1' })}.${segment(claimsFor(ISSUER, AUDIENCE))}`, 401, 'INVALID_TOKEN'],
    ['four segments', async () => `${await rsa.sign()}.extra`, 401, 'INVALID_TOKEN'],
    ['an oversized token', async () => `${await rsa.sign()}${'A'.repeat(MAX_ACCESS_TOKEN_LENGTH)}`, 400, 'INVALID_REQUEST'],
    ['no aud', () => rsa.sign({ aud: undefined }), 401, 'INVALID_TOKEN'],
    // ID tokens of a client whose id is the configured audience, as when C2C_JWT_AUDIENCE names the client.
    ['an ID token (a nonce, no scope)', () => rsa.sign({ nonce: 'n-1', auth_time: now() - 30 }, { typ: 'JWT' }), 401, 'INVALID_TOKEN'],
    ['an ID token with at_hash, scope added', () => rsa.sign({ at_hash: 'hXyZ', scope: 'openid' }, { typ: 'JWT' }), 401, 'INVALID_TOKEN'],
    ['an ID token addressed to its own azp', () => rsa.sign({ azp: AUDIENCE }, { typ: 'JWT' }), 401, 'INVALID_TOKEN'],
    ['an ID token marked token_use id (Cognito)', () => rsa.sign({ token_use: 'id', scope: 'openid' }, { typ: undefined }), 401, 'INVALID_TOKEN'],
    ['an ID token marked typ ID (Keycloak)', () => rsa.sign({ typ: 'ID', scope: 'openid' }, { typ: 'JWT' }), 401, 'INVALID_TOKEN'],
    ['a back-channel logout token (typ logout+jwt)', () => rsa.sign({ events: { 'http://schemas.openid.net/event/backchannel-logout': {} } }, { typ: 'logout+jwt' }), 401, 'INVALID_TOKEN'],
  ];
  for (const [label, build, responseCode, errorCode] of cases) {
    it(`answers ${responseCode} ${errorCode} for ${label}`, async () => {
      await expectRefused(await build(), responseCode, errorCode);
    });
  }

  describe('with a client check (C2C_JWT_CLIENT_IDS)', () => {
    it('activates an access token of the configured client (the baseline)', async () => {
      const response = await clientChecked(activateUserEnvelope(await rsa.sign({ sub: 'baseline', azp: CLIENT, scope: 'devices' })));
      expect(response.payload.userId).to.equal('baseline');
    });

    const clientCases: [string, () => Promise<string>, string][] = [
      ['another client\'s token of the same API (azp)', () => rsa.sign({ azp: 'other-client', scope: 'devices' }), '"azp"'],
      ['another client\'s token of the same API (client_id)', () => rsa.sign({ client_id: 'other-client', scope: 'devices' }), '"client_id"'],
      ['a token that names our client in one claim and another in the other', () => rsa.sign({ client_id: CLIENT, azp: 'other-client' }), '"azp"'],
      ['a token naming no client', () => rsa.sign({ scope: 'devices' }), 'names no client'],
      ['our client\'s ID token, addressed to it, without nonce or azp', () => rsa.sign({ aud: [AUDIENCE, CLIENT], client_id: CLIENT }), 'ID token'],
      ['a token of our client without aud', () => rsa.sign({ aud: undefined, azp: CLIENT, scope: 'devices' }), '"aud"'],
    ];
    for (const [label, build, named] of clientCases) {
      it(`answers 401 INVALID_TOKEN for ${label}, naming the claim and not its value`, async () => {
        const message = await expectRefused(await build(), 401, 'INVALID_TOKEN', clientChecked);
        expect(message).to.contain(named);
        expect(message).not.to.contain('other-client');
      });
    }
  });

  describe('strict compact serialization, before any verification', () => {
    const SEGMENTS = ['header', 'payload', 'signature'];
    // Respelt in its signature, a token still verifies with a lenient decoder (the same signature bytes);
    // respelt in its header or payload, it costs a full verification to fail (the signing input changed).
    const respellings: [Respelling, number][] = [
      ['padding', 2],
      ['space', 2],
      ['line break', 2],
      ['tab', 2],
      ['standard alphabet', 2],
      ['spare bits', 2],
      ['space', 1],
      ['line break', 0],
    ];
    for (const [how, index] of respellings) {
      it(`refuses by its syntax, before verifying, a valid token respelt with ${how} in its ${SEGMENTS[index]}`, async () => {
        const message = await expectRefused(respelled(await rsa.sign({ sub: 'respelt' }), how, index), 401, 'INVALID_TOKEN');
        expect(message).to.contain('not in compact serialization');
      });
    }

    it('refuses a respelt JWS without asking userinfo, and still hands userinfo an opaque token that holds dots', async () => {
      const chained = connectorFor({
        C2C_JWKS_URI: jwks.uri,
        C2C_JWT_ISSUER: ISSUER,
        C2C_JWT_AUDIENCE: AUDIENCE,
        C2C_USERINFO_URL: `${userinfo.url}/userinfo`,
      }).handler;
      const before = userinfo.requests.length;
      const refused = await chained(activateUserEnvelope(respelled(await rsa.sign(), 'space', 1)));
      expect(refused.payload.errorCode).to.equal('INVALID_TOKEN');
      expect(refused.payload.responseMessage).to.contain('not in compact serialization');
      expect(userinfo.requests.length).to.equal(before);

      const opaque = await chained(activateUserEnvelope('opaque+token/v1.part2.x=='));
      expect(opaque.payload.errorCode).to.equal('INVALID_TOKEN');
      expect(userinfo.requests.length).to.equal(before + 1);
    });

    it('answers 401 INVALID_TOKEN for a compact JWE respelt with a line break, instead of handing it on', async () => {
      const message = await expectRefused(respelled(await compactJwe(), 'line break', 0), 401, 'INVALID_TOKEN');
      expect(message).to.contain('not in compact serialization');
    });
  });

  it('answers 401 INVALID_TOKEN for a compact JWE, saying encrypted tokens are not accepted', async () => {
    const jwe = await compactJwe();
    expect(jwe.split('.')).to.have.length(5);
    const message = await expectRefused(jwe, 401, 'INVALID_TOKEN');
    expect(message).to.contain('encrypted tokens are not accepted');
  });

  it('hands a compact JWE to userinfo when userinfo follows jwt, and answers what userinfo says', async () => {
    const chained = connectorFor({
      C2C_JWKS_URI: jwks.uri,
      C2C_JWT_ISSUER: ISSUER,
      C2C_JWT_AUDIENCE: AUDIENCE,
      C2C_USERINFO_URL: `${userinfo.url}/userinfo`,
    }).handler;
    const before = userinfo.requests.length;
    const response = await chained(activateUserEnvelope(await compactJwe()));
    expect(response.header.responseCode).to.equal(401);
    expect(response.payload.errorCode).to.equal('INVALID_TOKEN');
    expect(userinfo.requests.length - before).to.equal(1);
  });
});
