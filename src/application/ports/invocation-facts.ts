import type { LogFields } from './logger.js';

/**
 * Port: facts about the invocation being served (identity source, cache hit), gathered from wherever they
 * are learnt into the one log line the entry writes when it answers.
 */
export interface InvocationFacts {
  record(facts: LogFields): void;
}
