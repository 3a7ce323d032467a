import { AsyncLocalStorage } from 'node:async_hooks';
import type { InvocationFacts } from '../../application/ports/invocation-facts.js';
import type { LogFields, LogValue } from '../../application/ports/logger.js';

/** Collects the facts recorded anywhere below `collect`, per invocation, however many run at once. */
export class AsyncLocalInvocationFacts implements InvocationFacts {
  readonly #current = new AsyncLocalStorage<Record<string, LogValue>>();

  record(facts: LogFields): void {
    const target = this.#current.getStore();
    if (target === undefined) return;
    for (const [name, value] of Object.entries(facts)) {
      if (value !== undefined) target[name] = value;
    }
  }

  async collect<T>(work: () => Promise<T>): Promise<{ readonly result: T; readonly facts: LogFields }> {
    const facts: Record<string, LogValue> = {};
    const result = await this.#current.run(facts, work);
    return { result, facts };
  }
}
