import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  CUSTOMER_APP_CSP,
  CUSTOMER_APP_LINKED_PATH,
  CUSTOMER_APP_START_PATH,
  renderLinkedPage,
  renderStartPage,
} from './customer-app-pages.js';
import type { HttpRoutes } from './http-routes.js';
import { isLoopbackHost } from './loopback-host.js';

/**
 * A stand-in for the customer's application, served next to the linking routes it calls: the start page
 * (`/app`, "Link account") and the OAuthRedirectUrl page (`/app/linked`). Mounted in the sandbox, or when
 * `C2C_CUSTOMER_APP=true`.
 */
export interface CustomerAppRoutesOptions {
  /** `C2C_OAUTH_REDIRECT_URL`: where the browser comes back after the authorization server. */
  readonly oauthRedirectUrl?: string;
}

export class CustomerAppRoutes implements HttpRoutes {
  readonly #startPage = renderStartPage();
  readonly #linkedPage = renderLinkedPage();
  readonly #comesBackTo: URL | undefined;

  constructor(options: CustomerAppRoutesOptions = {}) {
    this.#comesBackTo = options.oauthRedirectUrl === undefined ? undefined : new URL(options.oauthRedirectUrl);
  }

  register(app: FastifyInstance): void {
    app.get('/', (request, reply) => reply.redirect(this.#startUrl(request)));
    app.get(CUSTOMER_APP_START_PATH, (request, reply) => {
      const startUrl = this.#startUrl(request);
      return startUrl === CUSTOMER_APP_START_PATH ? sendPage(reply, this.#startPage) : reply.redirect(startUrl);
    });
    app.get(CUSTOMER_APP_LINKED_PATH, (_request, reply) => sendPage(reply, this.#linkedPage));
  }

  /**
   * The start page keeps the association id in sessionStorage, which belongs to one origin: opened at
   * `localhost` while the browser comes back to `127.0.0.1`, the linked page would not find it. Between
   * loopback names only, so that a proxy in front (another host name) never loops.
   */
  #startUrl(request: FastifyRequest): string {
    const back = this.#comesBackTo;
    if (back === undefined || back.pathname !== CUSTOMER_APP_LINKED_PATH || !isLoopbackHost(back.hostname)) {
      return CUSTOMER_APP_START_PATH;
    }
    if (!isLoopbackHost(request.hostname) || request.host.toLowerCase() === back.host) return CUSTOMER_APP_START_PATH;
    return `${back.origin}${CUSTOMER_APP_START_PATH}`;
  }
}

function sendPage(reply: FastifyReply, html: string): FastifyReply {
  return reply
    .header('Content-Type', 'text/html; charset=utf-8')
    .header('Content-Security-Policy', CUSTOMER_APP_CSP)
    .header('X-Content-Type-Options', 'nosniff')
    // The linked page's URL may carry error details; keep them out of the Referer of any later request.
    .header('Referrer-Policy', 'no-referrer')
    .header('Cache-Control', 'no-store')
    .send(html);
}
