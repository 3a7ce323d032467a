import type { ServerResponse } from 'node:http';
import { expect } from 'chai';
import { AxiosTokenRevoker } from '#adapters/oauth/axios-token-revoker.js';
import { createHttpClient } from '#adapters/outbound-http/http-client.js';
import { Deadline } from '#application/deadline.js';
import { AccessToken } from '#domain/access-token.js';
import { ConnectorMisconfigured } from '#domain/errors/connector-misconfigured.js';
import type { DomainError } from '#domain/errors/domain-error.js';
import { IdentityProviderUnavailable } from '#domain/errors/identity-provider-unavailable.js';
import { FakeClock, sendJson, startLoopbackServer, type LoopbackServer, type RecordedRequest, type Respond } from '#main/testing/index.js';
import { connectorFor, settle } from '../../support/connector-world.js';
import { expectDomainError } from '../../support/expect-domain-error.js';

const TOKEN = 'presented-access-token-3c9e1a';
const REVOCATION_SECRET = 'revocation-secret-8d2f4b';
const LINKING_SECRET = 'linking-secret-1a7c5e';
const clock = new FakeClock();

type Scheme = 'HTTP_BASIC' | 'REQUEST_BODY_CREDENTIALS';

/** The client an authorization server sees in a request: from the Basic header, or from the form. */
function clientOf(request: RecordedRequest): { scheme: Scheme | 'none'; id?: string; secret?: string } {
  const form = new URLSearchParams(request.body);
  const basic = /^Basic (.+)$/.exec(request.headers.authorization ?? '')?.[1];
  if (basic !== undefined) {
    const [id = '', secret = ''] = Buffer.from(basic, 'base64').toString('utf8').split(':').map(decodeURIComponent);
    return { scheme: 'HTTP_BASIC', id, secret };
  }
  const id = form.get('client_id');
  return id === null ? { scheme: 'none' } : { scheme: 'REQUEST_BODY_CREDENTIALS', id, secret: form.get('client_secret') ?? '' };
}

/** A strict RFC 7009 endpoint: one client, one way to authenticate; anything else is 401 invalid_client. */
function strictRevocationEndpoint(expected: { scheme: Scheme; id: string; secret: string }): Respond {
  return (request, response) => {
    const client = clientOf(request);
    const form = new URLSearchParams(request.body);
    const authenticated = client.scheme === expected.scheme && client.id === expected.id && client.secret === expected.secret;
    // RFC 6749 §2.3.1: a client uses one method per request.
    const both = request.headers.authorization !== undefined && form.has('client_secret');
    if (!authenticated || both) return unauthorised(response);
    return sendJson(response, 200, {});
  };
}

function unauthorised(response: ServerResponse): void {
  const body = JSON.stringify({ error: 'invalid_client' });
  response.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Basic realm="revocation"' });
  response.end(body);
}

function deactivateEnvelope(token: string): Record<string, unknown> {
  return {
    header: { auth: { token, type: 'OAuth2.0' } },
    payload: { operationName: 'AWS.DeactivateUser', operationVersion: '1.0', connectorId: 'connector-1' },
  };
}

describe('Revocation client authentication (C2C_REVOCATION_*), against a strict endpoint on loopback', () => {
  let userinfo: LoopbackServer;
  let revocation: LoopbackServer;
  let respond: Respond;

  before(async () => {
    userinfo = await startLoopbackServer((_request, response) => sendJson(response, 200, { sub: 'user-7' }));
  });
  after(() => userinfo.close());

  beforeEach(async () => {
    revocation = await startLoopbackServer((request, response) => respond(request, response));
  });
  afterEach(() => revocation.close());

  /** The composed connector (no link store: it revokes the presented token) with the revocation endpoint above. */
  function deactivateWith(env: Record<string, string>) {
    const { handler } = connectorFor({
      C2C_USERINFO_URL: `${userinfo.url}/userinfo`,
      C2C_REVOCATION_URL: `${revocation.url}/revoke`,
      C2C_CLIENT_ID: 'linking-client',
      C2C_CLIENT_SECRET: LINKING_SECRET,
      ...env,
    });
    return settle(handler(deactivateEnvelope(TOKEN)));
  }

  for (const scheme of ['HTTP_BASIC', 'REQUEST_BODY_CREDENTIALS'] as const) {
    const otherScheme: Scheme = scheme === 'HTTP_BASIC' ? 'REQUEST_BODY_CREDENTIALS' : 'HTTP_BASIC';

    it(`authenticates as C2C_REVOCATION_CLIENT_ID with C2C_REVOCATION_AUTH_SCHEME=${scheme}, whatever the linking client`, async () => {
      respond = strictRevocationEndpoint({ scheme, id: 'revocation-client', secret: REVOCATION_SECRET });
      const outcome = await deactivateWith({
        C2C_TOKEN_AUTH_SCHEME: otherScheme,
        C2C_REVOCATION_CLIENT_ID: 'revocation-client',
        C2C_REVOCATION_CLIENT_SECRET: REVOCATION_SECRET,
        C2C_REVOCATION_AUTH_SCHEME: scheme,
      });
      expect(outcome.thrown).to.equal(undefined);
      expect(outcome.envelope).to.have.nested.property('header.responseCode', 200);
      expect(revocation.requests).to.have.length(1);
      const [request] = revocation.requests;
      expect(clientOf(request!)).to.deep.equal({ scheme, id: 'revocation-client', secret: REVOCATION_SECRET });
      expect(Object.fromEntries(new URLSearchParams(request!.body))).to.deep.include({ token: TOKEN, token_type_hint: 'access_token' });
    });

    it(`defaults to the linking client and C2C_TOKEN_AUTH_SCHEME=${scheme}`, async () => {
      respond = strictRevocationEndpoint({ scheme, id: 'linking-client', secret: LINKING_SECRET });
      const outcome = await deactivateWith({ C2C_TOKEN_AUTH_SCHEME: scheme });
      expect(outcome.envelope).to.have.nested.property('header.responseCode', 200);
      expect(clientOf(revocation.requests[0]!)).to.deep.equal({ scheme, id: 'linking-client', secret: LINKING_SECRET });
    });

    it(`answers CONFIGURATION_ERROR, not thrown, when the endpoint refuses the ${scheme} client: no retry would change it`, async () => {
      respond = strictRevocationEndpoint({ scheme: otherScheme, id: 'linking-client', secret: LINKING_SECRET });
      const outcome = await deactivateWith({ C2C_TOKEN_AUTH_SCHEME: scheme });
      expect(outcome.thrown, outcome.thrown?.message).to.equal(undefined);
      expect(outcome.envelope).to.have.nested.property('header.responseCode', 500);
      expect(outcome.envelope).to.have.nested.property('payload.errorCode', 'CONFIGURATION_ERROR');
      const text = JSON.stringify(outcome.envelope);
      expect(text).to.contain('C2C_REVOCATION_CLIENT_SECRET').and.not.contain(LINKING_SECRET).and.not.contain(TOKEN);
      expect(revocation.requests).to.have.length(1);
    });
  }
});

describe('AxiosTokenRevoker: what each answer of the revocation endpoint means', () => {
  let endpoint: LoopbackServer;
  let respond: Respond;

  before(async () => {
    endpoint = await startLoopbackServer((request, response) => respond(request, response));
  });
  after(() => endpoint.close());

  function revoke() {
    const revoker = new AxiosTokenRevoker(createHttpClient(), {
      revocationUrl: `${endpoint.url}/revoke`,
      clientId: 'client-1',
      clientSecret: REVOCATION_SECRET,
    });
    return revoker.revoke(AccessToken.of(TOKEN), 'refresh_token', Deadline.in(1_000, clock));
  }

  async function expectRejected<E extends DomainError>(type: abstract new (...args: never[]) => E, code: E['code']): Promise<E> {
    const error = await expectDomainError(revoke(), { type, code, secret: TOKEN });
    expect(error.message).not.to.contain(REVOCATION_SECRET);
    return error;
  }

  it('counts 200 as revoked, and 400 unsupported_token_type as nothing to revoke', async () => {
    respond = (_request, response) => sendJson(response, 200, {});
    expect(await revoke()).to.equal('revoked');
    respond = (_request, response) => sendJson(response, 400, { error: 'unsupported_token_type' });
    expect(await revoke()).to.equal('unsupported');
  });

  for (const [label, reply] of [
    ['401 with no body', (response: ServerResponse) => void response.writeHead(401).end()],
    ['401 invalid_client', (response: ServerResponse) => sendJson(response, 401, { error: 'invalid_client' })],
    ['400 invalid_client', (response: ServerResponse) => sendJson(response, 400, { error: 'invalid_client' })],
  ] as const) {
    it(`answers CONFIGURATION_ERROR naming the client variables for ${label}`, async () => {
      respond = (_request, response) => reply(response);
      const error = await expectRejected(ConnectorMisconfigured, 'CONFIGURATION_ERROR');
      expect(error.message).to.contain('C2C_REVOCATION_CLIENT_ID');
    });
  }

  for (const status of [404, 405, 302, 400]) {
    it(`answers CONFIGURATION_ERROR naming C2C_REVOCATION_URL for HTTP ${status}`, async () => {
      respond = (_request, response) => sendJson(response, status, { error: status === 400 ? 'invalid_request' : 'nope' });
      const error = await expectRejected(ConnectorMisconfigured, 'CONFIGURATION_ERROR');
      expect(error.message).to.contain(`HTTP ${status}`).and.contain('C2C_REVOCATION_URL');
    });
  }

  for (const status of [500, 502, 503, 429]) {
    it(`answers IDENTITY_PROVIDER_UNAVAILABLE for HTTP ${status}, which a retry may cure`, async () => {
      respond = (_request, response) => sendJson(response, status, { error: 'temporarily_unavailable' });
      const error = await expectRejected(IdentityProviderUnavailable, 'IDENTITY_PROVIDER_UNAVAILABLE');
      expect(error.message).to.contain(`HTTP ${status}`);
    });
  }

  it('answers IDENTITY_PROVIDER_UNAVAILABLE when nothing listens', async () => {
    const revoker = new AxiosTokenRevoker(createHttpClient(), { revocationUrl: 'http://127.0.0.1:9/revoke', clientId: 'c', clientSecret: REVOCATION_SECRET });
    await expectDomainError(revoker.revoke(AccessToken.of(TOKEN), 'access_token', Deadline.in(1_000, clock)), {
      type: IdentityProviderUnavailable,
      code: 'IDENTITY_PROVIDER_UNAVAILABLE',
      secret: REVOCATION_SECRET,
    });
  });
});
