import { BrowserlessClient, findForms, type BrowserlessResponse, type HtmlForm } from './browserless-client.js';

export interface BrowserlessAuthorization {
  /** The authorization request URL, as the linking service hands it to the user. */
  readonly authorizationUrl: string;
  readonly username: string;
  readonly password: string;
  /** The button pressed on the consent page. */
  readonly consent: 'allow' | 'deny';
  /** Reuse one client (and its cookies, hence its session) across authorizations. Default: a fresh one. */
  readonly client?: BrowserlessClient;
}

/** The sign-in page came back after the credentials were posted: the server refused them. */
export class SignInRejected extends Error {
  constructor(readonly page: BrowserlessResponse) {
    super(`The authorization server refused the credentials (HTTP ${page.status}).`);
    this.name = 'SignInRejected';
  }
}

/**
 * Plays the user in an authorization-code flow, the way a browser would: open the authorization URL, sign in
 * on the login page, press Allow or Deny on the consent page, and follow redirects (with cookies) until one
 * leaves the authorization server. Returns that URL (the client's redirect_uri with `code` and `state`, or
 * with `error`) without requesting it, so the caller decides whether to call its callback.
 * @throws SignInRejected when the login page is shown again after signing in.
 */
export async function authorizeWithBrowserlessClient(flow: BrowserlessAuthorization): Promise<URL> {
  const client = flow.client ?? new BrowserlessClient();
  const origin = new URL(flow.authorizationUrl).origin;
  let step = await client.followWithin(origin, await client.get(flow.authorizationUrl));
  let signedIn = false;
  let consented = false;
  for (;;) {
    if (step.leavesTo !== undefined) return step.leavesTo;
    const { page } = step;
    const forms = findForms(page);
    const login = forms.find((form) => 'username' in form.fields && 'password' in form.fields);
    const consent = forms.find((form) => form.buttons.some((button) => button.label === 'Allow'));
    if (login !== undefined) {
      if (signedIn) throw new SignInRejected(page);
      signedIn = true;
      step = await client.followWithin(
        origin,
        await submit(client, login, { username: flow.username, password: flow.password }, 'Sign in'),
      );
    } else if (consent !== undefined && !consented) {
      consented = true;
      step = await client.followWithin(origin, await submit(client, consent, {}, flow.consent === 'allow' ? 'Allow' : 'Deny'));
    } else {
      throw new Error(`Unexpected page from the authorization server (HTTP ${page.status} at ${page.url.pathname}).`);
    }
  }
}

async function submit(
  client: BrowserlessClient,
  form: HtmlForm,
  values: Readonly<Record<string, string>>,
  buttonLabel: string,
): Promise<BrowserlessResponse> {
  const button = form.buttons.find((candidate) => candidate.label === buttonLabel);
  if (button === undefined) throw new Error(`The form has no "${buttonLabel}" button.`);
  const fields = { ...form.fields, ...values, ...(button.name === undefined ? {} : { [button.name]: button.value }) };
  return client.postForm(form.action, fields);
}
