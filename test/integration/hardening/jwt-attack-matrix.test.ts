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
  });

  after(async () => {
    await jwks.close();
    await userinfo.close();
  });

  async function expectRefused(token: string, responseCode: number, errorCode: string): Promise<string> {
    const response = await jwtOnly(activateUserEnvelope(token));
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
  ];
  for (const [label, build, responseCode, errorCode] of cases) {
    it(`answers ${responseCode} ${errorCode} for ${label}`, async () => {
      await expectRefused(await build(), responseCode, errorCode);
    });
  }

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
