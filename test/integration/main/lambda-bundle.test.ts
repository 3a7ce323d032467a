import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { TestIdentityServer, TokenFactory } from '#main/testing/index.js';

const run = promisify(execFile);

/** Requires the bundle in a fresh process and prints the handler's answer (or the error it threw) as JSON. */
const INVOKE = `
const { handler } = require('./lambda.js');
handler(JSON.parse(process.env.EVENT)).then(
  (answer) => process.stdout.write(JSON.stringify({ answer })),
  (error) => process.stdout.write(JSON.stringify({ thrown: error.name })),
);`;

describe('npm run bundle: the Lambda as one CommonJS file', function () {
  this.timeout(60_000);
  let dir: string;
  let identity: TestIdentityServer;
  let tokens: TokenFactory;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'c2c-bundle-'));
    await run(process.execPath, ['scripts/bundle.mjs', dir]);
    tokens = await TokenFactory.create({ issuer: 'https://idp.example.com', audience: 'connector-1' });
    identity = await TestIdentityServer.start({ keySet: tokens.jwks() });
  });
  after(async () => {
    await identity.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes lambda.js beside a package.json that marks it CommonJS', () => {
    expect(existsSync(join(dir, 'lambda.js'))).to.equal(true);
    expect(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))).to.deep.equal({ type: 'commonjs' });
  });

  it('answers ActivateUser with 200 in a process that has no node_modules', async () => {
    const token = await tokens.sign({ sub: 'user-77' });
    const event = {
      header: { auth: { token, type: 'OAuth2.0' } },
      payload: { operationName: 'AWS.ActivateUser', operationVersion: '1.0.0', connectorId: 'connector-1' },
    };
    const { stdout } = await run(process.execPath, ['-e', INVOKE], {
      cwd: dir,
      env: {
        PATH: process.env['PATH'] ?? '',
        EVENT: JSON.stringify(event),
        LOG_LEVEL: 'silent',
        C2C_JWKS_URI: identity.jwksUri,
        C2C_JWT_ISSUER: 'https://idp.example.com',
        C2C_JWT_AUDIENCE: 'connector-1',
      },
    });
    expect(JSON.parse(stdout)).to.deep.equal({
      answer: {
        header: { responseCode: 200 },
        payload: { responseMessage: 'Successfully activated user with connector-id connector-1.', userId: 'user-77' },
      },
    });
  });
});
