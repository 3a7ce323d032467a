import { expect } from 'chai';
import fc from 'fast-check';
import type { ConnectorLambdaHandler } from '#adapters/lambda/lambda-handler.js';
import { AccessToken } from '#domain/access-token.js';
import { IdentityProviderUnavailable } from '#domain/errors/identity-provider-unavailable.js';
import { connectorFor, settle } from '../../support/connector-world.js';
import { activateUserEnvelope } from '../../support/envelopes.js';
import { LINKING_REDIRECT_URL, linkingServiceWith, type LinkingServiceUnderTest } from '../../support/linking-container.js';
import { sendJson, startLoopbackServer, type LoopbackServer } from '#main/testing/index.js';

const RUNS = 200;
const ERROR_CODES = ['INVALID_REQUEST', 'UNSUPPORTED_OPERATION', 'INVALID_TOKEN', 'EXPIRED_TOKEN', 'CONNECTOR_MISMATCH', 'INVALID_USER_ID', 'ASSOCIATION_NOT_FOUND'];

/** Arbitrary JSON, plus values shaped like the envelope with any part replaced by garbage. */
const garbage = fc.oneof(
  fc.jsonValue(),
  fc.string(),
  fc.record({ header: fc.jsonValue(), payload: fc.jsonValue() }),
  fc.record({
    header: fc.record({ auth: fc.record({ token: fc.oneof(fc.string(), fc.jsonValue()), type: fc.oneof(fc.constant('OAuth2.0'), fc.string()) }) }),
    payload: fc.record({
      operationName: fc.oneof(fc.constant('AWS.ActivateUser'), fc.string(), fc.jsonValue()),
      operationVersion: fc.oneof(fc.constant('1.0.0'), fc.string()),
      connectorId: fc.oneof(fc.constant('connector-1'), fc.string(), fc.integer()),
    }),
  }),
);

function withinMs<T>(work: Promise<T>, ms: number): Promise<T> {
  return Promise.race([work, new Promise<T>((_resolve, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms))]);
}

const AWS_CLIENT_EXCEPTIONS: Readonly<Record<string, number>> = { ValidationException: 400, ResourceNotFoundException: 404 };

/** A 4xx of the association routes: `X-Amzn-ErrorType`, its status, a body of `Message` (and what a 404 names). */
function expectAwsClientError(response: { statusCode: number; headers: Readonly<Record<string, unknown>>; body: string; json(): unknown }): void {
  const exception = String(response.headers['x-amzn-errortype']);
  expect(AWS_CLIENT_EXCEPTIONS[exception], `${response.statusCode} ${exception} ${response.body}`).to.equal(response.statusCode);
  const body = response.json() as Record<string, unknown>;
  expect(body['Message']).to.be.a('string');
  expect(Object.keys(body).sort()).to.deep.equal(exception === 'ResourceNotFoundException' ? ['Message', 'ResourceId', 'ResourceType'] : ['Message']);
}

function expectContractError(body: unknown, status?: number): void {
  const envelope = body as { header?: { responseCode?: unknown }; payload?: { responseMessage?: unknown; errorCode?: unknown } };
  expect(envelope.header?.responseCode, JSON.stringify(body)).to.be.a('number').within(400, 499);
  if (status !== undefined) expect(status).to.equal(envelope.header?.responseCode);
  expect(envelope.payload?.responseMessage).to.be.a('string');
  expect(ERROR_CODES).to.include(envelope.payload?.errorCode);
}

describe('Fuzzing the entries with fast-check', () => {
  let userinfo: LoopbackServer;

  before(async () => {
    userinfo = await startLoopbackServer((_req, res) => sendJson(res, 401, { error: 'invalid_token' }));
  });

  after(() => userinfo.close());

  describe('the Lambda envelope', () => {
    let handler: ConnectorLambdaHandler;

    before(() => {
      ({ handler } = connectorFor({ C2C_USERINFO_URL: `${userinfo.url}/userinfo`, C2C_CONNECTOR_ID: 'connector-1', C2C_DEADLINE_MS: '300' }));
    });

    it('answers arbitrary JSON values with a 4xx envelope in the contract format, never a crash or a hang', async () => {
      await fc.assert(
        fc.asyncProperty(garbage, async (event) => {
          const outcome = await withinMs(settle(handler(event)), 1000);
          expect(outcome.thrown, outcome.thrown?.stack).to.equal(undefined);
          expectContractError(outcome.envelope);
        }),
        { numRuns: RUNS },
      );
    });

    it('answers arbitrary text, JSON or not, with a 4xx envelope', async () => {
      await fc.assert(
        fc.asyncProperty(fc.oneof(fc.string({ unit: 'binary' }), fc.json()), async (text) => {
          const outcome = await withinMs(settle(handler(text)), 1000);
          expect(outcome.thrown).to.equal(undefined);
          expectContractError(outcome.envelope);
        }),
        { numRuns: RUNS },
      );
    });

    it('answers any token with a 4xx envelope and never echoes it', async () => {
      await fc.assert(
        fc.asyncProperty(fc.string({ minLength: 12, maxLength: 200 }), async (token) => {
          const outcome = await withinMs(settle(handler(activateUserEnvelope(token))), 1000);
          expect(outcome.thrown).to.equal(undefined);
          expectContractError(outcome.envelope);
          if (token.trim().length >= 12) expect(JSON.stringify(outcome.envelope)).not.to.contain(JSON.stringify(token).slice(1, -1));
        }),
        { numRuns: RUNS },
      );
    });
  });

  describe('the HTTP endpoints (fastify inject)', () => {
    let service: LinkingServiceUnderTest;

    before(async () => {
      service = await linkingServiceWith(
        {
          exchanger: {
            exchange: () => Promise.resolve({ accessToken: AccessToken.of('exchanged-access-token'), refreshToken: undefined, expiresAt: undefined }),
          },
          connector: {
            activateUser: () => Promise.reject(new IdentityProviderUnavailable('down')),
            deactivateUser: () => Promise.reject(new IdentityProviderUnavailable('down')),
            discoverDevices: () => Promise.reject(new IdentityProviderUnavailable('down')),
            sendCommand: () => Promise.reject(new IdentityProviderUnavailable('down')),
          },
        },
        { C2C_USERINFO_URL: `${userinfo.url}/userinfo`, C2C_CONNECTOR_ID: 'connector-1' },
      );
    });

    after(() => service.server.close());

    const contentTypes = fc.constantFrom('application/json', 'text/plain', 'application/octet-stream', 'application/x-www-form-urlencoded', 'multipart/form-data', '');

    it('POST /connector answers arbitrary bodies with a 4xx envelope whose code is the HTTP status', async () => {
      await fc.assert(
        fc.asyncProperty(fc.oneof(garbage.map((value) => JSON.stringify(value) ?? ''), fc.string()), contentTypes, async (body, contentType) => {
          const response = await withinMs(
            service.server.app.inject({ method: 'POST', url: '/connector', payload: body, headers: contentType === '' ? {} : { 'content-type': contentType } }),
            1000,
          );
          expectContractError(response.json(), response.statusCode);
        }),
        { numRuns: RUNS },
      );
    });

    it('POST /account-associations answers any body 201 with an association, 400 ValidationException or 404 for a destination it lacks, never anything else', async () => {
      const members = fc.record(
        {
          ClientToken: fc.oneof(fc.stringMatching(/^[A-Za-z0-9=_-]{1,64}$/), fc.jsonValue()),
          Name: fc.oneof(fc.stringMatching(/^[A-Za-z0-9_ -]{1,128}$/), fc.jsonValue()),
          Description: fc.oneof(fc.string(), fc.jsonValue()),
          Tags: fc.oneof(fc.dictionary(fc.string({ maxLength: 130 }), fc.string({ maxLength: 260 }), { maxKeys: 60 }), fc.jsonValue()),
          ConnectorDestinationId: fc.oneof(fc.constant('default'), fc.string()),
        },
        { requiredKeys: [] },
      );
      const body = fc.oneof(fc.string(), members.map((value) => JSON.stringify(value)), fc.jsonValue().map((value) => JSON.stringify(value)));
      await fc.assert(
        fc.asyncProperty(body, contentTypes, async (payload, contentType) => {
          const response = await service.server.app.inject({
            method: 'POST',
            url: '/account-associations',
            payload,
            headers: contentType === '' ? {} : { 'content-type': contentType },
          });
          if (response.statusCode === 201) {
            expect(response.json()).to.have.property('AssociationState', 'ASSOCIATION_IN_PROGRESS');
          } else {
            expectAwsClientError(response);
            // 404 only for a well-formed ConnectorDestinationId that names no destination.
            if (response.statusCode === 404) expect(response.json()).to.have.property('ResourceType', 'ConnectorDestination');
            else expect(response.statusCode, response.body).to.equal(400);
          }
        }),
        { numRuns: RUNS },
      );
    });

    const anyId = fc.oneof(fc.string({ minLength: 1, maxLength: 120 }), fc.stringMatching(/^[A-Za-z0-9]{1,64}$/));

    it('GET /account-associations/:id answers unknown or malformed ids with a 4xx in the AWS error shape', async () => {
      await fc.assert(
        fc.asyncProperty(anyId, async (id) => {
          const response = await service.server.app.inject({ method: 'GET', url: `/account-associations/${encodeURIComponent(id)}` });
          expectAwsClientError(response);
        }),
        { numRuns: RUNS },
      );
    });

    it('POST /account-associations/:id/refresh answers unknown or malformed ids with a 4xx in the AWS error shape', async () => {
      await fc.assert(
        fc.asyncProperty(anyId, fc.string(), async (id, body) => {
          const response = await service.server.app.inject({
            method: 'POST',
            url: `/account-associations/${encodeURIComponent(id)}/refresh`,
            payload: body,
            headers: { 'content-type': 'application/json' },
          });
          expectAwsClientError(response);
        }),
        { numRuns: RUNS },
      );
    });

    it('GET /account-associations answers any query 200 with a page or 400 ValidationException', async () => {
      const query = fc.record(
        { MaxResults: fc.oneof(fc.integer({ min: -5, max: 1200 }).map(String), fc.string()), NextToken: fc.string(), ConnectorDestinationId: fc.string() },
        { requiredKeys: [] },
      );
      await fc.assert(
        fc.asyncProperty(query, async (parameters) => {
          const response = await service.server.app.inject({ method: 'GET', url: '/account-associations', query: parameters });
          if (response.statusCode === 200) expect(response.json()).to.have.property('Items').that.is.an('array');
          else expectAwsClientError(response);
        }),
        { numRuns: RUNS },
      );
    });

    it('GET /oauth/callback answers any query with a 302 to the OAuthRedirectUrl carrying error parameters', async () => {
      const query = fc.dictionary(
        fc.oneof(fc.constantFrom('code', 'state', 'error', 'error_description', 'iss'), fc.string()),
        fc.oneof(fc.string(), fc.array(fc.string(), { maxLength: 3 })),
      );
      await fc.assert(
        fc.asyncProperty(query, async (params) => {
          const search = new URLSearchParams();
          for (const [name, value] of Object.entries(params)) {
            for (const item of Array.isArray(value) ? value : [value]) search.append(name, item);
          }
          const response = await withinMs(service.server.app.inject({ method: 'GET', url: `/oauth/callback?${search.toString()}` }), 1000);
          expect(response.statusCode, response.body).to.equal(302);
          const location = new URL(String(response.headers.location));
          expect(`${location.origin}${location.pathname}`).to.equal('https://app.example.com/linked');
          expect(location.searchParams.get('from')).to.equal('test');
          expect(location.searchParams.get('error')).to.match(/^[a-z_]+$/);
          expect(location.searchParams.get('error_description')).to.match(/^[A-Za-z0-9 _-]*$/);
          expect(LINKING_REDIRECT_URL).to.contain(location.host);
        }),
        { numRuns: RUNS },
      );
    });
  });
});
