import { expect } from 'chai';
import { SystemClock } from '#adapters/clock/system-clock.js';
import { Deadline } from '#application/deadline.js';
import { AxiosTokenExchanger, type AxiosTokenExchangerOptions } from '#adapters/oauth/axios-token-exchanger.js';
import { createHttpClient } from '#adapters/outbound-http/http-client.js';
import { IdentityProviderUnavailable } from '#domain/errors/identity-provider-unavailable.js';
import { LinkingFailed } from '#domain/errors/linking-failed.js';
import { FakeClock, sendJson, startLoopbackServer, type LoopbackServer, type Respond } from '#main/testing/index.js';

const exchange = { code: 'the-code', codeVerifier: 'the-verifier', redirectUri: 'https://link.example.com/oauth/callback' };

describe('AxiosTokenExchanger against a loopback token endpoint', () => {
  let server: LoopbackServer | undefined;
  const clock = new FakeClock();

  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function exchangerFor(respond: Respond, options: Partial<AxiosTokenExchangerOptions> = {}) {
    server = await startLoopbackServer(respond);
    return new AxiosTokenExchanger(createHttpClient(), clock, {
      tokenUrl: `${server.url}/token`,
      clientId: 'client:1',
      clientSecret: 's3cret/+',
      ...options,
    });
  }

  const grant = { access_token: 'at-1', refresh_token: 'rt-1', token_type: 'Bearer', expires_in: 3600 };

  it('posts the authorization_code grant with the PKCE verifier and HTTP Basic client authentication', async () => {
    const exchanger = await exchangerFor((_req, res) => sendJson(res, 200, grant));
    const tokens = await exchanger.exchange(exchange, Deadline.in(1000, clock));

    const request = server!.requests[0]!;
    expect(request.method).to.equal('POST');
    expect(request.headers['content-type']).to.equal('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(request.body))).to.deep.equal({
      grant_type: 'authorization_code',
      code: 'the-code',
      redirect_uri: exchange.redirectUri,
      code_verifier: 'the-verifier',
    });
    const basic = Buffer.from((request.headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString();
    expect(basic).to.equal('client%3A1:s3cret%2F%2B');
    expect(tokens.accessToken.reveal()).to.equal('at-1');
    expect(tokens.refreshToken?.reveal()).to.equal('rt-1');
    expect(tokens.expiresAt).to.deep.equal(new Date(clock.now().getTime() + 3_600_000));
  });

  it('sends the client credentials in the body with REQUEST_BODY_CREDENTIALS', async () => {
    const exchanger = await exchangerFor((_req, res) => sendJson(res, 200, grant), { authScheme: 'REQUEST_BODY_CREDENTIALS' });
    await exchanger.exchange(exchange, Deadline.in(1000, clock));
    const request = server!.requests[0]!;
    expect(request.headers.authorization).to.equal(undefined);
    expect(new URLSearchParams(request.body).get('client_id')).to.equal('client:1');
    expect(new URLSearchParams(request.body).get('client_secret')).to.equal('s3cret/+');
  });

  it('maps an OAuth error body to LinkingFailed with its error code, and nothing secret in the message', async () => {
    const exchanger = await exchangerFor((_req, res) =>
      sendJson(res, 400, { error: 'invalid_grant', error_description: 'code the-code was already used' }),
    );
    const error = await exchanger.exchange(exchange, Deadline.in(1000, clock)).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(LinkingFailed);
    expect((error as LinkingFailed).oauthError).to.equal('invalid_grant');
    expect((error as Error).message).not.to.contain('the-code');
    expect((error as Error).message).not.to.contain('s3cret');
  });

  it('treats a 5xx, a hang, a redirect and non-JSON as the platform being unavailable or wrong', async () => {
    const cases: [Respond, typeof IdentityProviderUnavailable | typeof LinkingFailed][] = [
      [(_req, res) => sendJson(res, 503, {}), IdentityProviderUnavailable],
      [() => undefined, IdentityProviderUnavailable],
      [(_req, res) => res.writeHead(302, { location: 'http://127.0.0.1:1/elsewhere' }).end(), LinkingFailed],
      [(_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>'), LinkingFailed],
      [(_req, res) => sendJson(res, 200, { access_token: 'x', token_type: 'mac' }), LinkingFailed],
      [(_req, res) => sendJson(res, 200, { token_type: 'Bearer' }), LinkingFailed],
    ];
    // Real time: the hanging endpoint is given up on by the real request timeout the deadline sets.
    const realTime = new SystemClock();
    for (const [respond, expected] of cases) {
      const exchanger = await exchangerFor(respond);
      const started = performance.now();
      const error = await exchanger.exchange(exchange, Deadline.in(300, realTime)).catch((e: unknown) => e);
      expect(error, respond.toString()).to.be.instanceOf(expected);
      expect(performance.now() - started).to.be.lessThan(400);
      await server!.close();
      server = undefined;
    }
  });
});
