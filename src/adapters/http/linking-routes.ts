import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AssociationView } from '../../application/association-view.js';
import type { CompleteLinking } from '../../application/complete-linking.js';
import type { DeleteAssociation } from '../../application/delete-association.js';
import type { GetAssociation } from '../../application/get-association.js';
import type { ListAssociations } from '../../application/list-associations.js';
import type { RefreshAssociation } from '../../application/refresh-association.js';
import type { StartLinking } from '../../application/start-linking.js';
import type { UpdateAssociation } from '../../application/update-association.js';
import {
  readCreateRequest,
  readEmptyRequest,
  readListQuery,
  readUpdateRequest,
} from './association-requests.js';
import { awsFrameworkErrorAnswer, type AwsErrorAnswer } from './aws-error-answer.js';
import { acceptAwsJsonBodies, answer, answerError, requireApiKey } from './aws-json-answers.js';
import type { HttpRoutes } from './http-routes.js';
import { noteRequestFacts } from './request-log-facts.js';

export interface LinkingUseCases {
  readonly startLinking: StartLinking;
  readonly getAssociation: GetAssociation;
  readonly listAssociations: ListAssociations;
  readonly updateAssociation: UpdateAssociation;
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

const ASSOCIATIONS_PATH = '/account-associations';

/** A method and path under the API's prefix that is none of its operations (restJson1 services' own answer). */
const UNKNOWN_OPERATION: AwsErrorAnswer = {
  statusCode: 404,
  exceptionName: 'UnknownOperationException',
  body: { Message: 'No operation of the account-association API has this method and path.' },
};

/**
 * The managed-integrations side of account linking: the account-association API with the names, members,
 * status codes and errors of managed integrations (restJson1: `X-Amzn-ErrorType` and `{"Message"}`), and
 * the OAuth callback, which always answers with a redirect.
 */
export class LinkingRoutes implements HttpRoutes {
  constructor(
    private readonly useCases: LinkingUseCases,
    private readonly options: LinkingRoutesOptions,
  ) {}

  async register(app: FastifyInstance): Promise<void> {
    await app.register(async (scope) => {
      // The callback is a GET: whatever body a client sends with it is read (within the limit) and ignored.
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit: 16 * 1024 }, (_request, _body, done) => done(null, undefined));
      this.#callback(scope);
    });
    await app.register(async (api) => {
      acceptAwsJsonBodies(api);
      const { apiKey } = this.options;
      if (apiKey !== undefined) api.addHook('onRequest', requireApiKey(apiKey));
      api.setNotFoundHandler((_request, reply) => answerError(reply, UNKNOWN_OPERATION, undefined));
      this.#associations(api);
    }, { prefix: ASSOCIATIONS_PATH });
  }

  /**
   * An error the framework raised before a route of ours ran (a path that is not percent-encoding, a
   * parameter over its length): answered in the association routes' shape when the path is theirs.
   */
  answerFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): boolean {
    const path = request.url.split('?')[0] ?? '';
    if (path !== ASSOCIATIONS_PATH && !path.startsWith(`${ASSOCIATIONS_PATH}/`)) return false;
    void answerError(reply, awsFrameworkErrorAnswer(error), error);
    return true;
  }

  #associations(app: FastifyInstance): void {
    const { startLinking, getAssociation, listAssociations, updateAssociation, refreshAssociation, deleteAssociation } = this.useCases;

    // CreateAccountAssociation.
    app.post('', (request, reply) =>
      answer(reply, 201, async () => {
        const started = await startLinking.execute(readCreateRequest(request.body ?? {}));
        return {
          AccountAssociationId: started.associationId,
          AssociationState: started.state,
          OAuthAuthorizationUrl: started.authorizationUrl,
          Arn: started.arn,
        };
      }),
    );

    // ListAccountAssociations.
    app.get<{ Querystring: Record<string, unknown> }>('', (request, reply) =>
      answer(reply, 200, async () => {
        const page = await listAssociations.execute(readListQuery(request.query));
        return { Items: page.items.map(toListItem), ...(page.nextToken === undefined ? {} : { NextToken: page.nextToken }) };
      }),
    );

    // GetAccountAssociation.
    app.get<{ Params: { id: string } }>('/:id', (request, reply) =>
      answer(reply, 200, async () => toGetOutput(await getAssociation.execute({ associationId: request.params.id }))),
    );

    // UpdateAccountAssociation: 204, no body.
    app.put<{ Params: { id: string } }>('/:id', (request, reply) =>
      answer(reply, 204, async () => {
        await updateAssociation.execute({ associationId: request.params.id, ...readUpdateRequest(request.body ?? {}) });
        return undefined;
      }),
    );

    // DeleteAccountAssociation: 200 once the connector deactivated the user and the association is gone.
    app.delete<{ Params: { id: string } }>('/:id', (request, reply) =>
      answer(reply, 200, async () => {
        readEmptyRequest(request.body ?? {}, 'DeleteAccountAssociation');
        await deleteAssociation.execute({ associationId: request.params.id });
        return undefined;
      }),
    );

    // StartAccountAssociationRefresh.
    app.post<{ Params: { id: string } }>('/:id/refresh', (request, reply) =>
      answer(reply, 200, async () => {
        readEmptyRequest(request.body ?? {}, 'StartAccountAssociationRefresh');
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

/** ListAccountAssociations' AccountAssociationItem: no Tags, no URL. */
function toListItem(view: AssociationView): Record<string, string> {
  return {
    AccountAssociationId: view.associationId,
    AssociationState: view.state,
    ...optional('ErrorMessage', view.errorMessage),
    ...optional('ConnectorDestinationId', view.connectorDestinationId),
    ...optional('Name', view.name),
    ...optional('Description', view.description),
    Arn: view.arn,
  };
}

/** GetAccountAssociation's output, and `UserId`, which managed integrations does not show (ours does). */
function toGetOutput(view: AssociationView): Record<string, unknown> {
  return {
    ...toListItem(view),
    OAuthAuthorizationUrl: view.authorizationUrl,
    ...(view.tags === undefined ? {} : { Tags: view.tags }),
    ...optional('UserId', view.userId),
  };
}

function optional(name: string, value: string | undefined): Record<string, string> {
  return value === undefined ? {} : { [name]: value };
}

/** A repeated query parameter is ambiguous: treat it as absent rather than pick one. */
function single(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
