/**
 * The development server's HTML pages: plain forms with labelled inputs and named buttons, so that a
 * person, a browserless test client and a Playwright test all find the same controls.
 */

export interface LoginPage {
  readonly uid: string;
  readonly clientId: string;
  readonly username?: string;
  readonly error?: string;
}

export interface ConsentPage {
  readonly uid: string;
  readonly clientId: string;
  readonly username: string;
  readonly scopes: readonly string[];
}

export function renderLoginPage(page: LoginPage): string {
  const error = page.error === undefined ? '' : `<p id="error" role="alert">${escapeHtml(page.error)}</p>`;
  return layout(
    'Sign in',
    `<h1>Sign in</h1>
    <p>Sign in to link your account with <strong>${escapeHtml(page.clientId)}</strong>.</p>
    ${error}
    <form method="post" action="/interaction/${encodeURIComponent(page.uid)}/login">
      <p><label for="username">Username</label><br>
      <input id="username" name="username" type="text" autocomplete="username" required autofocus value="${escapeHtml(page.username ?? '')}"></p>
      <p><label for="password">Password</label><br>
      <input id="password" name="password" type="password" autocomplete="current-password" required></p>
      <p><button type="submit">Sign in</button></p>
    </form>`,
  );
}

export function renderConsentPage(page: ConsentPage): string {
  const scopes = page.scopes.map((scope) => `<li>${escapeHtml(scope)}</li>`).join('');
  return layout(
    'Allow access',
    `<h1>Allow access</h1>
    <p>Signed in as <strong>${escapeHtml(page.username)}</strong>.</p>
    <p><strong>${escapeHtml(page.clientId)}</strong> asks for access to your account:</p>
    <ul>${scopes}</ul>
    <form method="post" action="/interaction/${encodeURIComponent(page.uid)}/consent">
      <p>
        <button type="submit" name="decision" value="allow">Allow</button>
        <button type="submit" name="decision" value="deny">Deny</button>
      </p>
    </form>`,
  );
}

export function renderErrorPage(title: string, details: Readonly<Record<string, string>>): string {
  const rows = Object.entries(details)
    .map(([name, value]) => `<dt>${escapeHtml(name)}</dt><dd>${escapeHtml(value)}</dd>`)
    .join('');
  return layout(title, `<h1>${escapeHtml(title)}</h1><dl>${rows}</dl>`);
}

function layout(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${escapeHtml(title)} – development authorization server</title>
</head>
<body>
  <main>
    ${body}
  </main>
</body>
</html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}
