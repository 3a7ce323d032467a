import { expect } from 'chai';
import { Deadline } from '#application/deadline.js';
import { FakeClock } from '#main/testing/index.js';

describe('Deadline', () => {
  let clock: FakeClock;

  beforeEach(() => {
    clock = new FakeClock();
  });

  it('counts down on its clock and aborts its signal, as a timeout, when the budget is spent', () => {
    const deadline = Deadline.in(30.7, clock);
    expect(deadline.remainingMs()).to.equal(30);
    const signal = deadline.signal;
    clock.advance(29);
    expect(deadline.remainingMs()).to.equal(1);
    expect(signal.aborted).to.equal(false);
    expect(deadline.expired).to.equal(false);
    clock.advance(1);
    expect(signal.aborted).to.equal(true);
    expect((signal.reason as DOMException).name).to.equal('TimeoutError');
    expect(deadline.expired).to.equal(true);
    expect(deadline.remainingMs()).to.equal(0);
  });

  it('gives a signal that starts from what is left, even when asked for late', () => {
    const deadline = Deadline.in(40, clock);
    clock.advance(25);
    const signal = deadline.signal;
    clock.advance(14);
    expect(signal.aborted).to.equal(false);
    clock.advance(1);
    expect(signal.aborted).to.equal(true);
  });

  it('sets no timer until its signal is asked for: a request answered from cache pays for none', () => {
    const deadline = Deadline.in(1000, clock);
    expect(deadline.remainingMs()).to.equal(1000);
    expect(deadline.expired).to.equal(false);
    expect(clock.pendingTimers()).to.equal(0);
    void deadline.signal;
    void deadline.signal;
    expect(clock.pendingTimers()).to.equal(1);
  });

  it('runs on monotonic time: setting the wall clock back or forth changes nothing', () => {
    const deadline = Deadline.in(100, clock);
    clock.set(new Date('2020-01-01T00:00:00Z'));
    expect(deadline.remainingMs()).to.equal(100);
    clock.set(new Date('2030-01-01T00:00:00Z'));
    expect(deadline.expired).to.equal(false);
  });

  it('aborts with its parent', () => {
    const parent = new AbortController();
    const deadline = Deadline.in(10_000, clock, parent.signal);
    parent.abort();
    expect(deadline.expired).to.equal(true);
    expect(deadline.signal.aborted).to.equal(true);
  });

  it('is expired at once with no budget, and its signal is aborted from the start', () => {
    expect(Deadline.in(0, clock).expired).to.equal(true);
    expect(Deadline.in(-5, clock).remainingMs()).to.equal(0);
    expect(Deadline.in(0, clock).signal.aborted).to.equal(true);
    expect(clock.pendingTimers()).to.equal(0);
  });

  describe('race', () => {
    it('answers the work when it settles first', async () => {
      const deadline = Deadline.in(100, clock);
      expect(await deadline.race(Promise.resolve('done'), () => new Error('late'))).to.equal('done');
    });

    it('rejects with the out-of-time error once the budget runs out first', async () => {
      const deadline = Deadline.in(100, clock);
      const raced = deadline.race(new Promise(() => undefined), () => new Error('late'));
      clock.advance(100);
      const error = await raced.catch((e: unknown) => e);
      expect(error).to.be.instanceOf(Error).with.property('message', 'late');
    });

    it('rejects at once when the budget is already spent', async () => {
      const deadline = Deadline.in(10, clock);
      clock.advance(10);
      const error = await deadline.race(Promise.resolve('too late'), () => new Error('late')).catch((e: unknown) => e);
      expect(error).to.have.property('message', 'late');
    });
  });

  describe('pause', () => {
    it('resolves true once the pause has passed on the clock', async () => {
      const deadline = Deadline.in(1000, clock);
      let outcome: boolean | undefined;
      void deadline.pause(50).then((passed) => (outcome = passed));
      clock.advance(49);
      await Promise.resolve();
      expect(outcome).to.equal(undefined);
      clock.advance(1);
      await Promise.resolve();
      expect(outcome).to.equal(true);
    });

    it('resolves false as soon as the budget runs out first, and leaves no timer behind', async () => {
      const deadline = Deadline.in(30, clock);
      const paused = deadline.pause(500);
      clock.advance(30);
      expect(await paused).to.equal(false);
      expect(clock.pendingTimers()).to.equal(0);
    });

    it('resolves false when the parent aborts', async () => {
      const parent = new AbortController();
      const paused = Deadline.in(1000, clock, parent.signal).pause(100);
      parent.abort();
      expect(await paused).to.equal(false);
    });

    it('resolves false at once, without a timer, when the budget is already spent', async () => {
      const deadline = Deadline.in(5, clock);
      clock.advance(5);
      expect(await deadline.pause(1)).to.equal(false);
      expect(clock.pendingTimers()).to.equal(0);
    });
  });
});
