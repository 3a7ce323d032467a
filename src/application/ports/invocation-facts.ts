import type { Deadline } from '../deadline.js';
import type { LogFields } from './logger.js';

/**
 * Port: facts about the invocation being served (identity source, cache hit), gathered from wherever they
 * are learnt into the one log line the entry writes when it answers. The invocation's deadline, the one
 * object every layer of an invocation is handed, says which invocation a fact belongs to.
 */
export interface InvocationFacts {
  record(invocation: Deadline, facts: LogFields): void;
}
