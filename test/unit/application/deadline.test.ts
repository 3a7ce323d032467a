import { expect } from 'chai';
import { Deadline } from '#application/deadline.js';

describe('Deadline', () => {
  it('counts down and aborts its signal when the budget is spent', async () => {
    const deadline = Deadline.in(30.7);
    expect(deadline.remainingMs()).to.be.within(1, 30);
    expect(deadline.signal.aborted).to.equal(false);
    await new Promise((resolve) => deadline.signal.addEventListener('abort', resolve, { once: true }));
    expect(deadline.expired).to.equal(true);
    expect(deadline.remainingMs()).to.equal(0);
  });

  it('gives a signal that starts from what is left, even when asked for late', async () => {
    const deadline = Deadline.in(40);
    await new Promise((resolve) => setTimeout(resolve, 25));
    const started = performance.now();
    await new Promise((resolve) => deadline.signal.addEventListener('abort', resolve, { once: true }));
    expect(performance.now() - started).to.be.lessThan(35);
  });

  it('aborts with its parent', () => {
    const parent = new AbortController();
    const deadline = Deadline.in(10_000, parent.signal);
    parent.abort();
    expect(deadline.expired).to.equal(true);
    expect(deadline.signal.aborted).to.equal(true);
  });

  it('is expired at once with no budget', () => {
    expect(Deadline.in(0).expired).to.equal(true);
    expect(Deadline.in(-5).remainingMs()).to.equal(0);
  });
});
