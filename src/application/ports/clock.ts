/** Port: time, so that expiry rules, budgets and back-offs can be tested with a fake clock instead of waiting. */
export interface Clock {
  /** Wall-clock time: expiry instants and stored timestamps. */
  now(): Date;
  /** Milliseconds on a clock that never goes back (performance.now() in production): budgets, ages, cooldowns. */
  monotonicMs(): number;
  /** Calls `callback` once after `delayMs` on this clock; the returned function cancels it. Never keeps the process alive. */
  setTimer(delayMs: number, callback: () => void): () => void;
}
