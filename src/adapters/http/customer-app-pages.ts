import { PAGE_STYLESHEET, PAGE_STYLESHEET_SOURCE, sha256Source } from '../web-page/page-stylesheet.js';

/**
 * The example customer application's two pages. Everything dynamic is filled in by the browser with
 * `textContent` from the query string or from our own JSON API, so the server renders no data at all and
 * the inline script and style are constants that the Content-Security-Policy pins by hash.
 */

export const CUSTOMER_APP_START_PATH = '/app';
/** Where the linking service sends the browser back: the sandbox's `C2C_OAUTH_REDIRECT_URL`. */
export const CUSTOMER_APP_LINKED_PATH = '/app/linked';

const ASSOCIATION_KEY = 'c2c-account-linking.association-id';

const START_SCRIPT = `
  const button = document.getElementById('link-account');
  const status = document.getElementById('status');
  button.addEventListener('click', async () => {
    button.disabled = true;
    status.textContent = 'Starting an account association…';
    try {
      const response = await fetch('/account-associations', { method: 'POST', headers: { accept: 'application/json' } });
      const body = await response.json();
      if (response.status !== 201) throw new Error(body?.Message ?? 'HTTP ' + response.status);
      const target = new URL(body.OAuthAuthorizationUrl);
      if (target.protocol !== 'https:' && target.protocol !== 'http:') throw new Error('unexpected authorization URL');
      sessionStorage.setItem(${JSON.stringify(ASSOCIATION_KEY)}, body.AccountAssociationId);
      status.textContent = 'Taking you to the authorization server…';
      window.location.assign(target.href);
    } catch (error) {
      status.textContent = 'Linking could not start: ' + (error instanceof Error ? error.message : 'unknown failure');
      button.disabled = false;
    }
  });
`;

const LINKED_SCRIPT = `
  const query = new URLSearchParams(window.location.search);
  const error = query.get('error');
  if (error !== null) {
    document.getElementById('error').textContent = error;
    document.getElementById('error-description').textContent = query.get('error_description') ?? '(none)';
    document.getElementById('failure').hidden = false;
  }
  const status = document.getElementById('status');
  const show = (name, value) => {
    const row = document.getElementById('row-' + name);
    row.hidden = typeof value !== 'string';
    row.querySelector('dd').textContent = typeof value === 'string' ? value : '';
  };
  const load = async () => {
    const id = sessionStorage.getItem(${JSON.stringify(ASSOCIATION_KEY)});
    if (id === null) {
      status.textContent = 'No account association was started from this tab: press "Link account" on the start page.';
      return;
    }
    try {
      const response = await fetch('/account-associations/' + encodeURIComponent(id), { headers: { accept: 'application/json' } });
      const body = await response.json();
      if (!response.ok) {
        status.textContent = 'The linking service answered HTTP ' + response.status + ': ' + (body?.Message ?? 'no details');
        return;
      }
      show('association-id', body.AccountAssociationId);
      show('association-state', body.AssociationState);
      document.getElementById('association-state').dataset.state = String(body.AssociationState);
      show('user-id', body.UserId);
      show('error-message', body.ErrorMessage);
      document.getElementById('association').hidden = false;
      status.textContent = body.AssociationState === 'ASSOCIATION_SUCCEEDED' ? 'Your account is linked.' : 'Your account is not linked.';
    } catch {
      status.textContent = 'The linking service could not be reached.';
    }
  };
  void load();
`;

/** The Content-Security-Policy of both pages: only our own hashed inline script and style, and calls home. */
export const CUSTOMER_APP_CSP = [
  "default-src 'none'",
  `script-src ${sha256Source(START_SCRIPT)} ${sha256Source(LINKED_SCRIPT)}`,
  `style-src ${PAGE_STYLESHEET_SOURCE}`,
  "connect-src 'self'",
  // The empty data: icon spares the browser a /favicon.ico request that would only 404.
  "img-src data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function renderStartPage(): string {
  return layout(
    'Link your account',
    `<h1>Example customer application</h1>
    <p>This page plays <em>your</em> application. Pressing the button starts an account association at the linking
    service, then sends you to the third-party authorization server to sign in and allow access.</p>
    <p><button id="link-account" type="button">Link account</button></p>
    <p id="status" role="status" aria-live="polite"></p>`,
    START_SCRIPT,
  );
}

export function renderLinkedPage(): string {
  return layout(
    'Account linking result',
    `<h1>Account linking result</h1>
    <section id="failure" class="failure" aria-labelledby="failure-title" hidden>
      <h2 id="failure-title">Linking failed</h2>
      <dl>
        <div><dt>error</dt><dd id="error"></dd></div>
        <div><dt>error_description</dt><dd id="error-description"></dd></div>
      </dl>
    </section>
    <section aria-labelledby="association-title">
      <h2 id="association-title">Account association</h2>
      <p id="status" role="status" aria-live="polite">Loading the association…</p>
      <dl id="association" hidden>
        <div id="row-association-id"><dt>AccountAssociationId</dt><dd></dd></div>
        <div id="row-association-state"><dt>AssociationState</dt><dd id="association-state"></dd></div>
        <div id="row-user-id"><dt>UserId</dt><dd id="user-id"></dd></div>
        <div id="row-error-message"><dt>ErrorMessage</dt><dd id="error-message"></dd></div>
      </dl>
    </section>
    <p class="note"><a href="${CUSTOMER_APP_START_PATH}">Link an account again</a></p>`,
    LINKED_SCRIPT,
  );
}

function layout(title: string, body: string, script: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <link rel="icon" href="data:,">
  <title>${title} – c2c-account-linking sandbox</title>
  <style>${PAGE_STYLESHEET}</style>
</head>
<body>
  <main>
    ${body}
  </main>
  <script>${script}</script>
</body>
</html>`;
}
