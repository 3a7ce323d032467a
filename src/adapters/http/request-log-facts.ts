import type { FastifyRequest } from 'fastify';
import type { LogFields, LogValue } from '../../application/ports/logger.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Facts the route learnt, written into the request's one log line when the answer is sent. */
    logFacts: Record<string, LogValue> | null;
  }
}

/** Adds facts to the log line of this request (outcome, error code...); never pass secrets or raw input. */
export function noteRequestFacts(request: FastifyRequest, facts: LogFields): void {
  request.logFacts ??= {};
  for (const [name, value] of Object.entries(facts)) {
    if (value !== undefined) request.logFacts[name] = value;
  }
}
