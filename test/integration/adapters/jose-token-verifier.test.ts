import { expect } from 'chai';
import type { JWTPayload } from 'jose';
import { SystemClock } from '#adapters/clock/system-clock.js';
import { JoseTokenVerifier, type JoseTokenVerifierOptions } from '#adapters/jwt/jose-token-verifier.js';
import { RemoteJwksKeyStore, type RemoteJwksKeyStoreOptions } from '#adapters/jwt/remote-jwks-key-store.js';
import { createHttpClient } from '#adapters/outbound-http/http-client.js';
import { Deadline } from '#application/deadline.js';
import type { Clock } from '#application/ports/clock.js';
import type { IdentityRecognised } from '#application/ports/identity-source.js';
import { AccessToken } from '#domain/access-token.js';
import { ConnectorMisconfigured } from '#domain/errors/connector-misconfigured.js';
import { IdentityProviderUnavailable } from '#domain/errors/identity-provider-unavailable.js';
import { InvalidToken } from '#domain/errors/invalid-token.js';
import { TokenExpired } from '#domain/errors/token-expired.js';
import {
  claimsFor,
  hmacSignedWithPublicKey,
  segment,
  unsecuredToken,
  withReplacedPayload,
  withUnknownCriticalHeader,
} from '../../support/crafted-tokens.js';
import { elapsedMs, expectDomainError } from '../../support/expect-domain-error.js';
import { MemoryLog } from '../../support/memory-log.js';
import { FakeClock, JwksServer, TokenFactory } from '#main/testing/index.js';

const ISSUER = 'https://idp.example.com';
const AUDIENCE = 'connector-api';
const http = createHttpClient();

describe('JoseTokenVerifier with RemoteJwksKeyStore against a loopback JWKS endpoint', () => {
  let rs256: TokenFactory;
  let es256: TokenFactory;
  let edDsa: TokenFactory;
  let ps256: TokenFactory;
  /** Same kid as rs256, another key pair: what a forger who read the key set would produce. */
  let impostor: TokenFactory;
  /** The issuer's next key, published only after a rotation. */
  let rotated: TokenFactory;
  let otherIssuer: TokenFactory;
  let jwks: JwksServer;
  /**
   * Key ages, cooldowns, deadlines and token expiry run on this clock. It starts at the real time because
   * TokenFactory stamps `iat` and the default `exp` with it, and then stands still until a test moves it.
   */
  let clock: FakeClock;
  /** What the key stores the tests make have logged. */
  let log: MemoryLog;

  function nowS(): number {
    return Math.floor(clock.now().getTime() / 1000);
  }

  /** Waits for I/O (not for time to pass) until the key set endpoint has received `count` requests. */
  async function requestsReceived(count: number): Promise<void> {
    while (jwks.requestCount < count) await new Promise((resolve) => setImmediate(resolve));
  }

  before(async () => {
    [rs256, es256, edDsa, ps256, impostor, rotated, otherIssuer] = await Promise.all([
      TokenFactory.create({ issuer: ISSUER, audience: AUDIENCE, alg: 'RS256', kid: 'rsa-1' }),
      TokenFactory.create({ issuer: ISSUER, audience: AUDIENCE, alg: 'ES256', kid: 'ec-1' }),
      TokenFactory.create({ issuer: ISSUER, audience: AUDIENCE, alg: 'EdDSA', kid: 'ed-1' }),
      TokenFactory.create({ issuer: ISSUER, audience: AUDIENCE, alg: 'PS256', kid: 'ps-1' }),
      TokenFactory.create({ issuer: ISSUER, audience: AUDIENCE, alg: 'RS256', kid: 'rsa-1' }),
      TokenFactory.create({ issuer: ISSUER, audience: AUDIENCE, alg: 'RS256', kid: 'rsa-2' }),
      TokenFactory.create({ issuer: 'https://elsewhere.example.org', audience: AUDIENCE, alg: 'RS256', kid: 'x-1' }),
    ]);
  });

  beforeEach(async () => {
    log = new MemoryLog();
    clock = new FakeClock(new Date());
    jwks = await JwksServer.start({ keys: [rs256.publicJwk, es256.publicJwk, edDsa.publicJwk, ps256.publicJwk] });
  });

  afterEach(async () => {
    await jwks.close();
  });

  /** A fresh verifier (and so a cold key cache) over the loopback key set. */
  function verifier(
    options: Partial<JoseTokenVerifierOptions> = {},
    storeOptions: Partial<RemoteJwksKeyStoreOptions> = {},
    on: Clock = clock,
  ): JoseTokenVerifier {
    const keys = new RemoteJwksKeyStore(http, on, { jwksUri: jwks.uri, ...storeOptions }, log.logger);
    return new JoseTokenVerifier(keys, on, { issuer: ISSUER, audiences: [AUDIENCE], ...options });
  }

  function verify(subject: JoseTokenVerifier, token: string, budgetMs = 1500, on: Clock = clock) {
    return subject.identify(AccessToken.of(token), Deadline.in(budgetMs, on));
  }

  async function expectVerified(subject: JoseTokenVerifier, token: string): Promise<IdentityRecognised['claims']> {
    const outcome = await verify(subject, token);
    if (!outcome.recognised) expect.fail(`expected a verified token, got "not recognised": ${outcome.reason}`);
    return outcome.claims;
  }

  function expectInvalid(subject: JoseTokenVerifier, token: string): Promise<InvalidToken> {
    return expectDomainError(verify(subject, token), { type: InvalidToken, code: 'INVALID_TOKEN', secret: token });
  }

  function expectUnavailable(subject: JoseTokenVerifier, token: string, budgetMs = 1500, on: Clock = clock) {
    return expectDomainError(verify(subject, token, budgetMs, on), {
      type: IdentityProviderUnavailable,
      code: 'IDENTITY_PROVIDER_UNAVAILABLE',
      secret: token,
    });
  }

  function expectMisconfigured(subject: JoseTokenVerifier, token: string) {
    return expectDomainError(verify(subject, token), { type: ConnectorMisconfigured, code: 'CONFIGURATION_ERROR', secret: token });
  }

  describe('valid tokens', () => {
    for (const alg of ['RS256', 'ES256', 'EdDSA', 'PS256'] as const) {
      it(`returns the claims of a valid ${alg} token`, async () => {
        const factory = { RS256: rs256, ES256: es256, EdDSA: edDsa, PS256: ps256 }[alg];
        const exp = nowS() + 600;
        const claims = await expectVerified(verifier(), await factory.sign({ sub: 'user-42', exp }));
        expect(claims).to.deep.equal({
          userId: 'user-42',
          issuer: ISSUER,
          subject: 'user-42',
          source: 'jwt',
          expiresAt: new Date(exp * 1000),
        });
      });
    }

    it('accepts a token naming one of several configured audiences among others', async () => {
      const token = await rs256.sign({ aud: ['unrelated-api', 'second-api'] });
      const claims = await expectVerified(verifier({ audiences: [AUDIENCE, 'second-api'] }), token);
      expect(claims.userId).to.equal('user-123');
    });

    it('accepts a token without kid when exactly one key of its type is published', async () => {
      jwks.keySet = { keys: [rs256.publicJwk] };
      const token = await rs256.sign({}, { kid: undefined });
      expect(JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString())).not.to.have.property('kid');
      expect((await expectVerified(verifier(), token)).userId).to.equal('user-123');
    });

    it('accepts a token that expired 3 s ago with a 5 s clock tolerance', async () => {
      const token = await rs256.sign({ exp: nowS() - 3 });
      expect((await expectVerified(verifier({ clockToleranceS: 5 }), token)).userId).to.equal('user-123');
    });

    it('accepts a token valid from 3 s in the future with a 5 s clock tolerance', async () => {
      const token = await rs256.sign({ nbf: nowS() + 3 });
      expect((await expectVerified(verifier({ clockToleranceS: 5 }), token)).userId).to.equal('user-123');
    });
  });

  describe('the user id claim', () => {
    it('reads a dot path into a nested claim and keeps sub as the subject', async () => {
      const token = await rs256.sign({ sub: 'subject-1', ext: { uid: 'nested-7' } });
      const claims = await expectVerified(verifier({ userIdClaim: 'ext.uid' }), token);
      expect(claims).to.include({ userId: 'nested-7', subject: 'subject-1' });
    });

    it('reads a URL-shaped claim name containing dots as one name', async () => {
      const claimName = 'https://idp.example.com/claims/user.id';
      const token = await rs256.sign({ [claimName]: 'url-user-9' });
      expect((await expectVerified(verifier({ userIdClaim: claimName }), token)).userId).to.equal('url-user-9');
    });

    it('turns a numeric id into its decimal text', async () => {
      const token = await rs256.sign({ uid: 1234567 });
      expect((await expectVerified(verifier({ userIdClaim: 'uid' }), token)).userId).to.equal('1234567');
    });

    it('uses the user id as the subject when the token has no sub', async () => {
      const token = await rs256.sign({ sub: undefined, uid: 'only-uid' });
      expect(await expectVerified(verifier({ userIdClaim: 'uid' }), token)).to.include({
        userId: 'only-uid',
        subject: 'only-uid',
      });
    });

    it('rejects a verified token without the claim, naming the claim', async () => {
      const token = await rs256.sign({ ext: { other: 'x' } });
      const error = await expectInvalid(verifier({ userIdClaim: 'ext.uid' }), token);
      expect(error.message).to.contain('"ext.uid"');
    });

    for (const [label, value] of [
      ['empty', ''],
      ['fractional', 12.5],
      ['boolean', true],
      ['object', { id: 'x' }],
    ] as const) {
      it(`rejects a ${label} user id claim`, async () => {
        const token = await rs256.sign({ uid: value });
        const error = await expectInvalid(verifier({ userIdClaim: 'uid' }), token);
        expect(error.message).to.contain('"uid"');
      });
    }
  });

  describe('tokens left to the next identity source', () => {
    const notJwts: ReadonlyArray<readonly [string, () => string]> = [
      ['an opaque string', () => 'gho_16C7e42F292c6912E7710c838347Ae178B4a'],
      ['two segments', () => `${segment({ alg: 'RS256' })}.${segment(claimsFor(ISSUER, AUDIENCE))}`],
      ['four segments', () => `${segment({ alg: 'RS256' })}.${segment(claimsFor(ISSUER, AUDIENCE))}.c2ln.extra`],
      [
        'a five-segment JWE',
        () => `${segment({ alg: 'RSA-OAEP-256', enc: 'A256GCM', kid: 'rsa-1' })}.a2V5.aXY.Y2lwaGVy.dGFn`,
      ],
      ['three segments that are not JSON', () => 'not.a.jwt'],
      ['a JWT whose payload is not an object', () => `${segment({ alg: 'RS256' })}.${segment(['x'])}.c2ln`],
    ];
    for (const [label, build] of notJwts) {
      it(`does not recognise ${label}, without fetching keys`, async () => {
        const outcome = await verify(verifier(), build());
        const reason = label === 'a five-segment JWE' ? 'encrypted tokens are not accepted' : 'not a signed JWT';
        expect(outcome).to.deep.equal({ recognised: false, reason });
        expect(jwks.requestCount).to.equal(0);
      });
    }

    it('does not recognise a JWT from another issuer, without fetching keys', async () => {
      const outcome = await verify(verifier(), await otherIssuer.sign());
      expect(outcome).to.deep.equal({ recognised: false, reason: 'issued by another issuer' });
      expect(jwks.requestCount).to.equal(0);
    });

    it('does not refetch its keys for a JWT of another issuer under a kid it does not know', async () => {
      const subject = verifier();
      await expectVerified(subject, await rs256.sign());
      clock.advance(60_000);

      const outcome = await verify(subject, await otherIssuer.sign());

      expect(outcome).to.deep.equal({ recognised: false, reason: 'issued by another issuer' });
      expect(jwks.requestCount).to.equal(1);
    });

    it('declines, rather than refuses, a JWT of another issuer under a kid and algorithm of ours', async () => {
      const sameKid = await TokenFactory.create({ issuer: 'https://elsewhere.example.org', audience: AUDIENCE, alg: 'RS256', kid: 'rsa-1' });
      const subject = verifier();
      await expectVerified(subject, await rs256.sign());

      expect(await verify(subject, await sameKid.sign())).to.deep.equal({ recognised: false, reason: 'issued by another issuer' });
      expect(await verify(subject, await rs256.sign({ iss: 'https://elsewhere.example.org' }))).to.deep.equal({
        recognised: false,
        reason: 'issued by another issuer',
      });
    });
  });

  describe('tokens of our issuer that must be rejected', () => {
    it('rejects alg none', async () => {
      await expectInvalid(verifier(), unsecuredToken(claimsFor(ISSUER, AUDIENCE)));
    });

    it('rejects HS256 signed with the RSA public key as HMAC secret', async () => {
      await expectInvalid(verifier(), await hmacSignedWithPublicKey(rs256.publicJwk, claimsFor(ISSUER, AUDIENCE)));
    });

    it('rejects HS256 signed with the RSA public key even if HS256 were allowed', async () => {
      const token = await hmacSignedWithPublicKey(rs256.publicJwk, claimsFor(ISSUER, AUDIENCE));
      await expectInvalid(verifier({ algorithms: ['RS256', 'HS256'] }), token);
    });

    it('rejects a token signed by another key under a published kid', async () => {
      const error = await expectInvalid(verifier(), await impostor.sign());
      expect(error.message).to.contain('signature');
    });

    it('rejects a token signed by a key with an unknown kid', async () => {
      await expectInvalid(verifier(), await rotated.sign());
    });

    it('rejects an expired token as EXPIRED_TOKEN', async () => {
      const token = await rs256.sign({ exp: nowS() - 60 });
      await expectDomainError(verify(verifier(), token), { type: TokenExpired, code: 'EXPIRED_TOKEN', secret: token });
    });

    it('rejects as EXPIRED_TOKEN a token expired just beyond the clock tolerance', async () => {
      const token = await rs256.sign({ exp: nowS() - 8 });
      await expectDomainError(verify(verifier({ clockToleranceS: 5 }), token), {
        type: TokenExpired,
        code: 'EXPIRED_TOKEN',
        secret: token,
      });
    });

    it('judges nbf and exp by its clock: one token is not valid yet, then valid, then expired as the clock moves', async () => {
      const subject = verifier({ clockToleranceS: 5 });
      const token = await rs256.sign({ nbf: nowS() + 60, exp: nowS() + 120 });
      expect((await expectInvalid(subject, token)).message).to.contain('"nbf"');
      clock.advance(55_000);
      expect((await expectVerified(subject, token)).userId).to.equal('user-123');
      clock.advance(69_000);
      expect((await expectVerified(subject, token)).userId).to.equal('user-123');
      clock.advance(1_000);
      await expectDomainError(verify(subject, token), { type: TokenExpired, code: 'EXPIRED_TOKEN', secret: token });
    });

    it('rejects a token that is not valid yet (nbf in the future)', async () => {
      const error = await expectInvalid(verifier(), await rs256.sign({ nbf: nowS() + 120 }));
      expect(error.message).to.contain('"nbf"');
    });

    it('rejects a token for another audience', async () => {
      const error = await expectInvalid(verifier(), await rs256.sign({ aud: 'someone-else' }));
      expect(error.message).to.contain('"aud"');
    });

    it('rejects a token without aud', async () => {
      await expectInvalid(verifier(), await rs256.sign({ aud: undefined }));
    });

    it('rejects a token without exp', async () => {
      const error = await expectInvalid(verifier(), await rs256.sign({ exp: undefined }));
      expect(error.message).to.contain('"exp"');
    });

    it('rejects a token whose exp is not a number', async () => {
      await expectInvalid(verifier(), await rs256.sign({ exp: 'tomorrow' } as unknown as JWTPayload));
    });

    it('rejects an algorithm outside the allowlist', async () => {
      const error = await expectInvalid(verifier({ algorithms: ['ES256'] }), await rs256.sign());
      expect(error.message).to.contain('algorithm');
    });

    it('rejects a token whose payload was changed after signing', async () => {
      const token = await rs256.sign({ sub: 'user-123' });
      await expectInvalid(verifier(), withReplacedPayload(token, claimsFor(ISSUER, AUDIENCE, { sub: 'admin' })));
    });

    it('rejects a token whose signature was cut off', async () => {
      const token = await rs256.sign();
      await expectInvalid(verifier(), `${token.slice(0, token.lastIndexOf('.'))}.`);
    });

    it('rejects a token whose kid names several published keys', async () => {
      jwks.keySet = { keys: [rs256.publicJwk, { ...impostor.publicJwk }] };
      const error = await expectInvalid(verifier(), await rs256.sign());
      expect(error.message).to.contain('Several keys');
    });

    it('rejects a token without kid when several keys of its type are published', async () => {
      jwks.keySet = { keys: [rs256.publicJwk, rotated.publicJwk] };
      await expectInvalid(verifier(), await rs256.sign({}, { kid: undefined }));
    });

    it('rejects a token with an unknown critical header extension', async () => {
      await expectInvalid(verifier(), await withUnknownCriticalHeader(rs256, claimsFor(ISSUER, AUDIENCE)));
    });
  });

  describe('access tokens only: the typ, ID-token, client and audience checks', () => {
    for (const typ of [undefined, 'JWT', 'jwt', 'at+jwt', 'application/at+jwt', 'AT+JWT']) {
      it(`accepts a token whose typ header is ${typ ?? 'absent'}`, async () => {
        expect((await expectVerified(verifier(), await rs256.sign({}, { typ }))).userId).to.equal('user-123');
      });
    }

    for (const typ of ['logout+jwt', 'token-introspection+jwt', 'id_token+jwt', 'dpop+jwt']) {
      it(`refuses a token whose typ header is ${typ}, naming typ`, async () => {
        const error = await expectInvalid(verifier(), await rs256.sign({}, { typ }));
        expect(error.message).to.contain('"typ" header');
      });
    }

    for (const claim of ['at_hash', 'c_hash', 's_hash']) {
      it(`refuses a token with ${claim} as an ID token, even with a scope`, async () => {
        const error = await expectInvalid(verifier(), await rs256.sign({ [claim]: 'hXyZ', scope: 'openid' }));
        expect(error.message).to.contain(`ID token (its "${claim}" claim)`);
      });
    }

    it('refuses token_use id (Cognito) and a payload typ of ID (Keycloak) as ID tokens', async () => {
      expect((await expectInvalid(verifier(), await rs256.sign({ token_use: 'id', scope: 'openid' }))).message).to.contain('"token_use"');
      expect((await expectInvalid(verifier(), await rs256.sign({ typ: 'ID', scope: 'openid' }))).message).to.contain('"typ" claim');
      expect((await expectVerified(verifier(), await rs256.sign({ typ: 'Bearer', scope: 'openid' }))).userId).to.equal('user-123');
    });

    it('takes a nonce without a scope for an ID token, and with a scope for an access token unless the profile says nonces mark ID tokens', async () => {
      expect((await expectInvalid(verifier(), await rs256.sign({ nonce: 'n-1' }))).message).to.contain('"nonce"');
      expect((await expectVerified(verifier(), await rs256.sign({ nonce: 'n-1', scope: 'openid' }))).userId).to.equal('user-123');
      expect((await expectVerified(verifier(), await rs256.sign({ nonce: 'n-1', scp: ['openid'] }))).userId).to.equal('user-123');
      await expectInvalid(verifier({ nonceMeansIdToken: true }), await rs256.sign({ nonce: 'n-1', scope: 'openid' }));
    });

    it('takes a token without scope addressed to its own azp, or to a configured client, for an ID token', async () => {
      const toItself = await rs256.sign({ aud: 'web', azp: 'web' });
      expect((await expectInvalid(verifier({ audiences: ['web'] }), toItself)).message).to.contain('ID token (its "aud" claim)');
      const toClient = await rs256.sign({ aud: 'web', client_id: 'web' });
      await expectInvalid(verifier({ audiences: ['web'], clientIds: ['web'] }), toClient);
      expect((await expectVerified(verifier({ audiences: ['web'] }), toClient)).userId, 'no client check: nothing says web is a client').to.equal(
        'user-123',
      );
      const scoped = await rs256.sign({ aud: 'web', azp: 'web', scope: 'devices' });
      expect((await expectVerified(verifier({ audiences: ['web'], clientIds: ['web'] }), scoped)).userId).to.equal('user-123');
    });

    it('with clientIds, wants every client claim the token carries to name one, and at least one claim', async () => {
      const checked = verifier({ clientIds: ['app-1', 'app-2'] });
      expect((await expectVerified(checked, await rs256.sign({ azp: 'app-2' }))).userId).to.equal('user-123');
      expect((await expectVerified(checked, await rs256.sign({ client_id: 'app-1', azp: 'app-1' }))).userId).to.equal('user-123');
      const mixed = await expectInvalid(checked, await rs256.sign({ client_id: 'app-1', azp: 'app-9' }));
      expect(mixed.message).to.equal('The token\'s "azp" claim is not acceptable: another client.');
      expect((await expectInvalid(checked, await rs256.sign({ client_id: ['app-1'] }))).message).to.contain('"client_id"');
      expect((await expectInvalid(checked, await rs256.sign({ cid: 'app-1' }))).message).to.equal(
        'The token names no client ("client_id" or "azp").',
      );
      expect((await expectVerified(verifier({ clientIds: ['app-1'], clientClaims: ['cid'] }), await rs256.sign({ cid: 'app-1' }))).userId).to.equal(
        'user-123',
      );
    });

    it('without clientIds, needs a client claim only where the profile says its access tokens always carry one', async () => {
      expect((await expectVerified(verifier(), await rs256.sign())).userId).to.equal('user-123');
      const error = await expectInvalid(verifier({ clientClaims: ['cid'], clientClaimRequired: true }), await rs256.sign());
      expect(error.message).to.equal('The token is not an access token: it names no client ("cid").');
    });

    it('with audienceOptional, takes a token without aud, and checks an aud that is there', async () => {
      const optional = verifier({ audienceOptional: true, clientIds: ['app-1'] });
      expect((await expectVerified(optional, await rs256.sign({ aud: undefined, client_id: 'app-1' }))).userId).to.equal('user-123');
      expect((await expectVerified(optional, await rs256.sign({ aud: ['x', AUDIENCE], client_id: 'app-1' }))).userId).to.equal('user-123');
      const error = await expectInvalid(optional, await rs256.sign({ aud: 'another-api', client_id: 'app-1' }));
      expect(error.message).to.contain('"aud"');
      await expectInvalid(optional, await rs256.sign({ aud: undefined, client_id: 'app-2' }));
    });

    it('will not be built with audienceOptional and no clientIds', () => {
      expect(() => verifier({ audienceOptional: true })).to.throw(/audienceOptional needs clientIds/);
      expect(() => verifier({ audienceOptional: true, clientIds: [] })).to.throw(/audienceOptional needs clientIds/);
    });
  });

  describe('fetching the key set', () => {
    it('prefetches the key set once, and the first token then verifies without another request', async () => {
      const subject = verifier();
      await subject.prefetchKeys(Deadline.in(1500, clock));
      expect(jwks.requestCount).to.equal(1);
      await expectVerified(subject, await rs256.sign());
      await subject.prefetchKeys(Deadline.in(1500, clock));
      expect(jwks.requestCount).to.equal(1);
    });

    it('lets a token that arrives during the prefetch share its request', async () => {
      jwks.delayMs = 100;
      const subject = verifier();
      const prefetching = subject.prefetchKeys(Deadline.in(1500, clock));
      await expectVerified(subject, await rs256.sign());
      await prefetching;
      expect(jwks.requestCount).to.equal(1);
    });

    it('never rejects a failed prefetch: the first token fetches again and reports the outage itself', async () => {
      jwks.behaviour = 'fail';
      const subject = verifier();
      await subject.prefetchKeys(Deadline.in(1500, clock));
      const error = await expectUnavailable(subject, await rs256.sign());
      expect(error.message).to.contain('HTTP 500');
      expect(jwks.requestCount).to.equal(2);
    });

    it('answers IDENTITY_PROVIDER_UNAVAILABLE within the deadline when the endpoint hangs', async () => {
      // Real time: what ends the wait here is the real request timeout and abort the deadline hands to axios.
      const realTime = new SystemClock();
      jwks.behaviour = 'hang';
      const token = await rs256.sign();
      const took = await elapsedMs(() => expectUnavailable(verifier({}, {}, realTime), token, 300, realTime));
      expect(took).to.be.below(400);
      expect(jwks.requestCount).to.equal(1);
    });

    it('answers IDENTITY_PROVIDER_UNAVAILABLE on HTTP 500', async () => {
      jwks.behaviour = 'fail';
      const error = await expectUnavailable(verifier(), await rs256.sign());
      expect(error.message).to.contain('HTTP 500');
    });

    it('answers CONFIGURATION_ERROR, once and without retrying, when the key set URL answers 404', async () => {
      jwks.behaviour = 'not-found';
      const error = await expectMisconfigured(verifier({}, { retry: { maxRetries: 2, baseDelayMs: 0 } }), await rs256.sign());
      expect(error.message).to.contain('HTTP 404').and.contain('C2C_JWKS_URI');
      expect(jwks.requestCount).to.equal(1);
    });

    it('answers CONFIGURATION_ERROR when the answer is not JSON', async () => {
      jwks.behaviour = 'not-json';
      const error = await expectMisconfigured(verifier(), await rs256.sign());
      expect(error.message).to.contain('not JSON');
    });

    it('answers CONFIGURATION_ERROR when the answer is JSON but not a key set', async () => {
      jwks.keySet = { keys: 'none' } as unknown as typeof jwks.keySet;
      await expectMisconfigured(verifier(), await rs256.sign());
    });

    it('skips an entry of the key set that is not a key, with a warning, and verifies with the others', async () => {
      jwks.keySet = { keys: [rs256.publicJwk, 'garbage'] } as unknown as typeof jwks.keySet;
      await expectVerified(verifier(), await rs256.sign());
      const warnings = log.entries().filter((entry) => entry['level'] === 40);
      expect(warnings.map((entry) => [entry['kid'], entry['reason']])).to.deep.equal([['(none)', 'the entry is not a JSON object']]);
    });

    it('answers CONFIGURATION_ERROR when the key set is larger than allowed', async () => {
      const error = await expectMisconfigured(verifier({}, { maxBytes: 256 }), await rs256.sign());
      expect(error.message).to.contain('larger than allowed');
    });

    it('answers IDENTITY_PROVIDER_UNAVAILABLE when nothing listens at the key set address', async () => {
      const token = await rs256.sign();
      const subject = verifier();
      await jwks.close();
      await expectUnavailable(subject, token);
    });

    it('gives up at once, without a request, when the deadline is already spent', async () => {
      await expectUnavailable(verifier(), await rs256.sign(), 0);
      expect(jwks.requestCount).to.equal(0);
    });

    it('caches the key set: a second verification makes no request', async () => {
      const subject = verifier();
      await expectVerified(subject, await rs256.sign({ sub: 'first' }));
      await expectVerified(subject, await es256.sign({ sub: 'second' }));
      expect(jwks.requestCount).to.equal(1);
    });

    it('verifies with cached keys even when the deadline is already spent', async () => {
      const subject = verifier();
      await expectVerified(subject, await rs256.sign());
      const outcome = await verify(subject, await rs256.sign({ sub: 'late' }), 0);
      expect(outcome).to.have.nested.property('claims.userId', 'late');
    });

    it('shares one request among concurrent verifications on a cold cache', async () => {
      const subject = verifier();
      const tokens = await Promise.all([rs256.sign(), es256.sign(), edDsa.sign(), ps256.sign()]);
      const outcomes = await Promise.all(tokens.map((token) => verify(subject, token)));
      expect(outcomes.map((outcome) => outcome.recognised)).to.deep.equal([true, true, true, true]);
      expect(jwks.requestCount).to.equal(1);
    });

    it('refetches once for an unknown kid and verifies after the key rotation', async () => {
      const subject = verifier({}, { cooldownMs: 0 });
      await expectVerified(subject, await rs256.sign());
      jwks.keySet = { keys: [rotated.publicJwk] };
      expect((await expectVerified(subject, await rotated.sign({ sub: 'after-rotation' }))).userId).to.equal(
        'after-rotation',
      );
      expect(jwks.requestCount).to.equal(2);
    });

    it('lets concurrent tokens with a rotated kid share the one refetch instead of failing', async () => {
      const subject = verifier({}, { cooldownMs: 100 });
      await expectVerified(subject, await rs256.sign());
      clock.advance(100);
      jwks.keySet = { keys: [rs256.publicJwk, rotated.publicJwk] };
      jwks.delayMs = 50;
      const tokens = await Promise.all(['r1', 'r2', 'r3'].map((sub) => rotated.sign({ sub })));
      const outcomes = await Promise.all(tokens.map((token) => verify(subject, token)));
      expect(outcomes.map((outcome) => (outcome.recognised ? outcome.claims.userId : outcome.reason))).to.deep.equal([
        'r1',
        'r2',
        'r3',
      ]);
      expect(jwks.requestCount).to.equal(2);
    });

    it('does not refetch for unknown kids within the cooldown, and refetches once after it', async () => {
      const subject = verifier({}, { cooldownMs: 150 });
      await expectVerified(subject, await rs256.sign());
      for (const kid of ['forged-1', 'forged-2', 'forged-3']) {
        await expectInvalid(subject, await rotated.sign({}, { kid }));
      }
      expect(jwks.requestCount).to.equal(1);

      clock.advance(149);
      await expectInvalid(subject, await rotated.sign({}, { kid: 'forged-4' }));
      expect(jwks.requestCount).to.equal(1);
      clock.advance(1);
      await expectInvalid(subject, await rotated.sign({}, { kid: 'forged-5' }));
      await expectInvalid(subject, await rotated.sign({}, { kid: 'forged-6' }));
      expect(jwks.requestCount).to.equal(2);
    });

    it('refreshes keys older than maxAgeMs', async () => {
      const subject = verifier({}, { maxAgeMs: 50 });
      await expectVerified(subject, await rs256.sign());
      clock.advance(50);
      await expectVerified(subject, await rs256.sign());
      expect(jwks.requestCount, 'keys exactly maxAgeMs old are still used as they are').to.equal(1);
      clock.advance(1);
      jwks.keySet = { keys: [rotated.publicJwk] };
      await expectVerified(subject, await rotated.sign());
      expect(jwks.requestCount).to.equal(2);
    });

    it('keeps verifying with the last good keys while the endpoint fails (stale-if-error)', async () => {
      const subject = verifier({}, { maxAgeMs: 50 });
      await expectVerified(subject, await rs256.sign());
      jwks.behaviour = 'fail';
      clock.advance(51);
      expect((await expectVerified(subject, await rs256.sign({ sub: 'while-down' }))).userId).to.equal('while-down');
      expect(jwks.requestCount).to.equal(2);
    });

    it('does not retry a failed refresh on every verification within the cooldown', async () => {
      const subject = verifier({}, { maxAgeMs: 50, cooldownMs: 10_000 });
      await expectVerified(subject, await rs256.sign());
      jwks.behaviour = 'fail';
      clock.advance(51);
      for (const sub of ['a', 'b', 'c']) {
        expect((await expectVerified(subject, await rs256.sign({ sub }))).userId).to.equal(sub);
        clock.advance(3_000);
      }
      expect(jwks.requestCount).to.equal(2);
      clock.advance(1_000);
      expect((await expectVerified(subject, await rs256.sign({ sub: 'd' }))).userId).to.equal('d');
      expect(jwks.requestCount, 'tried again once the cooldown has passed').to.equal(3);
    });

    it('keeps verifying with the last good keys, within the deadline, while the endpoint hangs', async () => {
      const subject = verifier({}, { maxAgeMs: 50 });
      await expectVerified(subject, await rs256.sign());
      jwks.behaviour = 'hang';
      clock.advance(51);
      const token = await rs256.sign({ sub: 'while-hanging' });
      const verifying = subject.identify(AccessToken.of(token), Deadline.in(1_000, clock));
      await requestsReceived(2);
      clock.advance(1_000);
      expect(await verifying).to.have.nested.property('claims.userId', 'while-hanging');

      const next = await rs256.sign({ sub: 'next' });
      expect((await expectVerified(subject, next)).userId, 'answered with the clock standing still').to.equal('next');
      expect(jwks.requestCount, 'the next verification does not wait on the hanging endpoint again').to.equal(2);
    });

    it('lets a caller with time left retry a shared fetch that another caller\'s deadline cut short', async () => {
      jwks.behaviour = 'hang';
      const subject = verifier();
      const [hurriedToken, patientToken] = await Promise.all([rs256.sign({ sub: 'hurried' }), rs256.sign({ sub: 'patient' })]);
      // Budgets far above the time the test takes: the request timeout axios gets from them is real.
      const callers = [verify(subject, hurriedToken, 1_000), verify(subject, patientToken, 5_000)] as const;
      await requestsReceived(1);
      jwks.behaviour = 'serve';
      clock.advance(1_000);
      const [hurried, patient] = await Promise.allSettled(callers);
      expect(hurried.status).to.equal('rejected');
      expect(patient).to.have.nested.property('value.claims.userId', 'patient');
      expect(jwks.requestCount).to.equal(2);
    });

    it('stops using stale keys once staleIfErrorMs has passed', async () => {
      const subject = verifier({}, { maxAgeMs: 20, staleIfErrorMs: 20 });
      await expectVerified(subject, await rs256.sign());
      jwks.behaviour = 'fail';
      clock.advance(40);
      expect((await expectVerified(subject, await rs256.sign({ sub: 'last-stale' }))).userId).to.equal('last-stale');
      clock.advance(1);
      await expectUnavailable(subject, await rs256.sign());
    });

    it('serves stale keys through a refresh answered 404 too, then reports the URL as CONFIGURATION_ERROR', async () => {
      const subject = verifier({}, { maxAgeMs: 20, staleIfErrorMs: 20 });
      await expectVerified(subject, await rs256.sign());
      jwks.behaviour = 'not-found';
      clock.advance(40);
      expect((await expectVerified(subject, await rs256.sign({ sub: 'stale' }))).userId).to.equal('stale');
      clock.advance(1);
      const error = await expectMisconfigured(subject, await rs256.sign());
      expect(error.message).to.contain('HTTP 404');
    });
  });
});
