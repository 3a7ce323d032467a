import type { Clock } from './ports/clock.js';

/**
 * One time budget shared by every upstream call of a request. Adapters size their timeouts from
 * `remainingMs()` and pass `signal` to what they call, so nothing outlives the budget. The budget runs on
 * the given clock's monotonic time, so a fake clock drives it in tests.
 */
export class Deadline {
  readonly #clock: Clock;
  readonly #endsAt: number;
  readonly #parent: AbortSignal | undefined;
  #signal: AbortSignal | undefined;

  private constructor(budgetMs: number, clock: Clock, parent: AbortSignal | undefined) {
    this.#clock = clock;
    this.#endsAt = clock.monotonicMs() + Math.max(0, Math.floor(budgetMs));
    this.#parent = parent;
  }

  static in(budgetMs: number, clock: Clock, parent?: AbortSignal): Deadline {
    return new Deadline(budgetMs, clock, parent);
  }

  /**
   * Aborts when the budget runs out (or the parent aborts). Made on first use: a request answered from
   * memory or with cached keys never pays for a timer.
   */
  get signal(): AbortSignal {
    if (this.#signal === undefined) {
      const controller = new AbortController();
      const leftMs = this.#endsAt - this.#clock.monotonicMs();
      if (leftMs > 0) this.#clock.setTimer(Math.ceil(leftMs), () => controller.abort(timeoutReason()));
      else controller.abort(timeoutReason());
      this.#signal = this.#parent === undefined ? controller.signal : AbortSignal.any([controller.signal, this.#parent]);
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

  /**
   * Waits `ms` on the deadline's clock (a back-off between attempts): true once they have passed, false as
   * soon as the budget runs out or the parent aborts, so a pause never outlasts the deadline. Like every
   * timer of the clock, it does not keep the process alive: code with nothing else in flight holds it.
   */
  pause(ms: number): Promise<boolean> {
    if (this.expired) return Promise.resolve(false);
    const signal = this.signal;
    return new Promise((resolve) => {
      const onAbort = () => {
        cancel();
        resolve(false);
      };
      const cancel = this.#clock.setTimer(ms, () => {
        signal.removeEventListener('abort', onAbort);
        resolve(true);
      });
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  remainingMs(): number {
    return Math.max(0, Math.floor(this.#endsAt - this.#clock.monotonicMs()));
  }

  get expired(): boolean {
    return this.remainingMs() === 0 || (this.#parent?.aborted ?? false) || (this.#signal?.aborted ?? false);
  }
}

/** The reason `AbortSignal.timeout` aborts with: what runs on the signal can tell a spent budget from a cancellation. */
function timeoutReason(): DOMException {
  return new DOMException('The operation was aborted due to timeout', 'TimeoutError');
}
