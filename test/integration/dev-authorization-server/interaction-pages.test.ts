import { createHash } from 'node:crypto';
import { expect } from 'chai';
import { DevAuthorizationServer } from '#adapters/dev-authorization-server/dev-authorization-server.js';
import { DEFAULT_DEV_USER } from '#adapters/dev-authorization-server/dev-authorization-server-options.js';
import { PAGE_STYLESHEET } from '#adapters/web-page/page-stylesheet.js';
import { authorizeWithBrowserlessClient, SignInRejected } from '../../support/authorize-with-browserless-client.js';
import { BrowserlessClient, findForms, type BrowserlessResponse } from '../../support/browserless-client.js';
import { oauthClientFor } from '../../support/dev-authorization-server-fixture.js';
import type { OAuthTestClient } from '../../support/oauth-test-client.js';
import { createPkcePair } from '../../support/pkce.js';

/** The inline stylesheet of a page, checked against the hash its Content-Security-Policy allows, alone. */
function pinnedStylesheet(page: BrowserlessResponse): string {
  const styles = [...page.body.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((match) => match[1] ?? '');
  expect(styles).to.have.length(1);
  const csp = page.headers.get('content-security-policy') ?? '';
  const hash = `'sha256-${createHash('sha256').update(styles[0]!, 'utf8').digest('base64')}'`;
  expect(csp.split('; ')).to.include(`style-src ${hash}`).and.include("default-src 'none'");
  expect(page.body).to.not.contain('<script');
  return styles[0]!;
}

describe('DevAuthorizationServer login and consent pages', () => {
  const redirectUri = 'http://127.0.0.1:9/oauth/callback';
  const startAgainUrl = 'http://127.0.0.1:9/app';
  const server = new DevAuthorizationServer({ client: { redirectUris: [redirectUri] }, startAgainUrl });
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
    expect(answer.body).to.contain('<div id="error" class="failure" role="alert"><p>Wrong username or password.</p></div>');
    expect(answer.body).to.contain('<input id="password" name="password" type="password" autocomplete="current-password" required aria-invalid="true" aria-describedby="error">');
    expect(pinnedStylesheet(answer)).to.equal(PAGE_STYLESHEET);
    expect(findForms(answer)[0]?.fields).to.include({ username: DEFAULT_DEV_USER.username, password: '' });
  });

  it('styles the login and consent pages with the customer app\'s stylesheet, pinned by hash, and names the demo user\'s credentials', async () => {
    const browser = new BrowserlessClient();
    const { page: login } = await browser.followWithin(server.issuer, await browser.get(client.authorizationRequest(createPkcePair(), server.scope)));
    expect(pinnedStylesheet(login)).to.equal(PAGE_STYLESHEET);
    expect(login.body).to.contain(
      `<p id="demo-credentials" class="hint">Demo account: username <code>${DEFAULT_DEV_USER.username}</code>,\n      password <code>${DEFAULT_DEV_USER.password}</code></p>`,
    );
    const [form] = findForms(login);
    if (form === undefined) throw new Error('no login form');
    const { page: consent } = await browser.followWithin(
      server.issuer,
      await browser.postForm(form.action, { username: DEFAULT_DEV_USER.username, password: DEFAULT_DEV_USER.password }),
    );
    expect(findForms(consent)[0]?.buttons.map((button) => button.label)).to.deep.equal(['Allow', 'Deny']);
    expect(pinnedStylesheet(consent)).to.equal(PAGE_STYLESHEET);
  });

  it('names no credentials when the users are configured (only the published demo password is shown)', async () => {
    const own = new DevAuthorizationServer({
      client: { redirectUris: [redirectUri] },
      users: [{ accountId: 'own-1', username: 'alice', password: 'alice-secret-password', email: 'alice@example.com', name: 'Alice' }],
    });
    await own.start();
    try {
      const browser = new BrowserlessClient();
      const { page } = await browser.followWithin(own.issuer, await browser.get(oauthClientFor(own).authorizationRequest(createPkcePair(), own.scope)));
      expect(page.status).to.equal(200);
      expect(page.body).to.contain('<label for="password">').and.not.contain('demo-credentials').and.not.contain('alice-secret-password');
    } finally {
      await own.stop();
    }
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

  it('answers an interaction URL without its cookie with the styled "sign-in expired" error and a link to start again', async () => {
    const page = await new BrowserlessClient().get(`${server.issuer}/interaction/unknown-uid`);
    expect(page.status).to.equal(400);
    expect(page.headers.get('content-type')).to.match(/^text\/html/);
    expect(page.body).to.contain('<h1>This sign-in has expired</h1>').and.match(/<div id="error" class="failure" role="alert"><p>The sign-in took too long[^<]*Start linking again\.<\/p><\/div>/);
    expect(page.body).to.contain(`<a id="start-again" href="${startAgainUrl}">Start linking again</a>`);
    expect(page.body).to.not.contain('advice');
    expect(pinnedStylesheet(page)).to.equal(PAGE_STYLESHEET);
  });

  it('says where to start again without a link when it has no start-again URL', async () => {
    const plain = new DevAuthorizationServer({ client: { redirectUris: [redirectUri] } });
    await plain.start();
    try {
      const page = await new BrowserlessClient().get(`${plain.issuer}/interaction/unknown-uid`);
      expect(page.status).to.equal(400);
      expect(page.body).to.contain('Start linking again from the app.').and.not.contain('id="start-again"');
    } finally {
      await plain.stop();
    }
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
