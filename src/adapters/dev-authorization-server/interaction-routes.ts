import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import type { InteractionResults } from 'oidc-provider';
import type { DevUserDirectory } from './dev-user-directory.js';
import { INTERACTION_PAGE_CSP, renderConsentPage, renderErrorPage, renderLoginPage, type LoginPage } from './interaction-pages.js';
import { readFormBody } from './read-form-body.js';

type Interaction = Awaited<ReturnType<Provider['interactionDetails']>>;

const ROUTE = /^\/interaction\/([A-Za-z0-9_-]{1,128})(?:\/(login|consent))?$/;

/** What the pages show beyond the interaction itself. */
export interface InteractionPageOptions {
  /** The published demo user's credentials, named on the login page. */
  readonly demoCredentials?: LoginPage['demoCredentials'];
  /** Where an expired sign-in starts again (the sandbox's customer application). */
  readonly startAgainUrl?: string;
}

/** Serves the login and consent pages that oidc-provider sends the browser to, at `/interaction/:uid`. */
export class InteractionRoutes {
  constructor(
    private readonly provider: Provider,
    private readonly users: DevUserDirectory,
    private readonly pages: InteractionPageOptions = {},
  ) {}

  /** Answers the request if it is an interaction route; returns false to leave it to oidc-provider. */
  async handle(request: IncomingMessage, response: ServerResponse): Promise<boolean> {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const match = ROUTE.exec(path);
    if (match === null) return false;
    const [, uid = '', action] = match;
    const method = request.method ?? 'GET';
    if (action === undefined ? method !== 'GET' : method !== 'POST') {
      sendHtml(response, 405, renderErrorPage({ title: 'Method not allowed', message: `This page does not answer a ${method} request.`, details: { method } }));
      return true;
    }

    let interaction: Interaction;
    try {
      interaction = await this.provider.interactionDetails(request, response);
    } catch {
      this.#expired(response);
      return true;
    }
    if (interaction.uid !== uid) {
      this.#expired(response);
      return true;
    }

    const prompt = interaction.prompt.name;
    if (action === undefined) {
      this.#show(response, interaction);
    } else if (action !== prompt) {
      const message = 'This sign-in is at another step: go back to the page you came from.';
      sendHtml(response, 400, renderErrorPage({ title: 'Unexpected step', message, details: { expected: prompt, received: action } }));
    } else if (action === 'login') {
      await this.#login(request, response, interaction);
    } else {
      await this.#consent(request, response, interaction);
    }
    return true;
  }

  #show(response: ServerResponse, interaction: Interaction): void {
    const clientId = clientIdOf(interaction);
    if (interaction.prompt.name === 'login') {
      sendHtml(response, 200, renderLoginPage({ uid: interaction.uid, clientId, demoCredentials: this.pages.demoCredentials }));
      return;
    }
    if (interaction.prompt.name === 'consent') {
      const accountId = interaction.session?.accountId ?? '';
      sendHtml(
        response,
        200,
        renderConsentPage({
          uid: interaction.uid,
          clientId,
          username: this.users.findByAccountId(accountId)?.username ?? accountId,
          scopes: requestedScopes(interaction),
        }),
      );
      return;
    }
    const message = 'The development authorization server has no page for this step.';
    sendHtml(response, 400, renderErrorPage({ title: 'Unsupported step', message, details: { prompt: interaction.prompt.name } }));
  }

  /** Unknown, finished or timed-out interactions, or a browser without the interaction's cookie. */
  #expired(response: ServerResponse): void {
    const url = this.pages.startAgainUrl;
    const message = `The sign-in took too long, was already used, or was opened in another browser. Start linking again${url === undefined ? ' from the app' : ''}.`;
    const startAgain = url === undefined ? undefined : { url, label: 'Start linking again' };
    sendHtml(response, 400, renderErrorPage({ title: 'This sign-in has expired', message, startAgain }));
  }

  async #login(request: IncomingMessage, response: ServerResponse, interaction: Interaction): Promise<void> {
    const form = await readFormBody(request);
    const username = form.get('username') ?? '';
    const user = this.users.authenticate(username, form.get('password') ?? '');
    if (user === undefined) {
      const clientId = clientIdOf(interaction);
      const page = renderLoginPage({
        uid: interaction.uid,
        clientId,
        username,
        error: 'Wrong username or password.',
        demoCredentials: this.pages.demoCredentials,
      });
      sendHtml(response, 200, page);
      return;
    }
    await this.#finish(request, response, { login: { accountId: user.accountId } });
  }

  async #consent(request: IncomingMessage, response: ServerResponse, interaction: Interaction): Promise<void> {
    const form = await readFormBody(request);
    if (form.get('decision') !== 'allow') {
      await this.#finish(request, response, {
        error: 'access_denied',
        error_description: 'The user denied the request.',
      });
      return;
    }
    const accountId = interaction.session?.accountId;
    if (accountId === undefined) {
      this.#expired(response);
      return;
    }
    const { Grant } = this.provider;
    const existing = interaction.grantId === undefined ? undefined : await Grant.find(interaction.grantId);
    const grant = existing ?? new Grant({ accountId, clientId: String(interaction.params['client_id']) });
    const details = interaction.prompt.details;
    const missingScope = stringList(details['missingOIDCScope']);
    if (missingScope.length > 0) grant.addOIDCScope(missingScope.join(' '));
    const missingClaims = stringList(details['missingOIDCClaims']);
    if (missingClaims.length > 0) grant.addOIDCClaims(missingClaims);
    for (const [indicator, scopes] of Object.entries(resourceScopes(details['missingResourceScopes']))) {
      grant.addResourceScope(indicator, scopes.join(' '));
    }
    const grantId = await grant.save();
    await this.#finish(request, response, { consent: { grantId } });
  }

  /** Hands the result back to oidc-provider, which answers with a redirect to resume the authorization. */
  async #finish(request: IncomingMessage, response: ServerResponse, result: InteractionResults): Promise<void> {
    await this.provider.interactionFinished(request, response, result, { mergeWithLastSubmission: false });
  }
}

/** The client the pages name: oidc-provider has checked it by the time an interaction exists, so it is a string. */
function clientIdOf(interaction: Interaction): string {
  const clientId = interaction.params['client_id'];
  return typeof clientId === 'string' ? clientId : '';
}

function requestedScopes(interaction: Interaction): string[] {
  const details = interaction.prompt.details;
  const scopes = new Set(stringList(details['missingOIDCScope']));
  for (const list of Object.values(resourceScopes(details['missingResourceScopes']))) {
    for (const scope of list) scopes.add(scope);
  }
  return [...scopes];
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function resourceScopes(value: unknown): Record<string, string[]> {
  if (typeof value !== 'object' || value === null) return {};
  return Object.fromEntries(Object.entries(value).map(([indicator, scopes]) => [indicator, stringList(scopes)]));
}

function sendHtml(response: ServerResponse, status: number, html: string): void {
  response.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(html),
    'cache-control': 'no-store',
    'content-security-policy': INTERACTION_PAGE_CSP,
  });
  response.end(html);
}
