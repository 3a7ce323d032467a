import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { TestIdentityServer, TokenFactory } from '#main/testing/index.js';
import { nodeRuntimes, templateRuntimeMajor } from '../../support/node-runtimes.js';

const run = promisify(execFile);

/**
 * Requires the bundle in a fresh process and prints the handler's answer (or the error it threw) as JSON,
 * with whether V8 took the code cache.
 */
const INVOKE = `
const entry = require('./lambda.js');
const codeCacheAccepted = entry[Symbol.for('c2c-account-linking.codeCache')].accepted;
entry.handler(JSON.parse(process.env.EVENT)).then(
  (answer) => process.stdout.write(JSON.stringify({ answer, codeCacheAccepted })),
  (error) => process.stdout.write(JSON.stringify({ thrown: error.name, codeCacheAccepted })),
);`;

describe('npm run bundle: the Lambda as one CommonJS bundle with its entry and code cache', function () {
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

  it('writes the entry, the bundle and its code cache beside a package.json that marks them CommonJS', () => {
    for (const file of ['lambda.js', 'connector.js', 'connector.js.cache']) expect(existsSync(join(dir, file)), file).to.equal(true);
    expect(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))).to.deep.equal({ type: 'commonjs' });
  });

  it('leaves out what only the HTTP entry and the embedded store need (fastify, dynalite), each replaced by a stand-in that says so', () => {
    const bundle = readFileSync(join(dir, 'connector.js'), 'utf8');
    expect(bundle).to.include('the embedded store is not in the Lambda bundle').and.include('the HTTP entry is not in the Lambda bundle');
    expect(bundle).to.not.include('abstract-level');
    expect(bundle).to.not.include('dynalite');
    expect(bundle).to.not.include('avvio');
  });

  it('loads at start none of the Node modules that axios, pino and sonic-boom import for what the connector never does', () => {
    const bundle = readFileSync(join(dir, 'connector.js'), 'utf8');
    for (const module of ['zlib', 'http2', 'assert', 'worker_threads']) expect(bundle, module).to.not.match(new RegExp(`require\\("(node:)?${module}"\\)`));
    expect(bundle).to.not.include('allowedNodeEnvironmentFlags');
  });

  it('makes the code cache with the Node.js of template.yaml\'s runtime, whichever Node.js runs npm run bundle', async () => {
    const cacheRuntime = templateRuntimeMajor();
    const others = nodeRuntimes().filter((node) => node.major !== cacheRuntime);
    const copy = mkdtempSync(join(tmpdir(), 'c2c-bundle-other-node-'));
    try {
      const { stdout } = await run(others[0]!.path, ['scripts/bundle.mjs', copy]);
      expect(stdout).to.contain(`for Node ${cacheRuntime}.`).and.contain(`(template.yaml: nodejs${cacheRuntime}.x)`);
      const runtime = nodeRuntimes().find((node) => node.major === cacheRuntime)!;
      expect(await activate(copy, runtime.path)).to.deep.equal({ answer: activated, codeCacheAccepted: true });
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });

  for (const node of nodeRuntimes()) {
    const taken = node.major === templateRuntimeMajor();
    it(`answers ActivateUser with 200 on Node.js ${node.major} in a process that has no node_modules, ${taken ? 'with the code cache taken (the template\'s runtime)' : 'the code cache rejected (made by another Node.js)'}`, async () => {
      expect(await activate(dir, node.path)).to.deep.equal({ answer: activated, codeCacheAccepted: taken });
    });
  }

  for (const [label, spoil] of [
    ['without its code cache', (copy: string) => rmSync(join(copy, 'connector.js.cache'))],
    ['with a code cache V8 rejects (another Node.js made it)', (copy: string) => writeFileSync(join(copy, 'connector.js.cache'), randomBytes(4096))],
  ] as const) {
    it(`answers the same ${label}`, async () => {
      const copy = mkdtempSync(join(tmpdir(), 'c2c-bundle-copy-'));
      try {
        cpSync(dir, copy, { recursive: true });
        spoil(copy);
        expect(await activate(copy)).to.deep.equal({ answer: activated, codeCacheAccepted: false });
      } finally {
        rmSync(copy, { recursive: true, force: true });
      }
    });
  }

  it('fetches the key set while the Lambda initialises, before any invocation', async () => {
    const jwksRequests = () => identity.requests.filter((request) => request.url.endsWith('/jwks.json')).length;
    const before = jwksRequests();
    await run(process.execPath, ['-e', "require('./lambda.js'); setTimeout(() => {}, 300);"], { cwd: dir, env: lambdaEnv() });
    expect(jwksRequests() - before).to.equal(1);
  });

  const activated = {
    header: { responseCode: 200 },
    payload: { responseMessage: 'Successfully activated user with connector-id connector-1.', userId: 'user-77' },
  };

  async function activate(bundleDir: string, node = process.execPath): Promise<unknown> {
    const token = await tokens.sign({ sub: 'user-77' });
    const event = {
      header: { auth: { token, type: 'OAuth2.0' } },
      payload: { operationName: 'AWS.ActivateUser', operationVersion: '1.0.0', connectorId: 'connector-1' },
    };
    const { stdout } = await run(node, ['-e', INVOKE], {
      cwd: bundleDir,
      env: { ...lambdaEnv(), EVENT: JSON.stringify(event) },
    });
    return JSON.parse(stdout);
  }

  function lambdaEnv(): NodeJS.ProcessEnv {
    return {
      PATH: process.env['PATH'] ?? '',
      LOG_LEVEL: 'silent',
      C2C_JWKS_URI: identity.jwksUri,
      C2C_JWT_ISSUER: 'https://idp.example.com',
      C2C_JWT_AUDIENCE: 'connector-1',
    };
  }
});
