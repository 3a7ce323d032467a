import { expect } from 'chai';
import { FakeClock } from '#main/testing/index.js';

describe('FakeClock (testing kit)', () => {
  const START = new Date('2030-05-01T08:00:00Z');

  it('starts at the given wall-clock time and stands still until advanced', () => {
    const clock = new FakeClock(START);
    expect(clock.now()).to.deep.equal(START);
    const monotonic = clock.monotonicMs();
    expect(clock.monotonicMs()).to.equal(monotonic);
    expect(clock.now()).to.deep.equal(START);
  });

  it('hands out a fresh Date each time: a caller that changes one does not move the clock', () => {
    const clock = new FakeClock(START);
    clock.now().setFullYear(1999);
    expect(clock.now()).to.deep.equal(START);
  });

  it('moves the wall and the monotonic clock together on advance', () => {
    const clock = new FakeClock(START);
    const before = clock.monotonicMs();
    clock.advance(1_500);
    expect(clock.monotonicMs() - before).to.equal(1_500);
    expect(clock.now().getTime() - START.getTime()).to.equal(1_500);
  });

  it('refuses to go back', () => {
    const clock = new FakeClock(START);
    expect(() => clock.advance(-1)).to.throw(RangeError);
    expect(() => clock.advance(Number.NaN)).to.throw(RangeError);
  });

  it('moves the wall clock alone on set; timers and monotonic time stay where they are', () => {
    const clock = new FakeClock(START);
    let fired = false;
    clock.setTimer(10, () => (fired = true));
    const monotonic = clock.monotonicMs();
    clock.set(new Date('2029-01-01T00:00:00Z'));
    expect(clock.now()).to.deep.equal(new Date('2029-01-01T00:00:00Z'));
    expect(clock.monotonicMs()).to.equal(monotonic);
    expect(fired).to.equal(false);
    clock.advance(10);
    expect(fired).to.equal(true);
    expect(clock.now()).to.deep.equal(new Date('2029-01-01T00:00:00.010Z'));
  });

  it('fires a timer once it is due, not before, and only once', () => {
    const clock = new FakeClock(START);
    let calls = 0;
    clock.setTimer(100, () => (calls += 1));
    clock.advance(99);
    expect(calls).to.equal(0);
    clock.advance(1);
    expect(calls).to.equal(1);
    clock.advance(1_000);
    expect(calls).to.equal(1);
    expect(clock.pendingTimers()).to.equal(0);
  });

  it('fires the timers due within one advance in order of due time, then of setting, each at its own time', () => {
    const clock = new FakeClock(START);
    const fired: [string, number][] = [];
    const at = (name: string) => () => fired.push([name, clock.now().getTime() - START.getTime()]);
    clock.setTimer(30, at('c'));
    clock.setTimer(10, at('a'));
    clock.setTimer(30, at('d'));
    clock.setTimer(20, at('b'));
    clock.setTimer(31, at('late'));
    clock.advance(30);
    expect(fired).to.deep.equal([['a', 10], ['b', 20], ['c', 30], ['d', 30]]);
    expect(clock.pendingTimers()).to.equal(1);
  });

  it('fires the timers that fired callbacks set when they fall due within the same advance', () => {
    const clock = new FakeClock(START);
    const fired: number[] = [];
    const every20 = () => {
      fired.push(clock.monotonicMs());
      clock.setTimer(20, every20);
    };
    const start = clock.monotonicMs();
    clock.setTimer(20, every20);
    clock.advance(70);
    expect(fired.map((at) => at - start)).to.deep.equal([20, 40, 60]);
    expect(clock.monotonicMs() - start).to.equal(70);
    expect(clock.pendingTimers()).to.equal(1);
  });

  it('fires a timer set with no delay (or a negative one) on the next advance, never at once', () => {
    const clock = new FakeClock(START);
    let calls = 0;
    clock.setTimer(0, () => (calls += 1));
    clock.setTimer(-5, () => (calls += 1));
    expect(calls).to.equal(0);
    clock.advance(0);
    expect(calls).to.equal(2);
  });

  it('cancels a timer through the function setTimer answers', () => {
    const clock = new FakeClock(START);
    let fired = false;
    const cancel = clock.setTimer(10, () => (fired = true));
    expect(clock.pendingTimers()).to.equal(1);
    cancel();
    cancel();
    expect(clock.pendingTimers()).to.equal(0);
    clock.advance(10);
    expect(fired).to.equal(false);
  });

  it('lets a callback cancel a timer due later in the same advance', () => {
    const clock = new FakeClock(START);
    let second = false;
    const cancelSecond = clock.setTimer(20, () => (second = true));
    clock.setTimer(10, () => cancelSecond());
    clock.advance(30);
    expect(second).to.equal(false);
  });

  it('stops with an error instead of looping when timers keep setting timers due at once', () => {
    const clock = new FakeClock(START);
    const again = () => void clock.setTimer(0, again);
    clock.setTimer(0, again);
    expect(() => clock.advance(1)).to.throw(/keep setting timers/);
  });

  describe('advanceAsync', () => {
    it('fires a timer that code sets after an await, when it falls due within the window', async () => {
      const clock = new FakeClock(START);
      const pause = (ms: number) => new Promise<void>((resolve) => clock.setTimer(ms, resolve));
      const steps: number[] = [];
      const start = clock.monotonicMs();
      const work = (async () => {
        for (let i = 0; i < 3; i += 1) {
          await pause(10);
          await Promise.resolve();
          steps.push(clock.monotonicMs() - start);
        }
      })();
      await clock.advanceAsync(25);
      expect(steps).to.deep.equal([10, 20]);
      await clock.advanceAsync(5);
      await work;
      expect(steps).to.deep.equal([10, 20, 30]);
    });

    it('refuses to go back', async () => {
      const error = await new FakeClock(START).advanceAsync(-1).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(RangeError);
    });
  });
});
