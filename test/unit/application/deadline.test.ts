import { expect } from 'chai';
import { SystemClock } from '#adapters/clock/system-clock.js';
import { Deadline } from '#application/deadline.js';

const clock = new SystemClock();

describe('Deadline', () => {
  it('counts down and aborts its signal when the budget is spent', async () => {
    const deadline = Deadline.in(30.7, clock);
    expect(deadline.remainingMs()).to.be.within(1, 30);
    expect(deadline.signal.aborted).to.equal(false);
    await new Promise((resolve) => deadline.signal.addEventListener('abort', resolve, { once: true }));
    expect(deadline.expired).to.equal(true);
    expect(deadline.remainingMs()).to.equal(0);
  });

  it('gives a signal that starts from what is left, even when asked for late', async () => {
    const deadline = Deadline.in(40, clock);
    await new Promise((resolve) => setTimeout(resolve, 25));
    const started = performance.now();
    await new Promise((resolve) => deadline.signal.addEventListener('abort', resolve, { once: true }));
    expect(performance.now() - started).to.be.lessThan(35);
  });

  it('aborts with its parent', () => {
    const parent = new AbortController();
    const deadline = Deadline.in(10_000, clock, parent.signal);
    parent.abort();
    expect(deadline.expired).to.equal(true);
    expect(deadline.signal.aborted).to.equal(true);
  });

  it('is expired at once with no budget', () => {
    expect(Deadline.in(0, clock).expired).to.equal(true);
    expect(Deadline.in(-5, clock).remainingMs()).to.equal(0);
  });
});
