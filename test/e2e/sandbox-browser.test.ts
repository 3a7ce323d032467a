import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import axios from 'axios';
import type { Page } from 'playwright-core';
import { sandboxArnOf } from '../support/association-answer.js';
import { launchHeadlessChromium, type HeadlessChromium } from '../support/headless-chromium.js';
import { startSandboxProcess, type SandboxProcess } from '../support/sandbox-process.js';

const artifacts = fileURLToPath(new URL('../../artifacts/', import.meta.url));

/** Evaluated in the page (this project's TypeScript has no DOM types). */
const LOOK_OF_PAGE = `(() => {
  const style = (selector) => getComputedStyle(document.querySelector(selector));
  const button = document.querySelector('button') === null ? undefined : style('button');
  return {
    background: style('body').backgroundColor,
    font: style('body').fontFamily,
    card: style('main').backgroundColor + ' ' + style('main').borderRadius,
    button: button === undefined ? 'none' : button.backgroundColor + ' ' + button.borderRadius,
  };
})()`;

/** What a person does after `npm start`, in headless Chromium against the real entry point. */
describe('sandbox in a real browser (headless Chromium, node dist/main/server.js)', function () {
  this.timeout(60_000);
  let dataDir: string;
  let sandbox: SandboxProcess;
  let browser: HeadlessChromium;
  let page: Page;
  let pageErrors: string[];

  before(async () => {
    mkdirSync(artifacts, { recursive: true });
    dataDir = mkdtempSync(join(tmpdir(), 'c2c-sandbox-browser-'));
    sandbox = await startSandboxProcess({ dataDir });
  });
  after(async () => {
    const exitCode = sandbox === undefined ? 0 : await sandbox.stop();
    rmSync(dataDir, { recursive: true, force: true });
    expect(exitCode, 'exit code after SIGTERM').to.equal(0);
  });
  beforeEach(async () => {
    browser = await launchHeadlessChromium();
    page = await browser.context.newPage();
    pageErrors = [];
    page.on('console', (message) => {
      // Our pages only: the authorization server's pages are not what this test is about.
      if (message.type() === 'error' && message.location().url.startsWith(sandbox.serviceUrl)) {
        pageErrors.push(`${message.text()} at ${message.location().url}`);
      }
    });
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });
  afterEach(async () => {
    await browser?.close();
  });

  async function startLinking(appUrl = sandbox.appUrl): Promise<void> {
    await page.goto(appUrl);
    await page.screenshot({ path: join(artifacts, 'sandbox-start.png'), fullPage: true });
    await page.getByRole('button', { name: 'Link account' }).click();
    await page.waitForURL((url) => url.origin === new URL(sandbox.issuer).origin);
    await page.getByLabel('Username').fill('demo');
    await page.getByLabel('Password').fill('demo-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  async function associationShown(): Promise<Record<string, string | null>> {
    await page.waitForURL((url) => url.pathname === '/app/linked');
    await page.locator('#association').waitFor({ state: 'visible' });
    return {
      id: await page.locator('#row-association-id dd').textContent(),
      state: await page.locator('#association-state').textContent(),
      userId: (await page.locator('#row-user-id').isVisible()) ? await page.locator('#user-id').textContent() : null,
      status: await page.getByRole('status').textContent(),
    };
  }

  it('links as well when the start page is opened at localhost (the browser comes back to 127.0.0.1)', async () => {
    const atLocalhost = new URL(sandbox.appUrl);
    atLocalhost.hostname = 'localhost';
    await startLinking(atLocalhost.href);
    await page.getByRole('button', { name: 'Allow' }).click();

    const shown = await associationShown();

    expect(shown.state).to.equal('ASSOCIATION_SUCCEEDED');
    expect(shown.userId).to.equal('demo-user-1');
  });

  it('links the demo account: Link account, sign in, allow, ASSOCIATION_SUCCEEDED for demo-user-1', async () => {
    await startLinking();
    await page.getByRole('button', { name: 'Allow' }).click();

    const shown = await associationShown();

    expect(shown.state).to.equal('ASSOCIATION_SUCCEEDED');
    expect(shown.userId).to.equal('demo-user-1');
    expect(shown.status).to.equal('Your account is linked.');
    expect(await page.locator('#failure').isVisible()).to.equal(false);
    const stored = await axios.get(`${sandbox.serviceUrl}/account-associations/${shown.id}`);
    expect(stored.data).to.deep.equal({
      AccountAssociationId: shown.id,
      AssociationState: 'ASSOCIATION_SUCCEEDED',
      Arn: sandboxArnOf(String(shown.id)),
      ConnectorDestinationId: 'default',
      OAuthAuthorizationUrl: '',
      UserId: 'demo-user-1',
    });
    expect(pageErrors).to.deep.equal([]);
    await page.screenshot({ path: join(artifacts, 'sandbox-linked.png'), fullPage: true });
  });

  it('shows error=access_denied and its description when the user denies consent', async () => {
    await startLinking();
    await page.getByRole('button', { name: 'Deny' }).click();

    const shown = await associationShown();

    expect(new URL(page.url()).searchParams.get('error')).to.equal('access_denied');
    expect(await page.locator('#failure').isVisible()).to.equal(true);
    expect(await page.locator('#error').textContent()).to.equal('access_denied');
    expect(await page.locator('#error-description').textContent()).to.match(/^[A-Za-z0-9 _-]+$/);
    expect(await page.locator('#failure').innerText()).to.match(/error\s+access_denied/);
    expect(shown.state).to.equal('ASSOCIATION_FAILED');
    expect(shown.userId).to.equal(null);
    expect(await page.locator('#error-message').textContent()).to.match(/^[A-Za-z0-9 _-]+$/);
    expect(pageErrors).to.deep.equal([]);
    await page.screenshot({ path: join(artifacts, 'sandbox-denied.png'), fullPage: true });
  });

  it('styles the sign-in pages like the app: the demo credentials named, a wrong password and an expired sign-in shown as errors', async () => {
    const violations: string[] = [];
    page.on('console', (message) => {
      if (message.text().includes('Content Security Policy')) violations.push(`${message.text()} at ${message.location().url}`);
    });
    await page.goto(sandbox.appUrl);
    const appLook = await lookOfPage();
    await page.getByRole('button', { name: 'Link account' }).click();
    await page.waitForURL((url) => url.origin === new URL(sandbox.issuer).origin);

    expect(await page.locator('#demo-credentials').innerText()).to.equal('Demo account: username demo, password demo-password');
    expect(await lookOfPage()).to.deep.equal(appLook);
    await page.screenshot({ path: join(artifacts, 'sign-in.png'), fullPage: true });

    await page.getByLabel('Username').fill('demo');
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const wrong = page.getByRole('alert');
    expect(await wrong.innerText()).to.equal('Wrong username or password.');
    expect(await page.evaluate<string>("getComputedStyle(document.querySelector('[role=alert]')).borderLeftColor")).to.equal('rgb(179, 38, 30)');
    expect(await page.getByLabel('Password').getAttribute('aria-invalid')).to.equal('true');
    await page.screenshot({ path: join(artifacts, 'sign-in-wrong-password.png'), fullPage: true });

    await page.getByLabel('Password').fill('demo-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Allow' }).waitFor();
    expect(await lookOfPage()).to.deep.equal(appLook);
    await page.screenshot({ path: join(artifacts, 'consent.png'), fullPage: true });
    const consentPage = page.url();
    await page.getByRole('button', { name: 'Allow' }).click();
    expect((await associationShown()).state).to.equal('ASSOCIATION_SUCCEEDED');

    // The interaction is finished: its page is gone, as after a timeout.
    await page.goto(consentPage);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).to.equal('This sign-in has expired');
    expect(await page.getByRole('alert').isVisible()).to.equal(true);
    expect(await lookOfPage()).to.deep.equal({ ...appLook, button: 'none' });
    await page.screenshot({ path: join(artifacts, 'sign-in-expired.png'), fullPage: true });
    await page.getByRole('link', { name: 'Start linking again' }).click();
    await page.waitForURL(sandbox.appUrl);
    await page.getByRole('button', { name: 'Link account' }).waitFor();
    expect(violations).to.deep.equal([]);
  });

  /** What the shared stylesheet sets, as the browser applied it: nothing of it if CSP had blocked the style. */
  function lookOfPage(): Promise<Record<string, string>> {
    return page.evaluate<Record<string, string>>(LOOK_OF_PAGE);
  }

  it('renders error parameters as text, never as markup', async () => {
    const hostile = '<img src=x onerror="window.pwned=true">';
    const linked = new URL('/app/linked', sandbox.serviceUrl);
    linked.searchParams.set('error', hostile);
    linked.searchParams.set('error_description', '<script>window.pwned=true</script>');

    await page.goto(linked.href);

    expect(await page.locator('#error').textContent()).to.equal(hostile);
    expect(await page.locator('#failure img, #failure script').count()).to.equal(0);
    expect(await page.evaluate(() => (globalThis as { pwned?: boolean }).pwned)).to.equal(undefined);
    expect(await page.getByRole('status').textContent()).to.contain('No account association was started from this tab');
  });
});
