import { expect } from 'chai';
import { AxiosError, type AxiosResponse } from 'axios';
import { sendWithRetries } from '#adapters/outbound-http/send-with-retries.js';
import { Deadline } from '#application/deadline.js';
import { FakeClock } from '#main/testing/index.js';

function answer(status: number): AxiosResponse<string> {
  return { status, data: '', statusText: '', headers: {}, config: { headers: {} } } as AxiosResponse<string>;
}

function refused(): AxiosError {
  return new AxiosError('connect ECONNREFUSED', 'ECONNREFUSED');
}

describe('sendWithRetries', () => {
  let clock: FakeClock;

  beforeEach(() => {
    clock = new FakeClock();
  });

  /** The clock's time at each attempt, from the start. */
  function recordingAttempts(outcomes: (() => AxiosResponse<string>)[], last: () => AxiosResponse<string>) {
    const start = clock.monotonicMs();
    const sentAt: number[] = [];
    const send = async () => {
      sentAt.push(clock.monotonicMs() - start);
      return (outcomes.shift() ?? last)();
    };
    return { sentAt, send };
  }

  it('answers the first non-transient response without retrying', async () => {
    let calls = 0;
    const response = await sendWithRetries(Deadline.in(1000, clock), { maxRetries: 2 }, async () => {
      calls += 1;
      return answer(401);
    });
    expect(response.status).to.equal(401);
    expect(calls).to.equal(1);
  });

  it('retries 5xx, 429 and refused connections up to maxRetries, after pauses that double, and answers the success that follows', async () => {
    const { sentAt, send } = recordingAttempts([() => answer(503), () => answer(429), () => { throw refused(); }, () => answer(200)], () => answer(599));
    const sending = sendWithRetries(Deadline.in(1000, clock), { maxRetries: 3, baseDelayMs: 100, random: () => 0.5 }, send);
    await clock.advanceAsync(1000);
    expect((await sending).status).to.equal(200);
    expect(sentAt).to.deep.equal([0, 50, 150, 350]);
  });

  it('throws the last transient error once retries are spent', async () => {
    const { sentAt, send } = recordingAttempts([], () => { throw refused(); });
    const sending = sendWithRetries(Deadline.in(1000, clock), { maxRetries: 2, baseDelayMs: 10 }, send).catch((thrown: unknown) => thrown);
    await clock.advanceAsync(1000);
    expect(await sending).to.be.instanceOf(AxiosError);
    expect(sentAt).to.have.length(3);
  });

  it('does not retry a timeout or a cancellation: the budget is spent', async () => {
    let calls = 0;
    await sendWithRetries(Deadline.in(1000, clock), { maxRetries: 2 }, async () => {
      calls += 1;
      throw new AxiosError('timeout', 'ECONNABORTED');
    }).catch(() => undefined);
    expect(calls).to.equal(1);
  });

  it('passes each attempt the time left in the deadline', async () => {
    const timeouts: number[] = [];
    const sending = sendWithRetries(Deadline.in(800, clock), { maxRetries: 2, baseDelayMs: 50, random: () => 0.99 }, async (timeoutMs) => {
      timeouts.push(timeoutMs);
      return answer(500);
    });
    await clock.advanceAsync(800);
    await sending;
    expect(timeouts).to.deep.equal([800, 800 - 49, 800 - 49 - 99]);
  });

  it('never sleeps past the deadline: it stops when the pause would leave no room for an attempt', async () => {
    let calls = 0;
    const response = await sendWithRetries(Deadline.in(150, clock), { maxRetries: 5, baseDelayMs: 100, minAttemptMs: 100, random: () => 0.99 }, async () => {
      calls += 1;
      return answer(500);
    });
    expect(response.status).to.equal(500);
    expect(calls).to.equal(1);
    expect(clock.pendingTimers(), 'no pause was even started').to.equal(0);
  });

  it('stops pausing when the deadline\'s parent aborts, and answers the last response', async () => {
    const parent = new AbortController();
    let calls = 0;
    const sending = sendWithRetries(Deadline.in(1000, clock, parent.signal), { maxRetries: 3, baseDelayMs: 100, random: () => 0.99 }, async () => {
      calls += 1;
      return answer(503);
    });
    await clock.advanceAsync(0);
    parent.abort();
    expect((await sending).status).to.equal(503);
    expect(calls).to.equal(1);
  });
});
