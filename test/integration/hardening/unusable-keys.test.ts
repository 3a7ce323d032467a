import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { FakeClock, JwksServer, TokenFactory } from '#main/testing/index.js';
import { connectorFor } from '../../support/connector-world.js';
import { claimsFor, segment } from '../../support/crafted-tokens.js';
import { activateUserEnvelope } from '../../support/envelopes.js';
import { unusableKeys, type PublishedKey } from '../../support/key-sets.js';

const ISSUER = 'https://idp.example.com';
const AUDIENCE = 'connector-api';

/** A token that names `kid` and claims our issuer, with a signature of random bytes. */
function forgedToken(kid: string, alg: string): string {
  return `${segment({ alg, kid, typ: 'at+jwt' })}.${segment(claimsFor(ISSUER, AUDIENCE))}.${randomBytes(256).toString('base64url')}`;
}

describe('Key sets holding weak or malformed keys, through the Lambda handler', () => {
  let good: TokenFactory;
  let unusable: PublishedKey[];
  let jwks: JwksServer;

  before(async () => {
    good = await TokenFactory.create({ issuer: ISSUER, audience: AUDIENCE, kid: 'good' });
    unusable = unusableKeys();
  });

  beforeEach(async () => {
    jwks = await JwksServer.start(good.jwks());
  });
  afterEach(() => jwks.close());

  it('loads a set of every kind of unusable key beside a good one, and verifies with the good one', async () => {
    jwks.keySet = { keys: [...unusable.map((key) => key.jwk), good.publicJwk] } as typeof jwks.keySet;
    const { handler, log } = connectorFor({ C2C_JWKS_URI: jwks.uri, C2C_JWT_ISSUER: ISSUER, C2C_JWT_AUDIENCE: AUDIENCE });

    const answer = await handler(activateUserEnvelope(await good.sign({ sub: 'user-9' })));

    expect(answer.payload.userId).to.equal('user-9');
    const warnings = log.entries().filter((entry) => entry['level'] === 40);
    // The entries that are no object at all have no kid, and one reason: one warning for them all.
    expect(warnings.map((entry) => entry['kid'])).to.have.members([...new Set(unusable.map((key) => key.kid ?? '(none)'))]);
    for (const warning of warnings) expect(warning['reason']).to.be.a('string').and.not.equal('');
    for (const material of unusable.flatMap((key) => key.material)) expect(log.lines.join('\n')).not.to.contain(material);
  });

  it('answers a garbage signature under a 1024-bit key\'s kid 401 INVALID_TOKEN, saying why, every time (it was a 500 INTERNAL_ERROR)', async () => {
    const weak = unusable.find((key) => key.kid === 'rsa-1024')!;
    jwks.keySet = { keys: [weak.jwk, good.publicJwk] } as typeof jwks.keySet;
    const { handler } = connectorFor({ C2C_JWKS_URI: jwks.uri, C2C_JWT_ISSUER: ISSUER, C2C_JWT_AUDIENCE: AUDIENCE });

    for (let attempt = 0; attempt < 3; attempt += 1) {
      const answer = await handler(activateUserEnvelope(forgedToken('rsa-1024', 'RS256')));
      expect(answer.header).to.deep.equal({ responseCode: 401 });
      expect(answer.payload.errorCode).to.equal('INVALID_TOKEN');
      expect(answer.payload.responseMessage).to.contain('RSA key of 1024 bits, below 2048');
    }
  });

  it('warns of each skipped key once, naming its kid, however many tokens name it and however often the set is refetched', async () => {
    const named = unusable.filter((key): key is PublishedKey & { kid: string } => key.kid !== undefined);
    jwks.keySet = { keys: [...named.map((key) => key.jwk), good.publicJwk] } as typeof jwks.keySet;
    // Starts at the real time: TokenFactory and claimsFor stamp the tokens with it.
    const clock = new FakeClock(new Date());
    const { handler, log } = connectorFor(
      { C2C_JWKS_URI: jwks.uri, C2C_JWT_ISSUER: ISSUER, C2C_JWT_AUDIENCE: AUDIENCE, C2C_JWKS_MAX_AGE_S: '1', C2C_JWKS_COOLDOWN_S: '1' },
      { ports: { clock } },
    );

    for (let round = 0; round < 3; round += 1) {
      for (const key of named) {
        const answer = await handler(activateUserEnvelope(forgedToken(key.kid, key.alg)));
        expect(answer.header, `${key.label}: ${JSON.stringify(answer)}`).to.deep.equal({ responseCode: 401 });
        expect(answer.payload.errorCode).to.equal('INVALID_TOKEN');
      }
      clock.advance(1_001);
    }

    expect(jwks.requestCount, 'the set was fetched again').to.be.greaterThan(2);
    const warnings = log.entries().filter((entry) => entry['level'] === 40);
    expect(warnings.map((entry) => entry['kid'])).to.have.members(named.map((key) => key.kid));
  });

  it('answers a kid that is no string, even one that no code can print, 401 INVALID_TOKEN once the keys are cached', async () => {
    const { handler } = connectorFor({ C2C_JWKS_URI: jwks.uri, C2C_JWT_ISSUER: ISSUER, C2C_JWT_AUDIENCE: AUDIENCE });
    expect((await handler(activateUserEnvelope(await good.sign()))).header.responseCode).to.equal(200);
    for (const kid of [{ toString: 1 }, ['good'], 7, null]) {
      const token = `${segment({ alg: 'RS256', kid })}.${segment(claimsFor(ISSUER, AUDIENCE))}.${randomBytes(256).toString('base64url')}`;
      const answer = await handler(activateUserEnvelope(token));
      expect(answer.header, JSON.stringify(kid)).to.deep.equal({ responseCode: 401 });
      expect(answer.payload.errorCode).to.equal('INVALID_TOKEN');
    }
  });
});
