import { execFile } from 'node:child_process';
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

  it('buffered (the HTTP service), still has every line on stdout when the process exits', async () => {
    const logger = fileURLToPath(new URL('../../../dist/adapters/logging/pino-logger.js', import.meta.url));
    const script = `
      const { PinoLogger } = await import(${JSON.stringify(logger)});
      const logger = PinoLogger.create();
      logger.bufferWrites();
      for (let request = 1; request <= 500; request += 1) logger.child({ entry: 'http' }).info('request', { request });
      process.exit(0);
    `;
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script]);
    const lines = stdout.trim().split('\n').map((line) => JSON.parse(line) as { request: number; entry: string });
    expect(lines.map((line) => line.request)).to.deep.equal(Array.from({ length: 500 }, (_, i) => i + 1));
    expect(lines.every((line) => line.entry === 'http')).to.equal(true);
  });
});
