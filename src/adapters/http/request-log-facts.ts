import type { FastifyRequest } from 'fastify';
import type { LogFields, LogValue } from '../../application/ports/logger.js';
import { copyDefined } from '../logging/copy-defined.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Facts the route learnt, written into the request's one log line when the answer is sent. */
    logFacts: Record<string, LogValue> | null;
  }
}

/** Adds facts to the log line of this request (outcome, error code...); never pass secrets or raw input. */
export function noteRequestFacts(request: FastifyRequest, facts: LogFields): void {
  copyDefined(facts, (request.logFacts ??= {}));
}
