import type { Clock } from '#application/ports/clock.js';

/** A clock that moves only when told to. */
export class FixedClock implements Clock {
  constructor(private current = new Date('2026-11-23T12:00:00Z')) {}

  now(): Date {
    return new Date(this.current);
  }

  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}
