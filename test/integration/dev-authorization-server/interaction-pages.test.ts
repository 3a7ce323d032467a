import { expect } from 'chai';
import { DevAuthorizationServer } from '#adapters/dev-authorization-server/dev-authorization-server.js';
import { DEFAULT_DEV_USER } from '#adapters/dev-authorization-server/dev-authorization-server-options.js';
import { authorizeWithBrowserlessClient, SignInRejected } from '../../support/authorize-with-browserless-client.js';
import { BrowserlessClient, findForms } from '../../support/browserless-client.js';
import { oauthClientFor } from '../../support/dev-authorization-server-fixture.js';
import type { OAuthTestClient } from '../../support/oauth-test-client.js';
import { createPkcePair } from '../../support/pkce.js';

describe('DevAuthorizationServer login and consent pages', () => {
  const redirectUri = 'http://127.0.0.1:9/oauth/callback';
  const server = new DevAuthorizationServer({ client: { redirectUris: [redirectUri] } });
  let client: OAuthTestClient;

  before(async () => {
    await server.start();
    client = oauthClientFor(server);
  });

  after(() => server.stop());

  it('shows a login page with labelled username and password inputs and a "Sign in" button', async () => {
    const browser = new BrowserlessClient();
    const authorizationUrl = client.authorizationRequest(createPkcePair(), server.scope);
    const { page } = await browser.followWithin(server.issuer, await browser.get(authorizationUrl));
    expect(page.status).to.equal(200);
    expect(page.url.pathname).to.match(/^\/interaction\/[A-Za-z0-9_-]+$/);
    expect(page.body).to.contain('<label for="username">').and.contain('<input id="username" name="username"');
    expect(page.body).to.contain('<label for="password">').and.contain('<input id="password" name="password" type="password"');
    const [form] = findForms(page);
    expect(form?.buttons.map((button) => button.label)).to.deep.equal(['Sign in']);
  });

  it('shows the login page again with an error after a wrong password, and issues no code', async () => {
    const browser = new BrowserlessClient();
    const authorizationUrl = client.authorizationRequest(createPkcePair(), server.scope);
    const { page: login } = await browser.followWithin(server.issuer, await browser.get(authorizationUrl));
    const [form] = findForms(login);
    if (form === undefined) throw new Error('no login form');

    const answer = await browser.postForm(form.action, { username: DEFAULT_DEV_USER.username, password: 'wrong' });
    expect(answer.status).to.equal(200);
    expect(answer.location).to.equal(undefined);
    expect(answer.body).to.contain('role="alert"').and.contain('Wrong username or password.');
    expect(findForms(answer)[0]?.fields).to.include({ username: DEFAULT_DEV_USER.username, password: '' });
  });

  it('lets the user sign in after a wrong attempt on the same page', async () => {
    const browser = new BrowserlessClient();
    const pkce = createPkcePair();
    const { page: login } = await browser.followWithin(
      server.issuer,
      await browser.get(client.authorizationRequest(pkce, server.scope, 'state-retry')),
    );
    const [form] = findForms(login);
    if (form === undefined) throw new Error('no login form');
    await browser.postForm(form.action, { username: DEFAULT_DEV_USER.username, password: 'wrong' });
    const signedIn = await browser.followWithin(
      server.issuer,
      await browser.postForm(form.action, { username: DEFAULT_DEV_USER.username, password: DEFAULT_DEV_USER.password }),
    );
    expect(findForms(signedIn.page)[0]?.buttons.map((button) => button.label)).to.deep.equal(['Allow', 'Deny']);
  });

  it('makes authorizeWithBrowserlessClient throw SignInRejected for a wrong password', async () => {
    let rejection: unknown;
    try {
      await authorizeWithBrowserlessClient({
        authorizationUrl: client.authorizationRequest(createPkcePair(), server.scope),
        username: DEFAULT_DEV_USER.username,
        password: 'wrong',
        consent: 'allow',
      });
    } catch (error) {
      rejection = error;
    }
    expect(rejection).to.be.instanceOf(SignInRejected);
  });

  it('sends the user back to the redirect_uri with error=access_denied and the state on "Deny"', async () => {
    const redirect = await authorizeWithBrowserlessClient({
      authorizationUrl: client.authorizationRequest(createPkcePair(), server.scope, 'state-deny'),
      username: DEFAULT_DEV_USER.username,
      password: DEFAULT_DEV_USER.password,
      consent: 'deny',
    });
    expect(`${redirect.origin}${redirect.pathname}`).to.equal(redirectUri);
    expect(redirect.searchParams.get('error')).to.equal('access_denied');
    expect(redirect.searchParams.get('state')).to.equal('state-deny');
    expect(redirect.searchParams.has('code')).to.equal(false);
  });

  it('sends a browser that is signed in and has consented straight back with a new code (relinking)', async () => {
    const browser = new BrowserlessClient();
    const flow = { username: DEFAULT_DEV_USER.username, password: DEFAULT_DEV_USER.password, consent: 'allow' as const, client: browser };
    await authorizeWithBrowserlessClient({ ...flow, authorizationUrl: client.authorizationRequest(createPkcePair(), server.scope) });
    const again = await browser.get(client.authorizationRequest(createPkcePair(), server.scope, 'state-again'));
    const { leavesTo } = await browser.followWithin(server.issuer, again);
    expect(leavesTo?.searchParams.get('code')).to.be.a('string');
    expect(leavesTo?.searchParams.get('state')).to.equal('state-again');
  });

  it('answers an interaction URL without its cookie with an error page, not a crash', async () => {
    const response = await fetch(`${server.issuer}/interaction/unknown-uid`);
    expect(response.status).to.equal(400);
    expect(response.headers.get('content-type')).to.match(/^text\/html/);
  });
});

describe('DevAuthorizationServer lifecycle', () => {
  it('listens on the given port and closes kept-alive connections on stop', async () => {
    const probe = new DevAuthorizationServer();
    const port = Number(new URL(await probe.start()).port);
    await probe.stop();

    const server = new DevAuthorizationServer({ port });
    expect(await server.start()).to.equal(`http://127.0.0.1:${port}`);
    expect((await fetch(server.jwksUri, { keepalive: true })).status).to.equal(200);
    await server.stop();
    let failure: unknown;
    try {
      await fetch(server.discoveryUrl);
    } catch (error) {
      failure = error;
    }
    expect(failure).to.be.instanceOf(Error);
  });

  it('refuses to report endpoints before it has started', () => {
    expect(() => new DevAuthorizationServer().issuer).to.throw('not running');
  });
});
