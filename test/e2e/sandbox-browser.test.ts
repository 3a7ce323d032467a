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

  it('after linking, discovers the demo devices and switches the lamp on: the state reported back is shown', async () => {
    await startLinking();
    await page.getByRole('button', { name: 'Allow' }).click();
    expect((await associationShown()).state).to.equal('ASSOCIATION_SUCCEEDED');

    const devices = await discoverDevices();

    expect(devices).to.deep.equal(['Desk lamp', 'Hall thermostat']);
    expect(await stateOf('thermostat-1')).to.equal('20.5 °C, set to 21.0 °C');
    // The demo lamp keeps its state across tests of this sandbox: start from off.
    if ((await stateOf('lamp-1')) === 'On') await switchLamp('off');
    expect(await stateOf('lamp-1')).to.equal('Off');
    await switchLamp('on');
    expect(await stateOf('lamp-1')).to.equal('On');
    expect(await page.locator('#devices-status').textContent()).to.equal('Desk lamp reported On.');
    expect(pageErrors).to.deep.equal([]);
    await page.screenshot({ path: join(artifacts, 'sandbox-devices.png'), fullPage: true });
  });

  async function discoverDevices(): Promise<string[]> {
    await page.getByRole('button', { name: 'Discover devices' }).click();
    await page.locator('#devices-status').filter({ hasText: /devices? found|failed|ended/ }).waitFor();
    expect(await page.locator('#devices-status').textContent()).to.equal('2 devices found.');
    return page.locator('#device-list .device-name').allTextContents();
  }

  function stateOf(device: string): Promise<string | null> {
    return page.locator(`[data-device="${device}"] .device-state`).textContent();
  }

  async function switchLamp(to: 'on' | 'off'): Promise<void> {
    await page.getByRole('button', { name: `Switch ${to} Desk lamp` }).click();
    await page.locator('[data-device="lamp-1"] .device-state').filter({ hasText: to === 'on' ? /^On$/ : /^Off$/ }).waitFor({ timeout: 10_000 });
  }

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

/** A sandbox process started with `env`, and one browser, for the blocks below; stopped after them. */
function sandboxInBrowser(env: Record<string, string>): { sandbox: () => SandboxProcess; newPage: () => Promise<Page> } {
  let dataDir: string;
  let sandbox: SandboxProcess | undefined;
  let browser: HeadlessChromium | undefined;
  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'c2c-sandbox-browser-'));
    sandbox = await startSandboxProcess({ dataDir, env });
    browser = await launchHeadlessChromium();
  });
  after(async () => {
    await browser?.close();
    const exitCode = sandbox === undefined ? 0 : await sandbox.stop();
    rmSync(dataDir, { recursive: true, force: true });
    expect(exitCode, 'exit code after SIGTERM').to.equal(0);
  });
  return {
    sandbox: () => {
      if (sandbox === undefined) throw new Error('the sandbox did not start');
      return sandbox;
    },
    newPage: () => {
      if (browser === undefined) throw new Error('the browser did not start');
      return browser.context.newPage();
    },
  };
}

/** Link account, sign in as the demo user, allow, back at the linked page; then discover the two demo devices. */
async function linkAndDiscover(page: Page, sandbox: SandboxProcess): Promise<void> {
  await page.goto(sandbox.appUrl);
  await page.getByRole('button', { name: 'Link account' }).click();
  await page.waitForURL((url) => url.origin === new URL(sandbox.issuer).origin);
  await page.getByLabel('Username').fill('demo');
  await page.getByLabel('Password').fill('demo-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Allow' }).click();
  await page.waitForURL((url) => url.pathname === '/app/linked');
  await page.locator('#association-state').filter({ hasText: 'ASSOCIATION_SUCCEEDED' }).waitFor();
  await page.getByRole('button', { name: 'Discover devices' }).click();
  await page.locator('#devices-status').filter({ hasText: '2 devices found.' }).waitFor();
}

describe('sandbox in a real browser, access tokens of 10 seconds renewed only once expired', function () {
  this.timeout(90_000);
  // No renewal ahead of expiry: the token is renewed only once it has expired.
  const world = sandboxInBrowser({ C2C_SANDBOX_ACCESS_TOKEN_TTL_S: '10', C2C_TOKEN_REFRESH_MARGIN_S: '0' });

  it('the token expires between two commands: the second still reaches the lamp, with a renewed token', async () => {
    const page = await world.newPage();
    await linkAndDiscover(page, world.sandbox());
    const lamp = page.locator('[data-device="lamp-1"] .device-state');
    expect(await lamp.textContent()).to.equal('Off');
    await page.getByRole('button', { name: 'Switch on Desk lamp' }).click();
    await page.locator('#devices-status').filter({ hasText: 'Desk lamp reported On.' }).waitFor();
    // Past the access token's 10 seconds and the connector's 5 seconds of clock tolerance: not renewed, it would be refused.
    await page.waitForTimeout(16_000);
    await page.getByRole('button', { name: 'Switch off Desk lamp' }).click();
    await page.locator('#devices-status').filter({ hasText: /Desk lamp reported|failed/ }).waitFor();

    expect(await page.locator('#devices-status').textContent()).to.equal('Desk lamp reported Off.');
    expect(await lamp.textContent()).to.equal('Off');
    expect(await page.locator('#association-state').textContent()).to.equal('ASSOCIATION_SUCCEEDED');
  });
});

describe('sandbox in a real browser, grants and refresh tokens of 10 seconds: REFRESH_TOKEN_EXPIRED, then Link again', function () {
  this.timeout(90_000);
  const world = sandboxInBrowser({ C2C_SANDBOX_ACCESS_TOKEN_TTL_S: '10', C2C_SANDBOX_REFRESH_TOKEN_TTL_S: '10', C2C_TOKEN_REFRESH_MARGIN_S: '0' });

  it('a command after the grant expired shows REFRESH_TOKEN_EXPIRED and Link again, which relinks the same association', async () => {
    const sandbox = world.sandbox();
    const page = await world.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await linkAndDiscover(page, sandbox);
    const id = await page.locator('#row-association-id dd').textContent();

    // The sandbox runs in its own process on the real clock: past the grant's 10 seconds, the refresh the
    // command needs is refused by the platform (invalid_grant), as a platform refuses a revoked grant.
    await page.waitForTimeout(12_000);
    await page.getByRole('button', { name: 'Switch on Desk lamp' }).click();
    await page.getByRole('button', { name: 'Link again' }).waitFor();
    expect(await page.locator('#association-state').textContent()).to.equal('REFRESH_TOKEN_EXPIRED');
    expect(await page.locator('#devices-status').textContent()).to.match(/^The command failed: /);
    expect(await page.locator('#devices').isVisible(), 'no devices to offer while it must be relinked').to.equal(false);
    expect(await page.locator('#error-message').textContent()).to.contain('invalid_grant');
    await page.screenshot({ path: join(artifacts, 'sandbox-link-again.png'), fullPage: true });

    const callback = `${sandbox.serviceUrl}/oauth/callback`;
    const backAtTheCallback = page.waitForRequest((request) => request.url().startsWith(callback));
    await page.getByRole('button', { name: 'Link again' }).click();
    // The platform's session may still be open (no sign-in); the grant has expired, so consent is asked again.
    const next = await Promise.race([
      page.getByLabel('Username').waitFor().then(() => 'sign-in' as const),
      page.getByRole('button', { name: 'Allow' }).waitFor().then(() => 'consent' as const),
      backAtTheCallback.then(() => 'back' as const),
    ]);
    if (next === 'sign-in') {
      await page.getByLabel('Username').fill('demo');
      await page.getByLabel('Password').fill('demo-password');
      await page.getByRole('button', { name: 'Sign in' }).click();
    }
    if (next !== 'back') await page.getByRole('button', { name: 'Allow' }).click();
    await backAtTheCallback;
    await page.waitForURL((url) => url.pathname === '/app/linked');
    await page.locator('#association-state').filter({ hasText: 'ASSOCIATION_SUCCEEDED' }).waitFor();
    expect(await page.locator('#row-association-id dd').textContent()).to.equal(id);
    expect(await page.locator('#relink').isVisible()).to.equal(false);

    await page.getByRole('button', { name: 'Discover devices' }).click();
    await page.locator('#devices-status').filter({ hasText: '2 devices found.' }).waitFor();
    await page.getByRole('button', { name: 'Switch on Desk lamp' }).click();
    await page.locator('#devices-status').filter({ hasText: /Desk lamp reported|failed/ }).waitFor();
    expect(await page.locator('#devices-status').textContent()).to.equal('Desk lamp reported On.');
    expect(pageErrors).to.deep.equal([]);
  });
});
