/**
 * One time budget shared by every upstream call of a request. Adapters size their timeouts from
 * `remainingMs()` and pass `signal` to what they call, so nothing outlives the budget.
 */
export class Deadline {
  readonly signal: AbortSignal;
  readonly #endsAt: number;

  private constructor(budgetMs: number, parent: AbortSignal | undefined) {
    const budget = Math.max(0, Math.floor(budgetMs));
    this.#endsAt = performance.now() + budget;
    const timeout = AbortSignal.timeout(Math.max(1, budget));
    this.signal = parent === undefined ? timeout : AbortSignal.any([timeout, parent]);
  }

  static in(budgetMs: number, parent?: AbortSignal): Deadline {
    return new Deadline(budgetMs, parent);
  }

  remainingMs(): number {
    return Math.max(0, Math.floor(this.#endsAt - performance.now()));
  }

  get expired(): boolean {
    return this.signal.aborted || this.remainingMs() === 0;
  }
}
