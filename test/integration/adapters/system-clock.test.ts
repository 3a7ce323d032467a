import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { SystemClock } from '#adapters/clock/system-clock.js';

const run = promisify(execFile);

/** Runs an ES module script in a fresh Node process and answers what it printed; `#…` names resolve to dist/. */
async function runScript(source: string): Promise<string> {
  const resolved = source.replace(/'(#[^']+)'/g, (_match, specifier: string) => `'${import.meta.resolve(specifier)}'`);
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', resolved], { timeout: 10_000 });
  return stdout.trim();
}

describe('SystemClock (real time)', () => {
  const clock = new SystemClock();

  it('moves its monotonic time forward and tells the wall-clock time', () => {
    const before = clock.monotonicMs();
    expect(clock.monotonicMs()).to.be.at.least(before);
    expect(Math.abs(clock.now().getTime() - Date.now())).to.be.below(1_000);
  });

  it('fires a timer after its delay, and not one that was cancelled', async () => {
    const fired: string[] = [];
    const cancel = clock.setTimer(5, () => fired.push('cancelled'));
    cancel();
    const setAt = clock.monotonicMs();
    await new Promise<void>((resolve) =>
      clock.setTimer(20, () => {
        fired.push('kept');
        resolve();
      }),
    );
    expect(clock.monotonicMs() - setAt).to.be.at.least(19);
    expect(fired).to.deep.equal(['kept']);
  });

  describe('and the life of the process', () => {
    it('never keeps the process alive: a pending timer, or a deadline\'s signal, lets it exit', async () => {
      const printed = await runScript(`
        import { SystemClock } from '#adapters/clock/system-clock.js';
        import { Deadline } from '#application/deadline.js';
        const clock = new SystemClock();
        clock.setTimer(60_000, () => console.log('timer fired'));
        Deadline.in(60_000, clock).signal.addEventListener('abort', () => console.log('deadline fired'));
        process.on('exit', () => console.log('exited'));
      `);
      expect(printed).to.equal('exited');
    });

    it('stays alive through a retry\'s pause when nothing else is in flight, and makes the retry', async () => {
      const printed = await runScript(`
        import { SystemClock } from '#adapters/clock/system-clock.js';
        import { Deadline } from '#application/deadline.js';
        import { sendWithRetries } from '#adapters/outbound-http/send-with-retries.js';
        const answers = [503, 200];
        const response = await sendWithRetries(Deadline.in(5_000, new SystemClock()), { maxRetries: 1, baseDelayMs: 50, random: () => 0.99 }, async () => ({ status: answers.shift() }));
        console.log('answered', response.status);
      `);
      expect(printed).to.equal('answered 200');
    });
  });
});
