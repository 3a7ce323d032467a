import { expect } from 'chai';
import { AxiosError, type AxiosResponse } from 'axios';
import { sendWithRetries } from '#adapters/outbound-http/send-with-retries.js';
import { SystemClock } from '#adapters/clock/system-clock.js';
import { Deadline } from '#application/deadline.js';

const clock = new SystemClock();

function answer(status: number): AxiosResponse<string> {
  return { status, data: '', statusText: '', headers: {}, config: { headers: {} } } as AxiosResponse<string>;
}

function refused(): AxiosError {
  return new AxiosError('connect ECONNREFUSED', 'ECONNREFUSED');
}

describe('sendWithRetries', () => {
  it('answers the first non-transient response without retrying', async () => {
    let calls = 0;
    const response = await sendWithRetries(Deadline.in(1000, clock), { maxRetries: 2 }, async () => {
      calls += 1;
      return answer(401);
    });
    expect(response.status).to.equal(401);
    expect(calls).to.equal(1);
  });

  it('retries 5xx, 429 and refused connections up to maxRetries, and answers the success that follows', async () => {
    const outcomes: (() => AxiosResponse<string>)[] = [() => answer(503), () => answer(429), () => { throw refused(); }, () => answer(200)];
    let calls = 0;
    const response = await sendWithRetries(Deadline.in(1000, clock), { maxRetries: 3, baseDelayMs: 1 }, async () => {
      calls += 1;
      return (outcomes.shift() ?? (() => answer(599)))();
    });
    expect(response.status).to.equal(200);
    expect(calls).to.equal(4);
  });

  it('throws the last transient error once retries are spent', async () => {
    let calls = 0;
    const error = await sendWithRetries(Deadline.in(1000, clock), { maxRetries: 2, baseDelayMs: 1 }, async () => {
      calls += 1;
      throw refused();
    }).catch((thrown: unknown) => thrown);
    expect(error).to.be.instanceOf(AxiosError);
    expect(calls).to.equal(3);
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
    await sendWithRetries(Deadline.in(800, clock), { maxRetries: 2, baseDelayMs: 50, random: () => 0.99 }, async (timeoutMs) => {
      timeouts.push(timeoutMs);
      return answer(500);
    });
    expect(timeouts).to.have.length(3);
    expect(timeouts[0]).to.be.within(700, 800);
    expect(timeouts[2]).to.be.below(timeouts[1] ?? 0);
  });

  it('never sleeps past the deadline: it stops when the pause would leave no room for an attempt', async () => {
    let calls = 0;
    const startedAt = performance.now();
    await sendWithRetries(Deadline.in(150, clock), { maxRetries: 5, baseDelayMs: 100, minAttemptMs: 100, random: () => 0.99 }, async () => {
      calls += 1;
      return answer(500);
    });
    expect(performance.now() - startedAt).to.be.below(150);
    expect(calls).to.equal(1);
  });
});
