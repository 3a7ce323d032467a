import type { Deadline } from '../../application/deadline.js';
import type { InvocationFacts } from '../../application/ports/invocation-facts.js';
import type { LogFields, LogValue } from '../../application/ports/logger.js';
import { copyDefined } from './copy-defined.js';

/**
 * Keeps each invocation's facts beside its deadline until the entry takes them. A WeakMap rather than
 * AsyncLocalStorage: on Node 20 the latter turns on promise hooks for the whole process, which cost the
 * JWT path about a third of its throughput.
 */
export class InvocationFactsByDeadline implements InvocationFacts {
  readonly #facts = new WeakMap<Deadline, Record<string, LogValue>>();

  record(invocation: Deadline, facts: LogFields): void {
    let target = this.#facts.get(invocation);
    if (target === undefined) {
      target = {};
      this.#facts.set(invocation, target);
    }
    copyDefined(facts, target);
  }

  take(invocation: Deadline): LogFields {
    const facts = this.#facts.get(invocation) ?? {};
    this.#facts.delete(invocation);
    return facts;
  }
}
