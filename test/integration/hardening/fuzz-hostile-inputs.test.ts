import { expect } from 'chai';
import fc from 'fast-check';
import type { ConnectorResponseEnvelope } from '#adapters/connector-envelope/connector-response.js';
import { MAX_ENVELOPE_BYTES, MAX_ENVELOPE_DEPTH } from '#adapters/connector-envelope/envelope-limits.js';
import type { ConnectorLambdaHandler } from '#adapters/lambda/lambda-handler.js';
import { AccessToken } from '#domain/access-token.js';
import { IdentityProviderUnavailable } from '#domain/errors/identity-provider-unavailable.js';
import { connectorFor, settle } from '../../support/connector-world.js';
import { respelled, type Respelling } from '../../support/crafted-tokens.js';
import { activateUserEnvelope } from '../../support/envelopes.js';
import { linkingServiceWith, type LinkingServiceUnderTest } from '../../support/linking-container.js';
import { JwksServer, TokenFactory } from '#main/testing/index.js';

const ISSUER = 'https://idp.example.com';
const AUDIENCE = 'connector-api';

function withinMs<T>(work: Promise<T>, ms: number): Promise<T> {
  return Promise.race([work, new Promise<T>((_resolve, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms))]);
}

/** `levels` containers, objects or arrays as `arrays` says level by level, around a string. */
function nestedValue(levels: number, arrays: readonly boolean[]): unknown {
  let value: unknown = 'leaf';
  for (let level = 0; level < levels; level++) value = arrays[level % arrays.length] ? [value] : { k: value };
  return value;
}

/** An envelope with `hostile` put at `where`; `validPath` keeps the rest well formed (the fast path), else the auth type is not one we know (the validator's path). */
function envelopeCarrying(hostile: unknown, where: 'header' | 'auth' | 'payload', validPath: boolean): Record<string, unknown> {
  const envelope = activateUserEnvelope('some-token', validPath ? {} : { type: 'Basic' });
  const header = envelope['header'] as Record<string, Record<string, unknown>>;
  const target = where === 'header' ? header : where === 'auth' ? (header['auth'] as Record<string, unknown>) : (envelope['payload'] as Record<string, unknown>);
  target['hostile'] = hostile;
  return envelope;
}

const deepEnvelopes = fc
  .record({
    levels: fc.integer({ min: MAX_ENVELOPE_DEPTH, max: 4_000 }),
    arrays: fc.array(fc.boolean(), { minLength: 1, maxLength: 5 }),
    where: fc.constantFrom<'header' | 'auth' | 'payload'>('header', 'auth', 'payload'),
    validPath: fc.boolean(),
    asText: fc.boolean(),
  })
  .map(({ levels, arrays, where, validPath, asText }) => {
    const envelope = envelopeCarrying(nestedValue(levels, arrays), where, validPath);
    return asText ? JSON.stringify(envelope) : envelope;
  });

describe('Fuzzing the limits against hostile input', () => {
  let connector: ConnectorLambdaHandler;
  let tokens: TokenFactory;
  let jwks: JwksServer;

  before(async () => {
    tokens = await TokenFactory.create({ issuer: ISSUER, audience: AUDIENCE, alg: 'RS256', kid: 'rsa-1' });
    jwks = await JwksServer.start({ keys: [tokens.publicJwk] });
    ({ handler: connector } = connectorFor({ C2C_JWKS_URI: jwks.uri, C2C_JWT_ISSUER: ISSUER, C2C_JWT_AUDIENCE: AUDIENCE, C2C_CONNECTOR_ID: 'connector-1' }));
  });

  after(() => jwks.close());

  describe('the Lambda envelope', () => {
    it(`answers any envelope nested deeper than ${MAX_ENVELOPE_DEPTH} levels, object or text, fast path or validator's, 400 INVALID_REQUEST (no stack overflow)`, async () => {
      await fc.assert(
        fc.asyncProperty(deepEnvelopes, async (event) => {
          const outcome = await withinMs(settle(connector(event)), 1_000);
          expect(outcome.thrown, outcome.thrown?.stack).to.equal(undefined);
          expect(outcome.envelope).to.deep.equal({
            header: { responseCode: 400 },
            payload: { responseMessage: `The request is nested deeper than ${MAX_ENVELOPE_DEPTH} levels.`, errorCode: 'INVALID_REQUEST' },
          });
        }),
        { numRuns: 150 },
      );
    });

    it(`answers an event object over ${MAX_ENVELOPE_BYTES} bytes as it answers the same JSON text: 400 INVALID_REQUEST`, async () => {
      const padding = fc.record({
        unit: fc.constantFrom('a', 'é', '😀', '\u0001', '"'),
        bytes: fc.integer({ min: MAX_ENVELOPE_BYTES + 1, max: 2 * MAX_ENVELOPE_BYTES }),
        where: fc.constantFrom<'header' | 'auth' | 'payload'>('header', 'auth', 'payload'),
        validPath: fc.boolean(),
      });
      await fc.assert(
        fc.asyncProperty(padding, async ({ unit, bytes, where, validPath }) => {
          const unitBytes = Buffer.byteLength(JSON.stringify(unit)) - 2;
          const event = envelopeCarrying(unit.repeat(Math.ceil(bytes / unitBytes)), where, validPath);
          const asObject = await connector(event);
          expect(asObject).to.deep.equal({
            header: { responseCode: 400 },
            payload: { responseMessage: `The request is larger than ${MAX_ENVELOPE_BYTES} bytes.`, errorCode: 'INVALID_REQUEST' },
          });
          expect(await connector(JSON.stringify(event))).to.deep.equal(asObject);
        }),
        { numRuns: 40 },
      );
    });
  });

  describe('the JWT source', () => {
    it('refuses 2,000 respellings of one valid token (1,500 distinct at least) by their syntax, 401 INVALID_TOKEN, none verified, where the token itself is accepted', async () => {
      const token = await tokens.sign({ sub: 'respelt-user' });
      const accepted = await connector(activateUserEnvelope(token));
      expect(accepted.header.responseCode).to.equal(200);
      const spellings = new Set<string>();
      const whitespace = fc.record({
        how: fc.constantFrom<Respelling>('space', 'line break', 'tab'),
        // Mostly the long segments, where a position gives many distinct spellings.
        index: fc.constantFrom(0, 1, 1, 2, 2),
        at: fc.noBias(fc.integer({ min: 0, max: 999 })).map((permille) => permille / 1000),
      });
      const respelling = fc.record({
        signature: fc.option(fc.constantFrom<Respelling>('padding', 'standard alphabet', 'spare bits'), { nil: undefined }),
        insertions: fc.array(whitespace, { minLength: 1, maxLength: 4 }),
      });
      await fc.assert(
        fc.asyncProperty(respelling, async ({ signature, insertions }) => {
          let variant = signature === undefined ? token : respelled(token, signature, 2);
          for (const { how, index, at } of insertions) variant = respelled(variant, how, index, at);
          spellings.add(variant);
          const response = await connector(activateUserEnvelope(variant));
          expect(response.header.responseCode).to.equal(401);
          expect(response.payload).to.include({ errorCode: 'INVALID_TOKEN' });
          expect(response.payload.responseMessage).to.contain('not in compact serialization');
        }),
        { numRuns: 2_000 },
      );
      expect(spellings.size).to.be.at.least(1_500);
    });
  });

  describe('the HTTP service (fastify inject)', () => {
    let service: LinkingServiceUnderTest;

    before(async () => {
      service = await linkingServiceWith({
        exchanger: {
          exchange: () => Promise.resolve({ accessToken: AccessToken.of('exchanged-access-token'), refreshToken: undefined, expiresAt: undefined }),
        },
        connector: {
          activateUser: () => Promise.reject(new IdentityProviderUnavailable('down')),
          deactivateUser: () => Promise.reject(new IdentityProviderUnavailable('down')),
          discoverDevices: () => Promise.reject(new IdentityProviderUnavailable('down')),
          sendCommand: () => Promise.reject(new IdentityProviderUnavailable('down')),
        },
      });
    });

    after(() => service.server.close());

    it('answers deep JSON posted to /connector 400 INVALID_REQUEST in the envelope', async () => {
      await fc.assert(
        fc.asyncProperty(deepEnvelopes, async (event) => {
          const response = await service.server.app.inject({ method: 'POST', url: '/connector', payload: typeof event === 'string' ? event : JSON.stringify(event) });
          expect(response.statusCode).to.equal(400);
          expect(response.json<ConnectorResponseEnvelope>().payload.errorCode).to.equal('INVALID_REQUEST');
        }),
        { numRuns: 50 },
      );
    });

    it('answers an id too long for the router, or a path that is not percent-encoding, 400 in the AWS error shape without echoing it', async () => {
      const urls = fc.oneof(
        fc.stringMatching(/^[A-Za-z0-9]{201,2000}$/).map((id) => `/account-associations/${id}`),
        fc.stringMatching(/^[A-Za-z0-9]{201,600}$/).map((id) => `/account-associations/${id}/refresh`),
        fc.stringMatching(/^[A-Za-z0-9]{1,40}%[0-9A-F]?$/).map((id) => `/account-associations/${id}`),
        fc.stringMatching(/^[A-Za-z0-9]{1,40}%E0%A4%A$/).map((id) => `/account-associations/${id}`),
      );
      await fc.assert(
        fc.asyncProperty(urls, fc.constantFrom('GET', 'POST', 'DELETE'), async (url, method) => {
          const response = await service.server.app.inject({ method, url });
          const path = url.split('/')[2] ?? '';
          expect(response.body).not.to.contain(path.slice(0, 40));
          // 404 for a method and path that is no operation (GET …/refresh), before its parameter is read.
          const exception = response.statusCode === 404 ? 'UnknownOperationException' : 'ValidationException';
          expect(response.statusCode, response.body).to.be.oneOf([400, 404]);
          expect(response.headers['x-amzn-errortype']).to.equal(exception);
          expect(Object.keys(response.json<Record<string, unknown>>())).to.deep.equal(['Message']);
        }),
        { numRuns: 200 },
      );
    });

    it('passes on, for an association waiting for its callback, only an RFC 6749 error name and an ErrorMessage-alphabet description, whatever the platform sends', async () => {
      const hostileText = fc.oneof(
        fc.string({ maxLength: 300 }),
        fc.string({ unit: 'binary', maxLength: 100 }),
        fc.constantFrom('access_denied', 'access_denied"><script>alert(1)</script>', 'a\r\nSet-Cookie: x=y', 'e'.repeat(65), ''),
      );
      await fc.assert(
        fc.asyncProperty(hostileText, fc.option(hostileText, { nil: undefined }), async (error, description) => {
          const started = await service.server.app.inject({ method: 'POST', url: '/account-associations' });
          const state = new URL(started.json<{ OAuthAuthorizationUrl: string }>().OAuthAuthorizationUrl).searchParams.get('state') ?? '';
          const query = new URLSearchParams({ state, error, ...(description === undefined ? {} : { error_description: description }) });
          const response = await service.server.app.inject({ method: 'GET', url: `/oauth/callback?${query.toString()}` });
          expect(response.statusCode).to.equal(302);
          const location = new URL(String(response.headers.location));
          const passedOn = location.searchParams.get('error') ?? '';
          expect(passedOn).to.match(/^[A-Za-z0-9._-]{1,64}$/);
          if (!/^[A-Za-z0-9._-]{1,64}$/.test(error)) expect(passedOn).to.equal('server_error');
          expect(location.searchParams.get('error_description')).to.match(/^[A-Za-z0-9 _-]{1,256}$/);
        }),
        { numRuns: 200 },
      );
    });
  });
});
