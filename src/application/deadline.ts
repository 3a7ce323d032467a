/**
 * One time budget shared by every upstream call of a request. Adapters size their timeouts from
 * `remainingMs()` and pass `signal` to what they call, so nothing outlives the budget.
 */
export class Deadline {
  readonly #endsAt: number;
  readonly #parent: AbortSignal | undefined;
  #signal: AbortSignal | undefined;

  private constructor(budgetMs: number, parent: AbortSignal | undefined) {
    this.#endsAt = performance.now() + Math.max(0, Math.floor(budgetMs));
    this.#parent = parent;
  }

  static in(budgetMs: number, parent?: AbortSignal): Deadline {
    return new Deadline(budgetMs, parent);
  }

  /**
   * Aborts when the budget runs out (or the parent aborts). Made on first use: a request answered from
   * memory or with cached keys never pays for a timer.
   */
  get signal(): AbortSignal {
    if (this.#signal === undefined) {
      const timeout = AbortSignal.timeout(Math.max(1, Math.ceil(this.#endsAt - performance.now())));
      this.#signal = this.#parent === undefined ? timeout : AbortSignal.any([timeout, this.#parent]);
    }
    return this.#signal;
  }

  /** `work`, or `outOfTime()`'s error once the budget runs out first (for work shared with other callers). */
  race<T>(work: Promise<T>, outOfTime: () => Error): Promise<T> {
    if (this.expired) return Promise.reject(outOfTime());
    const signal = this.signal;
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => reject(outOfTime());
      signal.addEventListener('abort', onAbort, { once: true });
      work.then(
        (value) => {
          signal.removeEventListener('abort', onAbort);
          resolve(value);
        },
        (error: unknown) => {
          signal.removeEventListener('abort', onAbort);
          // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- passes the work's own rejection on unchanged.
          reject(error);
        },
      );
    });
  }

  remainingMs(): number {
    return Math.max(0, Math.floor(this.#endsAt - performance.now()));
  }

  get expired(): boolean {
    return this.remainingMs() === 0 || (this.#parent?.aborted ?? false) || (this.#signal?.aborted ?? false);
  }
}
