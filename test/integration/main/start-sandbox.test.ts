import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { ConfigurationError } from '#main/config/configuration-error.js';
import { freePort } from '#main/sandbox/free-port.js';
import { startSandbox, type RunningSandbox } from '#main/sandbox/start-sandbox.js';

function occupy(port: number): Promise<Server | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(undefined));
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

/** A free port whose successor we hold, so that the authorization server cannot have it. */
async function portWithTakenSuccessor(): Promise<{ port: number; blocker: Server }> {
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const port = await freePort('127.0.0.1');
    if (port >= 65_535) continue;
    const blocker = await occupy(port + 1);
    if (blocker !== undefined) return { port, blocker };
  }
  throw new Error('No free pair of ports found.');
}

describe('startSandbox', function () {
  this.timeout(30_000);
  let dataDir: string;
  let sandbox: RunningSandbox | undefined;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'c2c-start-sandbox-'));
  });
  afterEach(async () => {
    await sandbox?.stop();
    sandbox = undefined;
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('puts the authorization server on PORT + 1 when PORT is fixed', async () => {
    let port = 0;
    for (let attempt = 0; attempt < 20 && port === 0; attempt += 1) {
      const candidate = await freePort('127.0.0.1');
      const probe = await occupy(candidate + 1);
      if (probe !== undefined) {
        await new Promise((resolve) => probe.close(resolve));
        port = candidate;
      }
    }

    sandbox = await startSandbox({ PORT: String(port), C2C_DATA_DIR: dataDir });

    expect(sandbox.serviceUrl).to.equal(`http://127.0.0.1:${port}`);
    expect(sandbox.appUrl).to.equal(`http://127.0.0.1:${port}/app`);
    expect(sandbox.issuer).to.equal(`http://127.0.0.1:${port + 1}`);
  });

  it('moves the authorization server to any free port when PORT + 1 is taken', async () => {
    const { port, blocker } = await portWithTakenSuccessor();
    try {
      sandbox = await startSandbox({ PORT: String(port), C2C_DATA_DIR: dataDir });
      expect(sandbox.serviceUrl).to.equal(`http://127.0.0.1:${port}`);
      expect(new URL(sandbox.issuer).port).not.to.equal(String(port + 1));
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  async function refusal(env: Record<string, string>): Promise<ConfigurationError> {
    try {
      sandbox = await startSandbox(env);
    } catch (error) {
      expect(error).to.be.instanceOf(ConfigurationError);
      return error as ConfigurationError;
    }
    expect.fail('the sandbox started');
  }

  it('names a wrong PORT instead of starting', async () => {
    const error = await refusal({ PORT: 'eighty', C2C_DATA_DIR: dataDir });
    expect(error.problems.map((problem) => problem.variable)).to.deep.equal(['PORT']);
  });

  it('names token lifetimes out of range instead of starting', async () => {
    const error = await refusal({ C2C_SANDBOX_ACCESS_TOKEN_TTL_S: '5', C2C_SANDBOX_REFRESH_TOKEN_TTL_S: 'a week', C2C_DATA_DIR: dataDir });
    expect(error.problems.map((problem) => problem.variable)).to.deep.equal(['C2C_SANDBOX_ACCESS_TOKEN_TTL_S', 'C2C_SANDBOX_REFRESH_TOKEN_TTL_S']);
  });

  it('names PORT when it is taken, and leaves nothing running', async () => {
    const port = await freePort('127.0.0.1');
    const blocker = await occupy(port);
    try {
      const error = await refusal({ PORT: String(port), C2C_DATA_DIR: dataDir });
      expect(error.message).to.contain(`PORT: ${port} is already in use`);
      const successor = await occupy(port + 1);
      expect(successor, 'the authorization server was stopped').not.to.equal(undefined);
      await new Promise((resolve) => successor?.close(resolve));
    } finally {
      await new Promise((resolve) => blocker?.close(resolve));
    }
  });
});
