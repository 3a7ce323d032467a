import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import axios from 'axios';
import { AUTHORIZATION_EXPIRED } from '#domain/account-link.js';
import { DEFAULT_CLAIM_MARGIN_MS } from '#application/complete-linking.js';
import { freePort } from '#main/sandbox/free-port.js';
import type { AssociationAnswer } from '../../support/association-answer.js';
import { LevelAccountLinkRepository } from '#adapters/persistence/level-account-link-repository.js';
import { EMBEDDED_STORE_FOLDER } from '#main/open-account-link-store.js';

const serverScript = fileURLToPath(new URL('../../../dist/main/server.js', import.meta.url));
const http = axios.create({ validateStatus: () => true, maxRedirects: 0 });
const LINKING_DEADLINE_MS = 1000;
const ASSOCIATIONS = 3;

/** A token endpoint that takes every request and never answers: the exchange is under way when the process dies. */
async function hangingTokenEndpoint(): Promise<{ url: string; received: () => number; stop: () => Promise<void> }> {
  let received = 0;
  const server: Server = createServer(() => (received += 1));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/token`,
    received: () => received,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** `node dist/main/server.js` configured for the linking flow, on the embedded store in `dataDir`. */
async function startServer(env: Record<string, string>): Promise<{ child: ChildProcessWithoutNullStreams; baseUrl: string }> {
  const child = spawn(process.execPath, [serverScript], { env: { PATH: process.env['PATH'] ?? '', ...env } });
  const baseUrl = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(stdout);
      if (match?.[1] !== undefined) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`The server exited with ${code}. stderr:\n${stderr}`)));
  });
  return { child, baseUrl };
}

function exitOf(child: ChildProcessWithoutNullStreams): Promise<unknown> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', resolve));
}

async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const giveUpAt = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > giveUpAt) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('a server killed between the callback\'s claim and its final write (kill -9, restart on the same data folder)', function () {
  this.timeout(60_000);
  let dataDir: string;
  let tokenEndpoint: Awaited<ReturnType<typeof hangingTokenEndpoint>>;
  let running: ChildProcessWithoutNullStreams | undefined;

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'c2c-crash-'));
    tokenEndpoint = await hangingTokenEndpoint();
  });

  after(async () => {
    if (running !== undefined) {
      running.kill('SIGKILL');
      await exitOf(running);
    }
    await tokenEndpoint.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('leaves no association in progress past its claim\'s deadline: each becomes ASSOCIATION_FAILED, saying the authorization expired', async () => {
    const port = await freePort('127.0.0.1');
    const env = {
      LOG_LEVEL: 'silent',
      PORT: String(port),
      C2C_DATA_DIR: dataDir,
      C2C_USERINFO_URL: 'http://127.0.0.1:9/userinfo',
      C2C_AUTHORIZATION_URL: 'http://127.0.0.1:9/authorize',
      C2C_TOKEN_URL: tokenEndpoint.url,
      C2C_CLIENT_ID: 'client-1',
      C2C_CLIENT_SECRET: 'secret-1',
      C2C_CALLBACK_URL: `http://127.0.0.1:${port}/oauth/callback`,
      C2C_OAUTH_REDIRECT_URL: 'http://127.0.0.1:9/linked',
      C2C_LINKING_DEADLINE_MS: String(LINKING_DEADLINE_MS),
    };
    const first = await startServer(env);
    running = first.child;
    const ids: string[] = [];
    const callbacksSentAt = Date.now();
    for (let i = 0; i < ASSOCIATIONS; i++) {
      const created = await http.post<AssociationAnswer>(`${first.baseUrl}/account-associations`);
      const state = new URL(created.data.OAuthAuthorizationUrl).searchParams.get('state') ?? '';
      ids.push(created.data.AccountAssociationId);
      // The callback claims the round trip, then waits on the exchange; it never answers.
      http.get(`${first.baseUrl}/oauth/callback?code=code-${i}&state=${encodeURIComponent(state)}`).catch(() => undefined);
    }
    await until(() => tokenEndpoint.received() === ASSOCIATIONS, 'every exchange to reach the token endpoint');
    // Every claim was made after the callbacks were sent, so no claim's deadline comes before this.
    const earliestDeadline = callbacksSentAt + LINKING_DEADLINE_MS + DEFAULT_CLAIM_MARGIN_MS;

    first.child.kill('SIGKILL');
    await exitOf(first.child);
    const second = await startServer(env);
    running = second.child;

    const seen = new Map<string, string[]>(ids.map((id) => [id, []]));
    const giveUpAt = Date.now() + LINKING_DEADLINE_MS + DEFAULT_CLAIM_MARGIN_MS + 15_000;
    const failed = new Map<string, AssociationAnswer>();
    while (failed.size < ASSOCIATIONS && Date.now() < giveUpAt) {
      for (const id of ids.filter((candidate) => !failed.has(candidate))) {
        const readAt = Date.now();
        const answer = await http.get<AssociationAnswer>(`${second.baseUrl}/account-associations/${id}`);
        seen.get(id)?.push(answer.data.AssociationState);
        if (readAt < earliestDeadline - 50) expect(answer.data.AssociationState, 'before the claim\'s deadline').to.equal('ASSOCIATION_IN_PROGRESS');
        if (answer.data.AssociationState === 'ASSOCIATION_FAILED') failed.set(id, answer.data);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }

    for (const id of ids) {
      const states = seen.get(id) ?? [];
      const told = `${id} read ${states.length} times: ${[...new Set(states)].join(', ')}`;
      expect(states.at(-1), told).to.equal('ASSOCIATION_FAILED');
      expect(states.slice(0, -1).every((state) => state === 'ASSOCIATION_IN_PROGRESS'), told).to.equal(true);
      expect(failed.get(id)).to.deep.include({ AccountAssociationId: id, ErrorMessage: AUTHORIZATION_EXPIRED });
    }
    // Stored so, not only reported: the items in the data folder say ASSOCIATION_FAILED, with no claim left.
    second.child.kill('SIGKILL');
    await exitOf(second.child);
    running = undefined;
    const store = await LevelAccountLinkRepository.open({ path: join(dataDir, EMBEDDED_STORE_FOLDER) });
    try {
      for (const id of ids) {
        const stored = await store.findById(id);
        expect(stored?.state).to.equal('ASSOCIATION_FAILED');
        expect(stored?.claimExpiresAt).to.equal(undefined);
      }
    } finally {
      await store.close();
    }
  });
});
