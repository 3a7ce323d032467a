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
      document.getElementById('devices').hidden = body.AssociationState !== 'ASSOCIATION_SUCCEEDED';
      document.getElementById('relink').hidden = body.AssociationState !== 'REFRESH_TOKEN_EXPIRED';
    } catch {
      status.textContent = 'The linking service could not be reached.';
    }
  };
  void load();

  const devicesStatus = document.getElementById('devices-status');
  const deviceList = document.getElementById('device-list');
  const call = async (method, path, body) => {
    const headers = body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' };
    const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    const parsed = text === '' ? {} : JSON.parse(text);
    if (!response.ok) {
      const failure = new Error(parsed?.Message ?? 'HTTP ' + response.status);
      failure.status = response.status;
      throw failure;
    }
    return parsed;
  };
  const capabilityOf = (state, id) => {
    for (const endpoint of state.Endpoints ?? []) {
      for (const capability of endpoint.capabilities ?? []) if (capability.id === id) return capability.properties ?? {};
    }
    return undefined;
  };
  const failed = async (what, error) => {
    devicesStatus.textContent = what + ': ' + (error instanceof Error ? error.message : 'unknown failure');
    // A 409 is an association that must be relinked: show it, and the button that does.
    if (error?.status === 409) await load();
  };
  const showState = (row, state) => {
    const onOff = capabilityOf(state, 'matter.OnOff');
    const thermostat = capabilityOf(state, 'matter.Thermostat');
    const shown = row.querySelector('.device-state');
    const button = row.querySelector('button');
    if (onOff !== undefined && typeof onOff.OnOff === 'boolean') {
      shown.textContent = onOff.OnOff ? 'On' : 'Off';
      row.dataset.on = String(onOff.OnOff);
      button.textContent = onOff.OnOff ? 'Switch off' : 'Switch on';
      button.setAttribute('aria-label', (onOff.OnOff ? 'Switch off ' : 'Switch on ') + row.dataset.name);
      button.hidden = false;
    } else if (thermostat !== undefined) {
      const celsius = (value) => (typeof value === 'number' ? (value / 100).toFixed(1) + ' °C' : 'unknown');
      shown.textContent = celsius(thermostat.LocalTemperature) + ', set to ' + celsius(thermostat.OccupiedHeatingSetpoint);
    } else {
      shown.textContent = 'No state reported';
    }
  };
  const refreshState = async (row) => showState(row, await call('GET', '/managed-thing-states/' + encodeURIComponent(row.dataset.thingId)));
  const switchDevice = async (row) => {
    const on = row.dataset.on !== 'true';
    const button = row.querySelector('button');
    button.disabled = true;
    devicesStatus.textContent = 'Sending the command…';
    try {
      const endpoints = [{ endpointId: '1', capabilities: [{ id: 'matter.OnOff', name: 'On/Off', version: '1', actions: [{ name: on ? 'On' : 'Off' }] }] }];
      await call('POST', '/managed-things-command/' + encodeURIComponent(row.dataset.thingId), { Endpoints: endpoints });
      await refreshState(row);
      devicesStatus.textContent = row.dataset.name + ' reported ' + row.querySelector('.device-state').textContent + '.';
    } catch (error) {
      await failed('The command failed', error);
    } finally {
      button.disabled = false;
    }
  };
  const rowOf = (device) => {
    const row = document.createElement('li');
    row.dataset.device = device.ConnectorDeviceId;
    row.dataset.thingId = device.ManagedThingId;
    row.dataset.name = device.ConnectorDeviceName ?? device.ConnectorDeviceId;
    const name = document.createElement('span');
    name.className = 'device-name';
    name.textContent = row.dataset.name;
    const shown = document.createElement('span');
    shown.className = 'device-state';
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'secondary';
    button.hidden = true;
    button.addEventListener('click', () => void switchDevice(row));
    row.append(name, shown, button);
    return row;
  };
  const discover = document.getElementById('discover-devices');
  discover.addEventListener('click', async () => {
    const id = sessionStorage.getItem(${JSON.stringify(ASSOCIATION_KEY)});
    discover.disabled = true;
    devicesStatus.textContent = 'Discovering devices…';
    try {
      const started = await call('POST', '/device-discoveries', { DiscoveryType: 'CLOUD', AccountAssociationId: id });
      let discovery = await call('GET', '/device-discoveries/' + encodeURIComponent(started.Id));
      for (let attempt = 0; discovery.Status === 'RUNNING' && attempt < 40; attempt += 1) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        discovery = await call('GET', '/device-discoveries/' + encodeURIComponent(started.Id));
      }
      if (discovery.Status !== 'SUCCEEDED') {
        devicesStatus.textContent = 'Device discovery ended ' + discovery.Status + '.';
        return;
      }
      const listed = await call('GET', '/device-discoveries/' + encodeURIComponent(started.Id) + '/devices');
      const rows = listed.Items.map(rowOf);
      deviceList.replaceChildren(...rows);
      for (const row of rows) await refreshState(row);
      devicesStatus.textContent = rows.length + (rows.length === 1 ? ' device found.' : ' devices found.');
    } catch (error) {
      await failed('Device discovery failed', error);
    } finally {
      discover.disabled = false;
    }
  });
  const linkAgain = document.getElementById('link-again');
  linkAgain.addEventListener('click', async () => {
    const id = sessionStorage.getItem(${JSON.stringify(ASSOCIATION_KEY)});
    linkAgain.disabled = true;
    try {
      const body = await call('POST', '/account-associations/' + encodeURIComponent(id) + '/refresh');
      const target = new URL(body.OAuthAuthorizationUrl);
      if (target.protocol !== 'https:' && target.protocol !== 'http:') throw new Error('unexpected authorization URL');
      window.location.assign(target.href);
    } catch (error) {
      document.getElementById('relink-status').textContent = 'Linking could not start again: ' + (error instanceof Error ? error.message : 'unknown failure');
      linkAgain.disabled = false;
    }
  });
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
    <section id="relink" aria-labelledby="relink-title" hidden>
      <h2 id="relink-title">Link again</h2>
      <p>The platform no longer accepts this association's refresh token: sign in again to link the same association.</p>
      <p><button id="link-again" type="button">Link again</button></p>
      <p id="relink-status" aria-live="polite"></p>
    </section>
    <section id="devices" aria-labelledby="devices-title" hidden>
      <h2 id="devices-title">Devices</h2>
      <p><button id="discover-devices" type="button">Discover devices</button></p>
      <p id="devices-status" aria-live="polite"></p>
      <ul id="device-list" class="devices"></ul>
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
