import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../../domain/errors/domain-error.js';
import { Unauthenticated } from '../../domain/errors/unauthenticated.js';
import { ASSOCIATION_BODY_LIMIT, readJsonBody } from './association-requests.js';
import { awsErrorAnswer, awsFrameworkErrorAnswer, sendAwsError, type AwsErrorAnswer } from './aws-error-answer.js';
import { noteRequestFacts } from './request-log-facts.js';

/** Answers `status` with what `work` resolves to, or the error it throws in the restJson1 shape. */
export async function answer(reply: FastifyReply, status: number, work: () => Promise<unknown>): Promise<FastifyReply> {
  void reply.header('Cache-Control', 'no-store');
  let body: unknown;
  try {
    body = await work();
  } catch (error) {
    return answerError(reply, awsErrorAnswer(error), error);
  }
  return reply.code(status).send(body);
}

export function answerError(reply: FastifyReply, answer: AwsErrorAnswer, error: unknown): FastifyReply {
  noteRequestFacts(reply.request, {
    outcome: 'error',
    errorCode: error instanceof DomainError ? error.code : answer.statusCode < 500 ? 'INVALID_REQUEST' : 'INTERNAL_ERROR',
    exception: answer.exceptionName,
  });
  return sendAwsError(reply, answer);
}

/** Compares in constant time, so the answer's timing says nothing about how much of the key was right. */
export function requireApiKey(apiKey: string): (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply | undefined> {
  const expected = createHash('sha256').update(`Bearer ${apiKey}`).digest();
  return async (request, reply) => {
    const presented = createHash('sha256').update(request.headers.authorization ?? '').digest();
    if (timingSafeEqual(presented, expected)) return undefined;
    const refused = new Unauthenticated('The association endpoints need Authorization: Bearer with the linking API key.');
    void reply.header('WWW-Authenticate', 'Bearer');
    return answerError(reply, awsErrorAnswer(refused), refused);
  };
}

/**
 * The body parser and error handler of a group of AWS restJson1 routes: any content type read as JSON within
 * the limit, and a framework error (a body too large, not JSON) answered in the AWS error shape.
 */
export function acceptAwsJsonBodies(api: FastifyInstance): void {
  api.removeAllContentTypeParsers();
  api.addContentTypeParser('*', { parseAs: 'string', bodyLimit: ASSOCIATION_BODY_LIMIT }, (request, body, done) => {
    try {
      done(null, readJsonBody(String(body), request.headers['content-type']));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  api.setErrorHandler((error: FastifyError, _request, reply) => answerError(reply, awsFrameworkErrorAnswer(error), error));
}
