import { expect } from 'chai';
import { AxiosTokenExchanger, type AxiosTokenExchangerOptions } from '#adapters/oauth/axios-token-exchanger.js';
import { createHttpClient } from '#adapters/outbound-http/http-client.js';
import { Deadline } from '#application/deadline.js';
import { AccessToken } from '#domain/access-token.js';
import { IdentityProviderUnavailable } from '#domain/errors/identity-provider-unavailable.js';
import { LinkingFailed } from '#domain/errors/linking-failed.js';
import { FakeClock, sendJson, startLoopbackServer, type LoopbackServer, type Respond } from '#main/testing/index.js';
import { expectDomainError } from '../../support/expect-domain-error.js';

const REFRESH_TOKEN = 'rt-old-2f9c1d7e';

describe('AxiosTokenExchanger: the refresh_token grant against a loopback token endpoint', () => {
  let server: LoopbackServer | undefined;
  const clock = new FakeClock();

  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function refresherFor(respond: Respond, options: Partial<AxiosTokenExchangerOptions> = {}) {
    server = await startLoopbackServer(respond);
    return new AxiosTokenExchanger(createHttpClient(), clock, { tokenUrl: `${server.url}/token`, clientId: 'client:1', clientSecret: 's3cret/+', ...options });
  }

  it('posts grant_type=refresh_token with the client authenticated as at the code exchange (HTTP Basic)', async () => {
    const refresher = await refresherFor((_req, res) =>
      sendJson(res, 200, { access_token: 'at-2', refresh_token: 'rt-2', token_type: 'bearer', expires_in: 300, refresh_expires_in: 86_400 }),
    );

    const tokens = await refresher.refresh(AccessToken.of(REFRESH_TOKEN), Deadline.in(1000, clock));

    const request = server!.requests[0]!;
    expect(Object.fromEntries(new URLSearchParams(request.body))).to.deep.equal({ grant_type: 'refresh_token', refresh_token: REFRESH_TOKEN });
    expect(Buffer.from((request.headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString()).to.equal('client%3A1:s3cret%2F%2B');
    expect(tokens.accessToken.reveal()).to.equal('at-2');
    expect(tokens.refreshToken?.reveal()).to.equal('rt-2');
    expect(tokens.expiresAt).to.deep.equal(new Date(clock.now().getTime() + 300_000));
    expect(tokens.refreshExpiresAt, 'refresh_expires_in, for proactive renewal').to.deep.equal(new Date(clock.now().getTime() + 86_400_000));
    expect(tokens.obtainedAt).to.deep.equal(clock.now());
  });

  it('sends the credentials in the body with REQUEST_BODY_CREDENTIALS', async () => {
    const refresher = await refresherFor((_req, res) => sendJson(res, 200, { access_token: 'at-2', token_type: 'Bearer' }), {
      authScheme: 'REQUEST_BODY_CREDENTIALS',
    });
    const tokens = await refresher.refresh(AccessToken.of(REFRESH_TOKEN), Deadline.in(1000, clock));
    const form = new URLSearchParams(server!.requests[0]!.body);
    expect(server!.requests[0]!.headers.authorization).to.equal(undefined);
    expect([form.get('client_id'), form.get('client_secret')]).to.deep.equal(['client:1', 's3cret/+']);
    expect(tokens.refreshToken, 'none answered: the caller keeps the old one').to.equal(undefined);
    expect(tokens.expiresAt).to.equal(undefined);
  });

  it('answers invalid_grant as LinkingFailed with that oauthError, and never the refresh token in the message', async () => {
    const refresher = await refresherFor((_req, res) => sendJson(res, 400, { error: 'invalid_grant', error_description: `grant ${REFRESH_TOKEN} revoked` }));
    const error = await expectDomainError(refresher.refresh(AccessToken.of(REFRESH_TOKEN), Deadline.in(1000, clock)), {
      type: LinkingFailed,
      code: 'LINKING_FAILED',
      secret: REFRESH_TOKEN,
    });
    expect(error.oauthError).to.equal('invalid_grant');
    expect(error.message).to.contain('refresh token');
  });

  it('a 5xx is the platform being unavailable', async () => {
    const refresher = await refresherFor((_req, res) => sendJson(res, 503, {}));
    await expectDomainError(refresher.refresh(AccessToken.of(REFRESH_TOKEN), Deadline.in(1000, clock)), {
      type: IdentityProviderUnavailable,
      code: 'IDENTITY_PROVIDER_UNAVAILABLE',
    });
  });
});
