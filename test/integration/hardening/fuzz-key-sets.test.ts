import { expect } from 'chai';
import fc from 'fast-check';
import type { JWK } from 'jose';
import { JwksServer, TokenFactory, type JwksBehaviour } from '#main/testing/index.js';
import { connectorFor, settle } from '../../support/connector-world.js';
import { claimsFor, segment } from '../../support/crafted-tokens.js';
import { activateUserEnvelope } from '../../support/envelopes.js';
import { unusableKeys, type PublishedKey } from '../../support/key-sets.js';

const ISSUER = 'https://idp.example.com';
const AUDIENCE = 'connector-api';
const RUNS = 100;

const base64url = fc.uint8Array({ minLength: 0, maxLength: 600 }).map((bytes) => Buffer.from(bytes).toString('base64url'));
/** JSON that turns into no string at all (`${value}` throws): what a careless `String(header.kid)` trips on. */
const unprintable = fc.constantFrom<unknown>({ toString: 1 }, { toString: null, valueOf: 1 });
const anyValue = fc.oneof(fc.string({ maxLength: 40 }), fc.jsonValue({ maxDepth: 2 }), base64url, unprintable);

/** A usable key with one member replaced by anything: the malformed keys nobody thought of. */
function mutated(jwk: JWK) {
  return fc
    .tuple(fc.constantFrom('kty', 'n', 'e', 'crv', 'x', 'y', 'use', 'key_ops', 'alg', 'kid', 'd', 'ext'), anyValue)
    .map(([member, value]) => ({ ...jwk, [member]: value }));
}

describe('Fuzzing key sets and tokens through the Lambda handler (fast-check)', function () {
  this.timeout(120_000);
  let factories: TokenFactory[];
  let unusable: PublishedKey[];
  let jwks: JwksServer;

  before(async () => {
    factories = await Promise.all(
      (['RS256', 'ES256', 'EdDSA', 'PS256'] as const).map((alg) => TokenFactory.create({ issuer: ISSUER, audience: AUDIENCE, alg, kid: `good-${alg}` })),
    );
    unusable = unusableKeys();
    jwks = await JwksServer.start({ keys: [] });
  });
  after(() => jwks.close());

  /** A key as published, with what a token naming it would carry (its kid, the alg jose would pick it for). */
  interface Entry {
    readonly jwk: unknown;
    readonly kid?: string | undefined;
    readonly alg?: string | undefined;
  }

  /** Valid, weak and malformed keys, mutated ones and arbitrary JSON, in any order, kids colliding at times. */
  const keySet = (): fc.Arbitrary<Entry[]> =>
    fc.array(
      fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom(...factories.map((factory) => ({ jwk: factory.publicJwk, kid: factory.options.kid, alg: factory.options.alg }))) },
        { weight: 3, arbitrary: fc.constantFrom(...unusable.map((key) => ({ jwk: key.jwk, kid: key.kid, alg: key.alg }))) },
        {
          weight: 2,
          arbitrary: fc
            .constantFrom(...factories)
            .chain((factory) => mutated(factory.publicJwk).map((jwk) => ({ jwk, kid: typeof jwk.kid === 'string' ? jwk.kid : undefined, alg: factory.options.alg }))),
        },
        { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }).map((jwk) => ({ jwk })) },
      ),
      { maxLength: 8 },
    );

  const anyAlg = fc.oneof(fc.constantFrom('RS256', 'ES256', 'PS256', 'EdDSA', 'ES384', 'RS512', 'HS256', 'none', 'Ed25519'), anyValue);

  /**
   * Headers that mostly name a key of the set with the alg it would verify (so a weak or malformed key is
   * reached, not merely missed), else anything; our issuer's claims, mostly; random signatures, or a real one.
   */
  const token = (entries: readonly Entry[]) => {
    const named = entries.filter((entry) => entry.kid !== undefined);
    const namingAKey = named.length === 0 ? fc.constant({}) : fc.constantFrom(...named).map((entry) => ({ kid: entry.kid, alg: entry.alg }));
    const header = fc.oneof(
      { weight: 3, arbitrary: fc.tuple(namingAKey, fc.option(fc.constantFrom('at+jwt', 'JWT'), { nil: undefined })).map(([naming, typ]) => ({ ...naming, typ })) },
      {
        weight: 2,
        arbitrary: fc.record({ alg: anyAlg, kid: anyValue, typ: anyValue, crit: anyValue }, { requiredKeys: ['alg'] }),
      },
    );
    return fc.oneof(
      {
        weight: 4,
        arbitrary: fc
          .tuple(
            header,
            fc.oneof({ weight: 4, arbitrary: fc.constant(claimsFor(ISSUER, AUDIENCE)) }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) }),
            fc.oneof(base64url, fc.string({ maxLength: 100 })),
          )
          .map(([protectedHeader, claims, signature]): string | (() => Promise<string>) => `${segment(protectedHeader)}.${segment(claims)}.${signature}`),
      },
      { weight: 1, arbitrary: fc.constantFrom(...factories).map((factory) => () => factory.sign()) },
    );
  };

  const endpoint = fc.oneof(
    { weight: 9, arbitrary: fc.constant<JwksBehaviour>('serve') },
    { weight: 1, arbitrary: fc.constantFrom<JwksBehaviour>('fail', 'not-found') },
  );

  it('answers every token 200 or 401 in the contract format, whatever the key set holds; only a key set endpoint that is down throws', async () => {
    await fc.assert(
      fc.asyncProperty(
        keySet().chain((entries) => fc.tuple(fc.constant(entries), fc.array(token(entries), { minLength: 1, maxLength: 4 }))),
        endpoint,
        async ([entries, tokens], behaviour) => {
          jwks.keySet = { keys: entries.map((entry) => entry.jwk) } as unknown as typeof jwks.keySet;
          jwks.behaviour = behaviour;
          const { handler, log } = connectorFor({ C2C_JWKS_URI: jwks.uri, C2C_JWT_ISSUER: ISSUER, C2C_JWT_AUDIENCE: AUDIENCE, C2C_DEADLINE_MS: '500' });
          for (const made of tokens) {
            const text = typeof made === 'string' ? made : await made();
            const outcome = await settle(handler(activateUserEnvelope(text)));
            if (outcome.thrown !== undefined) {
              expect(behaviour, outcome.thrown.message).to.equal('fail');
              expect(outcome.thrown.name).to.equal('IDENTITY_PROVIDER_UNAVAILABLE');
              continue;
            }
            const envelope = outcome.envelope as { header: { responseCode: number }; payload: Record<string, unknown> };
            if (behaviour === 'not-found' && envelope.header.responseCode === 500) {
              expect(envelope.payload['errorCode'], 'a 404 key set URL is the configuration').to.equal('CONFIGURATION_ERROR');
              continue;
            }
            expect([200, 401], JSON.stringify(envelope)).to.include(envelope.header.responseCode);
            expect(envelope.payload['responseMessage']).to.be.a('string');
            if (envelope.header.responseCode === 200) expect(envelope.payload['userId']).to.equal('user-123');
            else expect(['INVALID_TOKEN', 'EXPIRED_TOKEN']).to.include(envelope.payload['errorCode']);
          }
          const logged = log.lines.join('\n');
          for (const material of unusable.flatMap((key) => key.material)) expect(logged).not.to.contain(material);
        },
      ),
      { numRuns: RUNS },
    );
  });
});
