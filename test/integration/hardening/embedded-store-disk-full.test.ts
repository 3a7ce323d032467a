import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, rmdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import axios, { type AxiosInstance } from 'axios';
import { expect } from 'chai';
import type { ConnectorResponseEnvelope } from '#adapters/connector-envelope/connector-response.js';
import { FastifyServer } from '#adapters/http/fastify-server.js';
import { HealthRoutes } from '#adapters/http/health-routes.js';
import { AccessToken } from '#domain/access-token.js';
import { loadConfig } from '#main/config/load-config.js';
import { createConnector, type Connector } from '#main/create-connector.js';
import { stubConnectorClient } from '#main/testing/index.js';
import { activateUserEnvelope } from '../../support/envelopes.js';
import { MemoryLog } from '../../support/memory-log.js';

const TMPFS_SIZE = '4m';

/** Fills what is left of the file system under `folder` with one file; ENOSPC is the point. */
async function fillDisk(ballast: string): Promise<void> {
  try {
    await writeFile(ballast, Buffer.alloc(64 * 1024 * 1024));
  } catch (error) {
    if (!(error instanceof Error && 'code' in error && error.code === 'ENOSPC')) throw error;
    return;
  }
  throw new Error('the ballast fitted: the file system is larger than the test assumes');
}

describe('The embedded store on a full disk (a small tmpfs)', function () {
  this.timeout(60_000);
  let mountPoint: string | undefined;
  let connector: Connector | undefined;
  let http: AxiosInstance;
  const log = new MemoryLog();

  before(async function () {
    if (process.getuid?.() !== 0) {
      // `.ci/run` runs as root; elsewhere there is no tmpfs to fill without privileges.
      console.log('      skipped: mounting a tmpfs needs root, and this process is not root');
      this.skip();
    }
    mountPoint = await mkdtemp(join(tmpdir(), 'c2c-disk-full-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${TMPFS_SIZE}`, 'tmpfs', mountPoint]);
    const connectorClient = stubConnectorClient();
    connectorClient.activateUser.resolves({ userId: 'user-1' });
    connector = createConnector(
      loadConfig({
        LOG_LEVEL: 'silent',
        PORT: '0',
        C2C_USERINFO_URL: 'http://127.0.0.1:9/userinfo',
        C2C_AUTHORIZATION_URL: 'https://idp.example.com/authorize',
        C2C_TOKEN_URL: 'https://idp.example.com/token',
        C2C_CLIENT_ID: 'client-1',
        C2C_CLIENT_SECRET: 'client-secret',
        C2C_CALLBACK_URL: 'https://connector.example.com/oauth/callback',
        C2C_OAUTH_REDIRECT_URL: 'https://app.example.com/linked',
        C2C_DATA_DIR: join(mountPoint, 'data'),
      }),
      {
        ports: {
          logger: log.logger,
          connectorClient,
          tokenExchanger: { exchange: () => Promise.resolve({ accessToken: AccessToken.of('access-1'), refreshToken: undefined, expiresAt: undefined }) },
        },
      },
    );
    const base = await connector.listen();
    http = axios.create({ baseURL: base, validateStatus: () => true, maxRedirects: 0, proxy: false });
  });

  after(async () => {
    // A store that failed badly may never close: the mount goes anyway (lazily, once nothing holds it).
    await Promise.race([connector?.close(), new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
    if (mountPoint !== undefined) {
      execFileSync('umount', ['-l', mountPoint]);
      await rmdir(mountPoint);
    }
  });

  it('answers a failed write 503 PERSISTENCE_UNAVAILABLE, keeps serving, reports the store degraded, and writes again once there is room', async () => {
    const folder = mountPoint as string;
    const before = await http.post<{ AccountAssociationId: string; OAuthAuthorizationUrl: string }>('/account-associations');
    expect(before.status).to.equal(201);
    const pendingState = new URL(before.data.OAuthAuthorizationUrl).searchParams.get('state') ?? '';
    expect((await http.get('/health')).data).to.deep.equal({ status: 'ok' });

    const ballast = join(folder, 'ballast');
    await fillDisk(ballast);

    let refused: { status: number; headers: Readonly<Record<string, unknown>>; data: unknown } | undefined;
    for (let attempt = 0; attempt < 20 && refused === undefined; attempt++) {
      const response = await http.post('/account-associations');
      if (response.status !== 201) refused = response;
    }
    expect(refused?.status, 'a write on a full disk').to.equal(503);
    expect(refused?.headers['x-amzn-errortype']).to.equal('ServiceUnavailableException');
    expect(refused?.data).to.deep.equal({ Message: "The embedded store's write failed (LEVEL_IO_ERROR)." });

    expect((await http.get('/health')).data).to.deep.equal({ status: 'degraded', store: 'writes failing' });
    // Reads, the connector and the callback still answer.
    expect((await http.get(`/account-associations/${before.data.AccountAssociationId}`)).data).to.deep.include({
      AssociationState: 'ASSOCIATION_IN_PROGRESS',
    });
    const connectorAnswer = await http.post<ConnectorResponseEnvelope>('/connector', activateUserEnvelope('not-a-known-token'));
    expect(connectorAnswer.data.header.responseCode).to.be.oneOf([401, 503]);
    const callback = await http.get(`/oauth/callback?state=${encodeURIComponent(pendingState)}&code=code-1`);
    expect(callback.status).to.equal(302);
    expect(new URL(String(callback.headers['location'])).searchParams.get('error')).to.equal('temporarily_unavailable');

    await rm(ballast);
    expect((await http.get('/health')).data).to.deep.equal({ status: 'ok' });
    expect((await http.post('/account-associations')).status).to.equal(201);
    // The round trip refused while the disk was full is whole again: its state still works.
    const retried = await http.get(`/oauth/callback?state=${encodeURIComponent(pendingState)}&code=code-1`);
    expect(String(retried.headers['location'])).to.equal('https://app.example.com/linked');
    expect((await http.get(`/account-associations/${before.data.AccountAssociationId}`)).data).to.deep.include({
      AssociationState: 'ASSOCIATION_SUCCEEDED',
      UserId: 'user-1',
    });
  });
});

describe('GET /health and the link store', () => {
  it('answers 200 degraded, not cacheable, while the store says its writes fail, and ok again after', async () => {
    let health: 'ok' | 'degraded' = 'degraded';
    const server = new FastifyServer([new HealthRoutes(() => Promise.resolve(health))], { host: '127.0.0.1', port: 0 }, new MemoryLog().logger);
    await server.ready();
    try {
      const degraded = await server.app.inject({ method: 'GET', url: '/health' });
      expect(degraded.statusCode).to.equal(200);
      expect(degraded.headers['cache-control']).to.equal('no-store');
      expect(degraded.json()).to.deep.equal({ status: 'degraded', store: 'writes failing' });
      health = 'ok';
      expect((await server.app.inject({ method: 'GET', url: '/health' })).json()).to.deep.equal({ status: 'ok' });
    } finally {
      await server.close();
    }
  });
});
