import type { RunningSandbox } from './start-sandbox.js';

/**
 * What `npm start` prints in sandbox mode: where to go and how to sign in. The demo credentials are published
 * development values; the client secret and tokens are never part of it.
 */
export function describeSandbox(sandbox: RunningSandbox): string {
  const user = sandbox.users[0];
  const signIn = user === undefined ? 'sign in' : `sign in as ${user.username} / ${user.password}`;
  const linked = user === undefined ? '' : ` and the userId ${user.accountId}`;
  return [
    'c2c-account-linking sandbox: the authorization server, the connector and the linking service run in this process.',
    '',
    `  1. Open ${sandbox.appUrl} and press "Link account".`,
    `  2. At the development authorization server, ${signIn}, then allow access.`,
    `  3. Back in the app, the page shows ASSOCIATION_SUCCEEDED${linked}.`,
    '',
    `  authorization server: ${sandbox.issuer}`,
    `  account links:        ${sandbox.storage}`,
    '  Set the C2C_* variables of the README to run against your real platform instead.',
    '',
    `c2c-account-linking listening on ${sandbox.serviceUrl}`,
    '',
  ].join('\n');
}
