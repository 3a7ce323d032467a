import type { FastifyInstance, FastifyReply } from 'fastify';
import type { AssociationView } from '../../application/association-view.js';
import type { CompleteLinking } from '../../application/complete-linking.js';
import type { DeleteAssociation } from '../../application/delete-association.js';
import type { GetAssociation } from '../../application/get-association.js';
import type { RefreshAssociation } from '../../application/refresh-association.js';
import type { StartLinking } from '../../application/start-linking.js';
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
    await app.register(async (scope) => this.#routes(scope));
  }

  #routes(app: FastifyInstance): void {
    const { startLinking, getAssociation, refreshAssociation, completeLinking, deleteAssociation } = this.useCases;
    // These operations take no body: accept (and ignore) whatever a client sends with its POST.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: 16 * 1024 }, (_request, _body, done) => done(null, undefined));

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

    app.get<{ Querystring: Record<string, unknown> }>(this.options.callbackPath, async (request, reply) => {
      const query = request.query;
      const outcome = await completeLinking.execute({
        state: single(query['state']),
        code: single(query['code']),
        error: single(query['error']),
        errorDescription: single(query['error_description']),
      });
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
