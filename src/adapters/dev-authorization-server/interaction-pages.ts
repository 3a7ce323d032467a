import { PAGE_STYLESHEET, PAGE_STYLESHEET_SOURCE } from '../web-page/page-stylesheet.js';

/**
 * The development server's HTML pages: plain forms with labelled inputs and named buttons, so that a
 * person, a browserless test client and a Playwright test all find the same controls. They share the
 * customer application's stylesheet, and carry no script.
 */

/** The Content-Security-Policy of every page here: the shared stylesheet, nothing else. */
export const INTERACTION_PAGE_CSP = [
  "default-src 'none'",
  `style-src ${PAGE_STYLESHEET_SOURCE}`,
  'img-src data:',
  "base-uri 'none'",
  "frame-ancestors 'none'",
  // No form-action: after a post, the browser follows redirects to the client's redirect_uri (another origin),
  // which form-action would have to list.
].join('; ');

export interface LoginPage {
  readonly uid: string;
  readonly clientId: string;
  readonly username?: string;
  readonly error?: string;
  /** Published credentials to show (the default demo user's); never a configured user's. */
  readonly demoCredentials?: { readonly username: string; readonly password: string };
}

export interface ConsentPage {
  readonly uid: string;
  readonly clientId: string;
  readonly username: string;
  readonly scopes: readonly string[];
}

export interface ErrorPage {
  readonly title: string;
  /** What happened and what to do, in a sentence or two. */
  readonly message: string;
  readonly details?: Readonly<Record<string, string>>;
  /** Where to start again (the sandbox's customer application), shown as a link. */
  readonly startAgain?: { readonly url: string; readonly label: string };
}

export function renderLoginPage(page: LoginPage): string {
  const failed = page.error !== undefined;
  const error = failed ? `<div id="error" class="failure" role="alert"><p>${escapeHtml(page.error)}</p></div>` : '';
  const invalid = failed ? ' aria-invalid="true" aria-describedby="error"' : '';
  const demo =
    page.demoCredentials === undefined
      ? ''
      : `<p id="demo-credentials" class="hint">Demo account: username <code>${escapeHtml(page.demoCredentials.username)}</code>,
      password <code>${escapeHtml(page.demoCredentials.password)}</code></p>`;
  return layout(
    'Sign in',
    `<p class="brand">Development authorization server</p>
    <h1>Sign in</h1>
    <p>Sign in to link your account with <strong>${escapeHtml(page.clientId)}</strong>.</p>
    ${error}
    ${demo}
    <form method="post" action="/interaction/${encodeURIComponent(page.uid)}/login">
      <div class="field"><label for="username">Username</label>
      <input id="username" name="username" type="text" autocomplete="username" required autofocus value="${escapeHtml(page.username ?? '')}"${invalid}></div>
      <div class="field"><label for="password">Password</label>
      <input id="password" name="password" type="password" autocomplete="current-password" required${invalid}></div>
      <div class="actions"><button type="submit">Sign in</button></div>
    </form>`,
  );
}

export function renderConsentPage(page: ConsentPage): string {
  const scopes = page.scopes.map((scope) => `<li><code>${escapeHtml(scope)}</code></li>`).join('');
  return layout(
    'Allow access',
    `<p class="brand">Development authorization server</p>
    <h1>Allow access</h1>
    <p>Signed in as <strong>${escapeHtml(page.username)}</strong>.</p>
    <p><strong>${escapeHtml(page.clientId)}</strong> asks for access to your account:</p>
    <ul class="scopes">${scopes}</ul>
    <form method="post" action="/interaction/${encodeURIComponent(page.uid)}/consent">
      <div class="actions">
        <button type="submit" name="decision" value="allow">Allow</button>
        <button type="submit" name="decision" value="deny" class="secondary">Deny</button>
      </div>
    </form>`,
  );
}

export function renderErrorPage(page: ErrorPage): string {
  const rows = Object.entries(page.details ?? {})
    .map(([name, value]) => `<div><dt>${escapeHtml(name)}</dt><dd>${escapeHtml(value)}</dd></div>`)
    .join('');
  const details = rows === '' ? '' : `<dl>${rows}</dl>`;
  const startAgain =
    page.startAgain === undefined ? '' : `<p class="note"><a id="start-again" href="${escapeHtml(page.startAgain.url)}">${escapeHtml(page.startAgain.label)}</a></p>`;
  return layout(
    page.title,
    `<p class="brand">Development authorization server</p>
    <h1>${escapeHtml(page.title)}</h1>
    <div id="error" class="failure" role="alert"><p>${escapeHtml(page.message)}</p></div>
    ${details}
    ${startAgain}`,
  );
}

function layout(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <link rel="icon" href="data:,">
  <title>${escapeHtml(title)} – development authorization server</title>
  <style>${PAGE_STYLESHEET}</style>
</head>
<body>
  <main class="narrow">
    ${body}
  </main>
</body>
</html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}
