import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import axios from 'axios';
import { sandboxArnOf, type AssociationAnswer } from '../../support/association-answer.js';
import { authorizeWithBrowserlessClient } from '../../support/authorize-with-browserless-client.js';
import { startSandboxProcess, type SandboxProcess } from '../../support/sandbox-process.js';

const http = axios.create({ validateStatus: () => true, maxRedirects: 0 });
const serverScript = fileURLToPath(new URL('../../../dist/main/server.js', import.meta.url));

/** Links the demo user the way the customer app would, with an HTTP-driven stand-in for the browser. */
async function linkDemoUser(sandbox: SandboxProcess): Promise<string> {
  const created = await http.post<AssociationAnswer>(`${sandbox.serviceUrl}/account-associations`);
  expect(created.status).to.equal(201);
  const callback = await authorizeWithBrowserlessClient({
    authorizationUrl: created.data.OAuthAuthorizationUrl,
    username: 'demo',
    password: 'demo-password',
    consent: 'allow',
  });
  const answer = await http.get(callback.toString());
  expect(answer.status).to.equal(302);
  expect(answer.headers['location']).to.equal(`${sandbox.serviceUrl}/app/linked`);
  return created.data.AccountAssociationId;
}

describe('sandbox process (npm start with no platform variables)', function () {
  this.timeout(30_000);
  let dataDir: string;
  const running: SandboxProcess[] = [];

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'c2c-sandbox-'));
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((sandbox) => sandbox.stop()));
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function start(): Promise<SandboxProcess> {
    const sandbox = await startSandboxProcess({ dataDir });
    running.push(sandbox);
    return sandbox;
  }

  it('prints the URL to open and the demo credentials, and no secret', async () => {
    const sandbox = await start();

    expect(sandbox.appUrl).to.equal(`${sandbox.serviceUrl}/app`);
    expect(sandbox.stdout).to.contain(`Open ${sandbox.appUrl} and press "Link account"`);
    expect(sandbox.stdout).to.contain('sign in as demo / demo-password');
    expect(sandbox.stdout).to.contain('ASSOCIATION_SUCCEEDED and the userId demo-user-1');
    expect(sandbox.stdout).to.contain(dataDir);
    // The data folder's random name is the only other variable text: a client secret or a JWT would stand out.
    expect(sandbox.stdout.replaceAll(dataDir, '')).not.to.match(/secret|eyJ/i);
    const page = await http.get(sandbox.appUrl);
    expect(page.status).to.equal(200);
    expect(page.data).to.contain('Link account');
  });

  it('keeps links across a restart on the same data folder', async () => {
    const first = await start();
    const id = await linkDemoUser(first);
    expect(await first.stop()).to.equal(0);

    const second = await start();
    const association = await http.get(`${second.serviceUrl}/account-associations/${id}`);

    expect(association.status).to.equal(200);
    expect(association.data).to.deep.equal({
      AccountAssociationId: id,
      AssociationState: 'ASSOCIATION_SUCCEEDED',
      Arn: sandboxArnOf(id),
      ConnectorDestinationId: 'default',
      OAuthAuthorizationUrl: '',
      UserId: 'demo-user-1',
    });
    expect(second.issuer).not.to.equal(first.issuer);
    await linkDemoUser(second);
  });

  it('runs against the real platform instead once a platform variable is set', async () => {
    const child = spawn(process.execPath, [serverScript], {
      env: { PATH: process.env['PATH'] ?? '', PORT: '0', C2C_DATA_DIR: dataDir, C2C_USERINFO_URL: 'https://idp.example.com/userinfo' },
    });
    let stdout = '';
    const address = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const match = /listening on (http:\/\/\S+)/.exec(stdout);
        if (match?.[1] !== undefined) resolve(match[1]);
      });
      child.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
    });
    try {
      expect(stdout).not.to.contain('sandbox');
      expect((await http.get(`${address}/app`)).status).to.equal(404);
      expect((await http.post(`${address}/account-associations`)).status).to.equal(404);
      expect((await http.get(`${address}/health`)).data).to.deep.equal({ status: 'ok' });
    } finally {
      child.kill('SIGTERM');
    }
  });
});
