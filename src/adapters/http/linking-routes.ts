import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AssociationView } from '../../application/association-view.js';
import type { CompleteLinking } from '../../application/complete-linking.js';
import type { DeleteAssociation } from '../../application/delete-association.js';
import type { GetAssociation } from '../../application/get-association.js';
import type { RefreshAssociation } from '../../application/refresh-association.js';
import type { StartLinking } from '../../application/start-linking.js';
import { Unauthenticated } from '../../domain/errors/unauthenticated.js';
import { errorResponse } from '../connector-envelope/connector-response.js';
import type { HttpRoutes } from './http-routes.js';
import { noteRequestFacts } from './request-log-facts.js';

export interface LinkingUseCases {
  readonly startLinking: StartLinking;
  readonly getAssociation: GetAssociation;
  readonly refreshAssociation: RefreshAssociation;
  readonly completeLinking: CompleteLinking;
  readonly deleteAssociation: DeleteAssociation;
}

export interface LinkingRoutesOptions {
  /** Path of the OAuth callback, taken from `C2C_CALLBACK_URL`. */
  readonly callbackPath: string;
  /**
   * `C2C_LINKING_API_KEY`: when set, the association endpoints answer only requests with
   * `Authorization: Bearer <key>`. The callback stays open: the platform's redirect carries no credential,
   * and the single-use `state` is what protects it.
   */
  readonly apiKey: string | undefined;
}

/**
 * The managed-integrations side of account linking, with the names of its API
 * (CreateAccountAssociation, GetAccountAssociation, StartAccountAssociationRefresh) and the OAuth callback.
 */
export class LinkingRoutes implements HttpRoutes {
  constructor(
    private readonly useCases: LinkingUseCases,
    private readonly options: LinkingRoutesOptions,
  ) {}

  async register(app: FastifyInstance): Promise<void> {
    await app.register(async (scope) => {
      // These operations take no body: accept (and ignore) whatever a client sends with its POST.
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit: 16 * 1024 }, (_request, _body, done) => done(null, undefined));
      this.#callback(scope);
      await scope.register(async (api) => {
        const { apiKey } = this.options;
        if (apiKey !== undefined) api.addHook('onRequest', requireApiKey(apiKey));
        this.#associations(api);
      });
    });
  }

  #associations(app: FastifyInstance): void {
    const { startLinking, getAssociation, refreshAssociation, deleteAssociation } = this.useCases;

    app.post('/account-associations', (_request, reply) =>
      answer(reply, 201, async () => {
        const started = await startLinking.execute();
        return {
          AccountAssociationId: started.associationId,
          AssociationState: started.state,
          OAuthAuthorizationUrl: started.authorizationUrl,
        };
      }),
    );

    app.get<{ Params: { id: string } }>('/account-associations/:id', (request, reply) =>
      answer(reply, 200, async () => toWire(await getAssociation.execute({ associationId: request.params.id }))),
    );

    // DeleteAccountAssociation: 204 once the connector deactivated the user and the association is gone.
    app.delete<{ Params: { id: string } }>('/account-associations/:id', (request, reply) =>
      answer(reply, 204, async () => {
        await deleteAssociation.execute({ associationId: request.params.id });
        return undefined;
      }),
    );

    app.post<{ Params: { id: string } }>('/account-associations/:id/refresh', (request, reply) =>
      answer(reply, 200, async () => {
        const { authorizationUrl } = await refreshAssociation.execute({ associationId: request.params.id });
        return { OAuthAuthorizationUrl: authorizationUrl };
      }),
    );
  }

  #callback(app: FastifyInstance): void {
    const { completeLinking } = this.useCases;
    app.get<{ Querystring: Record<string, unknown> }>(this.options.callbackPath, async (request, reply) => {
      const query = request.query;
      // The user is back from the platform: whatever happens, they go on to the customer's page.
      const outcome = await completeLinking
        .execute({
          state: single(query['state']),
          code: single(query['code']),
          error: single(query['error']),
          errorDescription: single(query['error_description']),
        })
        .catch(() => completeLinking.unexpectedOutcome());
      noteRequestFacts(request, {
        outcome: outcome.succeeded ? 'success' : 'error',
        associationId: outcome.associationId,
        oauthError: outcome.succeeded ? undefined : new URL(outcome.redirectTo).searchParams.get('error') ?? undefined,
      });
      // The callback URL carried a code: keep it out of the next page's Referer and out of caches.
      return reply
        .code(302)
        .header('Location', outcome.redirectTo)
        .header('Cache-Control', 'no-store')
        .header('Referrer-Policy', 'no-referrer')
        .send();
    });
  }
}

async function answer(reply: FastifyReply, status: number, work: () => Promise<unknown>): Promise<FastifyReply> {
  void reply.header('Cache-Control', 'no-store');
  try {
    return reply.code(status).send(await work());
  } catch (error) {
    const { statusCode, envelope } = errorResponse(error);
    noteRequestFacts(reply.request, { outcome: 'error', errorCode: envelope.payload.errorCode });
    return reply.code(statusCode).send(envelope);
  }
}

/** Compares in constant time, so the answer's timing says nothing about how much of the key was right. */
function requireApiKey(apiKey: string): (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply | undefined> {
  const expected = createHash('sha256').update(`Bearer ${apiKey}`).digest();
  return async (request, reply) => {
    const presented = createHash('sha256').update(request.headers.authorization ?? '').digest();
    if (timingSafeEqual(presented, expected)) return undefined;
    const { statusCode, envelope } = errorResponse(
      new Unauthenticated('The association endpoints need Authorization: Bearer with the linking API key.'),
    );
    noteRequestFacts(request, { outcome: 'error', errorCode: envelope.payload.errorCode });
    return reply.code(statusCode).header('WWW-Authenticate', 'Bearer').send(envelope);
  };
}

function toWire(view: AssociationView): Record<string, string> {
  return {
    AccountAssociationId: view.associationId,
    AssociationState: view.state,
    ...(view.userId === undefined ? {} : { UserId: view.userId }),
    ...(view.errorMessage === undefined ? {} : { ErrorMessage: view.errorMessage }),
  };
}

/** A repeated query parameter is ambiguous: treat it as absent rather than pick one. */
function single(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
