import type { Clock } from '../../application/ports/clock.js';

/** The process's clocks: `Date` for the wall, `performance.now()` for durations, unref'ed timers. */
export class SystemClock implements Clock {
  now(): Date {
    return new Date();
  }

  monotonicMs(): number {
    return performance.now();
  }

  setTimer(delayMs: number, callback: () => void): () => void {
    const timer = setTimeout(callback, delayMs);
    // A pending budget or back-off must not hold a Lambda or a test run open.
    timer.unref();
    return () => clearTimeout(timer);
  }
}
