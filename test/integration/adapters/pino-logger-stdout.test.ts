import { execFile, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect } from 'chai';

describe('PinoLogger on standard output', () => {
  it('has written each line when its call returns: a process killed right after loses none (a frozen Lambda neither)', async () => {
    const logger = fileURLToPath(new URL('../../../dist/adapters/logging/pino-logger.js', import.meta.url));
    const script = `
      const { PinoLogger } = await import(${JSON.stringify(logger)});
      const logger = PinoLogger.create();
      for (let invocation = 1; invocation <= 20; invocation += 1) logger.info('connector invocation', { invocation });
      process.kill(process.pid, 'SIGKILL');
    `;
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script]).catch(
      (error: { stdout?: string; signal?: string }) => {
        expect(error.signal).to.equal('SIGKILL');
        return { stdout: error.stdout ?? '' };
      },
    );
    const lines = stdout.trim().split('\n').map((line) => JSON.parse(line) as { msg: string; invocation: number });
    expect(lines.map((line) => [line.msg, line.invocation])).to.deep.equal(Array.from({ length: 20 }, (_, i) => ['connector invocation', i + 1]));
  });

  it('waits for a full pipe: 2,000 lines of 1 KB to a reader that pauses arrive whole and in order', async () => {
    const logger = fileURLToPath(new URL('../../../dist/adapters/logging/pino-logger.js', import.meta.url));
    // process.stdout touched first: libuv then makes the pipe non-blocking, and a full pipe answers EAGAIN.
    const script = `
      process.stdout;
      const { PinoLogger } = await import(${JSON.stringify(logger)});
      const logger = PinoLogger.create();
      for (let invocation = 1; invocation <= 2000; invocation += 1) logger.info('connector invocation', { invocation, padding: 'x'.repeat(1000) });
      process.kill(process.pid, 'SIGKILL');
    `;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const chunks: Buffer[] = [];
    child.stdout.pause();
    const closed = new Promise<void>((resolve) => child.on('close', () => resolve()));
    // The pipe holds 64 KiB: the writer fills it long before the reader starts.
    await new Promise((resolve) => setTimeout(resolve, 300));
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stdout.resume();
    await closed;
    const lines = Buffer.concat(chunks).toString('utf8').trim().split('\n').map((line) => JSON.parse(line) as { invocation: number; padding: string });
    expect(lines.map((line) => line.invocation)).to.deep.equal(Array.from({ length: 2000 }, (_, i) => i + 1));
    expect(lines.every((line) => line.padding.length === 1000)).to.equal(true);
  });

  it('buffered (the HTTP service), still has every line on stdout when the process exits', async () => {
    const logger = fileURLToPath(new URL('../../../dist/adapters/logging/pino-logger.js', import.meta.url));
    const script = `
      const { PinoLogger } = await import(${JSON.stringify(logger)});
      const { pino } = await import('pino');
      const logger = PinoLogger.create();
      logger.bufferWrites(pino.destination({ dest: 1, sync: false }));
      for (let request = 1; request <= 500; request += 1) logger.child({ entry: 'http' }).info('request', { request });
      process.exit(0);
    `;
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script]);
    const lines = stdout.trim().split('\n').map((line) => JSON.parse(line) as { request: number; entry: string });
    expect(lines.map((line) => line.request)).to.deep.equal(Array.from({ length: 500 }, (_, i) => i + 1));
    expect(lines.every((line) => line.entry === 'http')).to.equal(true);
  });
});
