import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import axios from 'axios';

const serverScript = fileURLToPath(new URL('../../../dist/main/server.js', import.meta.url));

interface Exit {
  readonly code: number | null;
  readonly stderr: string;
}

function runUntilExit(env: Record<string, string>): Promise<Exit> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [serverScript], { env: { PATH: process.env['PATH'] ?? '', ...env } });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

describe('server process (node dist/main/server.js)', () => {
  it('refuses to start with a message naming the misconfigured variable', async () => {
    const exit = await runUntilExit({ C2C_USERINFO_URL: 'http://idp.example.com/userinfo', C2C_DEADLINE_MS: 'x' });
    expect(exit.code).to.equal(1);
    expect(exit.stderr).to.contain('C2C_USERINFO_URL: must be an https URL');
    expect(exit.stderr).to.contain('C2C_DEADLINE_MS: must be a whole number');
  });

  it('starts on the configured port, answers /health, and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, [serverScript], {
      env: { PATH: process.env['PATH'] ?? '', C2C_USERINFO_URL: 'https://idp.example.com/userinfo', PORT: '0' },
    });
    const address = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        const match = /listening on (http:\/\/\S+)/.exec(chunk.toString());
        if (match?.[1] !== undefined) resolve(match[1]);
      });
      child.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
    });
    const health = await axios.get(`${address}/health`);
    expect(health.data).to.deep.equal({ status: 'ok' });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).to.equal(0);
  });
});
