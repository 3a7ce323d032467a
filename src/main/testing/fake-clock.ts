import type { Clock } from '../../application/ports/clock.js';

interface PendingTimer {
  readonly dueAt: number;
  /** Order of scheduling: timers due at the same time fire in the order they were set. */
  readonly sequence: number;
  readonly callback: () => void;
}

/** Timers that keep scheduling timers due at once would make `advance` loop forever: it stops with an error instead. */
const MAX_TIMERS_PER_ADVANCE = 100_000;

/**
 * A Clock that moves only when told to, so that tests of time to live, cooldowns, deadlines and back-offs
 * never sleep. `advance(ms)` moves the wall and the monotonic clock together and fires every timer that
 * falls due on the way, in order, at its own time (timers set by those callbacks included, when they fall
 * due within the same advance). `set(date)` moves the wall clock alone, as a clock correction would.
 */
export class FakeClock implements Clock {
  #wallMs: number;
  #monotonicMs = 0;
  #sequence = 0;
  #timers: PendingTimer[] = [];

  /** @param start the wall-clock time the clock shows first. Default 2026-11-23T12:00:00Z. */
  constructor(start: Date = new Date('2026-11-23T12:00:00Z')) {
    this.#wallMs = start.getTime();
  }

  now(): Date {
    return new Date(this.#wallMs);
  }

  monotonicMs(): number {
    return this.#monotonicMs;
  }

  setTimer(delayMs: number, callback: () => void): () => void {
    const timer: PendingTimer = {
      dueAt: this.#monotonicMs + (delayMs > 0 ? delayMs : 0),
      sequence: (this.#sequence += 1),
      callback,
    };
    this.#timers.push(timer);
    return () => {
      this.#timers = this.#timers.filter((pending) => pending !== timer);
    };
  }

  /** Moves both clocks `ms` forward, firing the timers that fall due on the way (never one set later than `ms` ahead). */
  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`FakeClock.advance: ${ms} is not a duration (a monotonic clock never goes back).`);
    const target = this.#monotonicMs + ms;
    for (let fired = 0; ; fired += 1) {
      const next = this.#nextDueBy(target);
      if (next === undefined) break;
      if (fired === MAX_TIMERS_PER_ADVANCE) throw new Error('FakeClock.advance: timers keep setting timers that are due at once.');
      this.#fire(next);
    }
    this.#moveTo(target);
  }

  /**
   * `advance`, for code that sets its next timer after an `await`: before each due timer and at the end,
   * pending promise callbacks run (the event loop turns once), so a timer they set within the window fires too.
   */
  async advanceAsync(ms: number): Promise<void> {
    if (!(ms >= 0)) throw new RangeError(`FakeClock.advanceAsync: ${ms} is not a duration (a monotonic clock never goes back).`);
    const target = this.#monotonicMs + ms;
    for (let fired = 0; ; fired += 1) {
      await turnOfTheEventLoop();
      const next = this.#nextDueBy(target);
      if (next === undefined) break;
      if (fired === MAX_TIMERS_PER_ADVANCE) throw new Error('FakeClock.advanceAsync: timers keep setting timers that are due at once.');
      this.#fire(next);
    }
    this.#moveTo(target);
  }

  /** Sets the wall clock (it may go back); the monotonic clock and the timers do not move. */
  set(date: Date): void {
    this.#wallMs = date.getTime();
  }

  /** How many timers are set and not yet fired or cancelled. */
  pendingTimers(): number {
    return this.#timers.length;
  }

  #nextDueBy(target: number): PendingTimer | undefined {
    let next: PendingTimer | undefined;
    for (const timer of this.#timers) {
      if (timer.dueAt > target) continue;
      if (next === undefined || timer.dueAt < next.dueAt || (timer.dueAt === next.dueAt && timer.sequence < next.sequence)) next = timer;
    }
    return next;
  }

  #fire(timer: PendingTimer): void {
    this.#timers = this.#timers.filter((pending) => pending !== timer);
    this.#moveTo(timer.dueAt);
    timer.callback();
  }

  #moveTo(monotonicMs: number): void {
    if (monotonicMs <= this.#monotonicMs) return;
    this.#wallMs += monotonicMs - this.#monotonicMs;
    this.#monotonicMs = monotonicMs;
  }
}

function turnOfTheEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
