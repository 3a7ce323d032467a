import type { Clock } from './ports/clock.js';

export interface InvocationMemoryOptions {
  /** How long a finished step is remembered: longer than managed integrations' retries of one invocation. Default 15 minutes. */
  readonly ttlMs?: number;
  /** Most steps remembered; the oldest go first. Default 10 000. */
  readonly maxEntries?: number;
}

interface Remembered {
  readonly value: unknown;
  readonly expiresAtMs: number;
}

/**
 * Managed integrations retries a failed invocation 5 times, and an invocation that ran past its 2 seconds has
 * failed even if its work was done. SendConnectorEvent has no idempotency token, so the connector itself keeps,
 * per process, the result of each step of an invocation (the device call, the event) under the invocation's
 * id (`deviceDiscoveryId`, `traceId`) and user: a retry redoes only the steps that did not finish, so a
 * command is not applied twice and an event already accepted is not sent again. Concurrent duplicates share
 * one run. A failed step is forgotten, so its retry runs it again. Another process (a new Lambda container)
 * does not share this memory: there a retry sends again, which the model's idempotent SendConnectorEvent allows.
 */
export class InvocationMemory {
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  readonly #done = new Map<string, Remembered>();
  readonly #running = new Map<string, Promise<unknown>>();

  constructor(
    private readonly clock: Clock,
    options: InvocationMemoryOptions = {},
  ) {
    this.#ttlMs = options.ttlMs ?? 15 * 60_000;
    this.#maxEntries = options.maxEntries ?? 10_000;
  }

  /** `work`'s result, run at most once per `key` while it is remembered; `fresh` is true when this call ran it. */
  async once<T>(key: string, work: () => Promise<T>): Promise<{ readonly value: T; readonly fresh: boolean }> {
    const now = this.clock.monotonicMs();
    const remembered = this.#done.get(key);
    if (remembered !== undefined && remembered.expiresAtMs > now) return { value: remembered.value as T, fresh: false };
    if (remembered !== undefined) this.#done.delete(key);
    const running = this.#running.get(key);
    if (running !== undefined) return { value: (await running) as T, fresh: false };

    const run = work();
    this.#running.set(key, run);
    try {
      const value = await run;
      this.#remember(key, value);
      return { value, fresh: true };
    } finally {
      this.#running.delete(key);
    }
  }

  #remember(key: string, value: unknown): void {
    this.#done.delete(key);
    this.#done.set(key, { value, expiresAtMs: this.clock.monotonicMs() + this.#ttlMs });
    while (this.#done.size > this.#maxEntries) {
      const oldest = this.#done.keys().next().value;
      if (oldest === undefined) break;
      this.#done.delete(oldest);
    }
  }
}
