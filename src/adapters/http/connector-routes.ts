import type { FastifyInstance } from 'fastify';
import type { ConnectorEndpoint } from '../connector-envelope/connector-endpoint.js';
import { MAX_ENVELOPE_BYTES } from '../connector-envelope/envelope-limits.js';
import type { HttpRoutes } from './http-routes.js';
import { noteRequestFacts } from './request-log-facts.js';

/** `POST /connector`: the Lambda envelope over HTTP; the HTTP status equals `header.responseCode`. */
export class ConnectorRoutes implements HttpRoutes {
  constructor(private readonly endpoint: ConnectorEndpoint) {}

  async register(app: FastifyInstance): Promise<void> {
    await app.register(async (scope) => {
      // The body is parsed by the same code as a Lambda event, whatever content type the client sent.
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit: MAX_ENVELOPE_BYTES }, (_request, body, done) => {
        done(null, body);
      });
      scope.post('/connector', async (request, reply) => {
        const answer = await this.endpoint.invoke(request.body ?? '');
        noteRequestFacts(request, answer.logFields);
        return reply.code(answer.statusCode).send(answer.envelope);
      });
    });
  }
}
