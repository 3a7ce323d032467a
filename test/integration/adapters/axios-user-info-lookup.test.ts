import { SystemClock } from '#adapters/clock/system-clock.js';
import type { ServerResponse } from 'node:http';
import { expect } from 'chai';
import { claimsOf, declineReasonOf } from '../../support/identity-outcomes.js';
import { createHttpClient } from '#adapters/outbound-http/http-client.js';
import { AxiosUserInfoLookup, type AxiosUserInfoLookupOptions } from '#adapters/userinfo/axios-user-info-lookup.js';
import { Deadline } from '#application/deadline.js';
import { AccessToken } from '#domain/access-token.js';
import { ConnectorMisconfigured } from '#domain/errors/connector-misconfigured.js';
import { IdentityProviderUnavailable } from '#domain/errors/identity-provider-unavailable.js';
import { InvalidToken } from '#domain/errors/invalid-token.js';
import { elapsedMs, expectDomainError } from '../../support/expect-domain-error.js';
import { sendJson, startLoopbackServer, type LoopbackServer, type Respond } from '#main/testing/index.js';

/** Real time: these tests run against real servers whose answers (and hangs) take real time. */
const clock = new SystemClock();

const TOKEN = 'opaque-access-token-5f2b9c1e7d';
const http = createHttpClient();

/** Object mother for a userinfo answer: an OIDC profile with any claim replaced or removed. */
function profile(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { sub: 'user-7', iss: 'https://issuer.example.com', email: 'user7@example.com', ...overrides };
}

function sendText(response: ServerResponse, status: number, text: string, contentType = 'application/json'): void {
  response.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

/** Writes 16 KiB chunks every few milliseconds until the client hangs up. */
function streamForever(response: ServerResponse): void {
  response.writeHead(200, { 'content-type': 'application/json' });
  response.write('{"sub":"user-7","padding":"');
  const chunk = 'x'.repeat(16 * 1024);
  const timer = setInterval(() => response.write(chunk), 5);
  response.on('close', () => clearInterval(timer));
}

describe('AxiosUserInfoLookup against a loopback userinfo endpoint', () => {
  let server: LoopbackServer;
  let respond: Respond;

  beforeEach(async () => {
    respond = (_request, response) => sendJson(response, 200, profile());
    server = await startLoopbackServer((request, response) => respond(request, response));
  });

  afterEach(async () => {
    await server.close();
  });

  function identify(options: Partial<AxiosUserInfoLookupOptions> = {}, budgetMs = 1500, token = TOKEN) {
    const subject = new AxiosUserInfoLookup(http, { url: `${server.url}/userinfo`, ...options });
    return subject.identify(AccessToken.of(token), Deadline.in(budgetMs, clock));
  }

  function lookup(options: Partial<AxiosUserInfoLookupOptions> = {}, budgetMs = 1500, token = TOKEN) {
    return claimsOf(identify(options, budgetMs, token));
  }

  function expectInvalid(work: Promise<unknown>): Promise<InvalidToken> {
    return expectDomainError(work, { type: InvalidToken, code: 'INVALID_TOKEN', secret: TOKEN });
  }

  function expectUnavailable(work: Promise<unknown>): Promise<IdentityProviderUnavailable> {
    return expectDomainError(work, {
      type: IdentityProviderUnavailable,
      code: 'IDENTITY_PROVIDER_UNAVAILABLE',
      secret: TOKEN,
    });
  }

  function expectMisconfigured(work: Promise<unknown>): Promise<ConnectorMisconfigured> {
    return expectDomainError(work, { type: ConnectorMisconfigured, code: 'CONFIGURATION_ERROR', secret: TOKEN });
  }

  describe('the request', () => {
    it('sends one GET with the token as a bearer credential and asks for JSON', async () => {
      await lookup();
      expect(server.requests).to.have.length(1);
      const [request] = server.requests;
      expect(request?.method).to.equal('GET');
      expect(request?.url).to.equal('/userinfo');
      expect(request?.headers.authorization).to.equal(`Bearer ${TOKEN}`);
      expect(request?.headers.accept).to.equal('application/json');
    });
  });

  describe('answers that identify the user', () => {
    it('returns the claims, taking the issuer from the answer', async () => {
      expect(await lookup()).to.deep.equal({
        userId: 'user-7',
        issuer: 'https://issuer.example.com',
        subject: 'user-7',
        source: 'userinfo',
      });
    });

    it('takes the issuer from the endpoint origin when the answer has no iss', async () => {
      respond = (_request, response) => sendJson(response, 200, profile({ iss: undefined }));
      expect(await lookup()).to.deep.equal({
        userId: 'user-7',
        issuer: server.url,
        subject: 'user-7',
        source: 'userinfo',
      });
    });

    for (const [label, iss] of [
      ['an empty', ''],
      ['a numeric', 42],
    ] as const) {
      it(`takes the endpoint origin as issuer when the answer has ${label} iss`, async () => {
        respond = (_request, response) => sendJson(response, 200, profile({ iss }));
        expect(await lookup()).to.include({ issuer: server.url });
      });
    }

    it('takes the configured issuer when the answer has no iss', async () => {
      respond = (_request, response) => sendJson(response, 200, profile({ iss: undefined }));
      expect(await lookup({ issuer: 'https://configured.example.com' })).to.include({
        issuer: 'https://configured.example.com',
      });
    });

    it('reads a custom user id claim by dot path, keeping sub as the subject', async () => {
      respond = (_request, response) => sendJson(response, 200, profile({ account: { id: 'acct-99' } }));
      expect(await lookup({ userIdClaim: 'account.id' })).to.include({ userId: 'acct-99', subject: 'user-7' });
    });

    it('reads a URL-shaped claim name containing dots as one name', async () => {
      const claimName = 'https://example.com/claims/user.id';
      respond = (_request, response) => sendJson(response, 200, profile({ [claimName]: 'url-user' }));
      expect(await lookup({ userIdClaim: claimName })).to.include({ userId: 'url-user' });
    });

    it('builds the user id from a template of claims, which takes precedence over the claim', async () => {
      respond = (_request, response) => sendJson(response, 200, profile({ org: { id: 'org-3' } }));
      expect(await lookup({ userIdTemplate: '{org.id}_{sub}', userIdClaim: 'ignored' })).to.include({ userId: 'org-3_user-7', subject: 'user-7' });
    });

    it('answers INVALID_TOKEN, naming the claim, when a template claim is missing', async () => {
      const error = await expectInvalid(lookup({ userIdTemplate: '{org.id}_{sub}' }));
      expect(error.message).to.contain('"org.id"');
    });

    it('turns a numeric id into its decimal text', async () => {
      respond = (_request, response) => sendJson(response, 200, { id: 583231, login: 'octocat' });
      expect(await lookup({ userIdClaim: 'id' })).to.include({ userId: '583231', subject: '583231' });
    });
  });

  describe('answers that reject the token', () => {
    for (const status of [400, 401, 403]) {
      it(`declines the token on HTTP ${status}, so a later source may know it`, async () => {
        respond = (_request, response) => sendJson(response, status, { error: 'invalid_token' });
        const reason = await declineReasonOf(identify());
        expect(reason).to.contain(`HTTP ${status}`).and.not.contain(TOKEN);
      });

      it(`declines the token on HTTP ${status} with a Bearer challenge naming invalid_token`, async () => {
        respond = (_request, response) => {
          response.writeHead(status, { 'www-authenticate': 'Bearer realm="api", error="invalid_token", error_description="expired"' });
          response.end();
        };
        expect(await declineReasonOf(identify())).to.contain(`HTTP ${status}`);
      });
    }

    it('answers INVALID_TOKEN, naming the claim, when the answer has no user id claim', async () => {
      respond = (_request, response) => sendJson(response, 200, { name: 'No Id' });
      const error = await expectInvalid(lookup());
      expect(error.message).to.contain('"sub"');
    });

    it('answers INVALID_TOKEN, naming the claim, when a custom dot path is missing', async () => {
      respond = (_request, response) => sendJson(response, 200, profile({ account: { name: 'x' } }));
      const error = await expectInvalid(lookup({ userIdClaim: 'account.id' }));
      expect(error.message).to.contain('"account.id"');
    });

    for (const [label, token] of [
      ['CR LF (header injection)', `${TOKEN}\r\nX-Injected: 1`],
      ['a space', `${TOKEN} extra`],
      ['a character outside ASCII', `${TOKEN}\u00f6`],
      ['an emoji', `${TOKEN}\u{1F600}`],
    ] as const) {
      it(`answers INVALID_TOKEN, without a request, for a token with ${label}`, async () => {
        await expectDomainError(lookup({}, 1500, token), { type: InvalidToken, code: 'INVALID_TOKEN', secret: token });
        expect(server.requests).to.have.length(0);
      });
    }

    it('answers INVALID_TOKEN when the user id claim is empty', async () => {
      respond = (_request, response) => sendJson(response, 200, profile({ sub: '' }));
      await expectInvalid(lookup());
    });
  });

  describe('answers that leave the identity provider unavailable', () => {
    it('gives up within the deadline when the endpoint never answers', async () => {
      respond = () => undefined;
      const took = await elapsedMs(() => expectUnavailable(lookup({}, 300)));
      expect(took).to.be.below(400);
    });

    it('gives up within the deadline when the body trickles in', async () => {
      respond = (_request, response) => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.write('{"sub":');
        const timer = setInterval(() => response.write(' '), 20);
        response.on('close', () => clearInterval(timer));
      };
      const took = await elapsedMs(() => expectUnavailable(lookup({}, 300)));
      expect(took).to.be.below(400);
    });

    it('gives up at once, without a request, when the deadline is already spent', async () => {
      await expectUnavailable(lookup({}, 0));
      expect(server.requests).to.have.length(0);
    });

    for (const status of [500, 502, 503, 429]) {
      it(`answers IDENTITY_PROVIDER_UNAVAILABLE on HTTP ${status}`, async () => {
        respond = (_request, response) => sendJson(response, status, { error: 'temporarily_unavailable' });
        const error = await expectUnavailable(lookup());
        expect(error.message).to.contain(`HTTP ${status}`);
      });
    }

    it('answers IDENTITY_PROVIDER_UNAVAILABLE when nothing listens at the address', async () => {
      const url = `${server.url}/userinfo`;
      await server.close();
      const subject = new AxiosUserInfoLookup(http, { url });
      await expectUnavailable(subject.identify(AccessToken.of(TOKEN), Deadline.in(1500, clock)));
    });
  });

  describe('answers that say the connector is misconfigured (CONFIGURATION_ERROR, never retried)', () => {
    for (const status of [404, 405, 410]) {
      it(`answers CONFIGURATION_ERROR on HTTP ${status}, naming C2C_USERINFO_URL`, async () => {
        respond = (_request, response) => sendJson(response, status, { error: 'not_found' });
        const error = await expectMisconfigured(lookup());
        expect(error.message).to.contain(`HTTP ${status}`).and.contain('C2C_USERINFO_URL');
        expect(server.requests).to.have.length(1);
      });
    }

    it('answers CONFIGURATION_ERROR for a 401 whose Bearer challenge names invalid_client: the client, not the token, was refused', async () => {
      respond = (_request, response) => {
        response.writeHead(401, { 'www-authenticate': 'Bearer realm="api", error="invalid_client"' });
        response.end();
      };
      const error = await expectMisconfigured(lookup());
      expect(error.message).to.contain('invalid_client').and.contain('client credentials');
    });

    for (const status of [400, 401]) {
      it(`answers CONFIGURATION_ERROR for an HTTP ${status} whose JSON error is invalid_client`, async () => {
        respond = (_request, response) => sendJson(response, status, { error: 'invalid_client', error_description: 'unknown client' });
        const error = await expectMisconfigured(lookup());
        expect(error.message).to.contain(`HTTP ${status}, invalid_client`);
      });
    }

    it('does not follow a redirect to another host', async () => {
      const elsewhere = await startLoopbackServer((_request, response) => sendJson(response, 200, profile()));
      try {
        respond = (_request, response) => {
          response.writeHead(302, { location: `${elsewhere.url}/steal` });
          response.end();
        };
        const error = await expectMisconfigured(lookup());
        expect(error.message).to.contain('HTTP 302').and.contain('redirect');
        expect(elsewhere.requests).to.have.length(0);
      } finally {
        await elsewhere.close();
      }
    });

    it('refuses a 2 MB answer over maxResponseBytes, fast', async () => {
      const big = JSON.stringify(profile({ padding: 'x'.repeat(2 * 1024 * 1024) }));
      respond = (_request, response) => sendText(response, 200, big);
      let error: ConnectorMisconfigured | undefined;
      const took = await elapsedMs(async () => {
        error = await expectMisconfigured(lookup({ maxResponseBytes: 64 * 1024 }, 5000));
      });
      expect(error?.message).to.contain('larger than allowed');
      expect(took).to.be.below(500);
    });

    it('stops reading an endless answer once it passes maxResponseBytes', async () => {
      respond = (_request, response) => streamForever(response);
      let error: ConnectorMisconfigured | undefined;
      const took = await elapsedMs(async () => {
        error = await expectMisconfigured(lookup({ maxResponseBytes: 64 * 1024 }, 5000));
      });
      expect(error?.message).to.contain('larger than allowed');
      expect(took).to.be.below(500);
    });

    for (const [label, body] of [
      ['not JSON', '<html>Sign in</html>'],
      ['empty', ''],
      ['a JSON array', '[{"sub":"user-7"}]'],
      ['a JSON string', '"user-7"'],
      ['JSON null', 'null'],
    ] as const) {
      it(`answers CONFIGURATION_ERROR when the answer is ${label}`, async () => {
        respond = (_request, response) => sendText(response, 200, body);
        await expectMisconfigured(lookup());
      });
    }
  });
});
