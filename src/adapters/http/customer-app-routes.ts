import type { FastifyInstance, FastifyReply } from 'fastify';
import {
  CUSTOMER_APP_CSP,
  CUSTOMER_APP_LINKED_PATH,
  CUSTOMER_APP_START_PATH,
  renderLinkedPage,
  renderStartPage,
} from './customer-app-pages.js';
import type { HttpRoutes } from './http-routes.js';

/**
 * A stand-in for the customer's application, served next to the linking routes it calls: the start page
 * (`/app`, "Link account") and the OAuthRedirectUrl page (`/app/linked`). Mounted in the sandbox, or when
 * `C2C_CUSTOMER_APP=true`.
 */
export class CustomerAppRoutes implements HttpRoutes {
  readonly #startPage = renderStartPage();
  readonly #linkedPage = renderLinkedPage();

  register(app: FastifyInstance): void {
    app.get('/', (_request, reply) => reply.redirect(CUSTOMER_APP_START_PATH));
    app.get(CUSTOMER_APP_START_PATH, (_request, reply) => sendPage(reply, this.#startPage));
    app.get(CUSTOMER_APP_LINKED_PATH, (_request, reply) => sendPage(reply, this.#linkedPage));
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
