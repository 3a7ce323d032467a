import { spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { consumerLockfile, type Lockfile, type Manifest } from '../../support/consumer-lockfile.js';

const repository = fileURLToPath(new URL('../../../', import.meta.url));
const fixture = join(repository, 'test', 'consumer-fixture');

/** What `npm pack` needs from a clone: the manifest, what `files` lists, and the inputs of `prepack`. */
const PACK_INPUTS = ['package.json', 'README.md', 'LICENSE', 'tsconfig.json', 'tsconfig.base.json', 'src'];
/** What the consumer compiles and tests with, at the versions this repository's lock pins (so `npm ci` cached them). */
const CONSUMER_TOOLS = ['typescript', '@types/node', 'mocha', '@types/mocha', 'chai', '@types/chai', 'sinon', '@types/sinon'];
/** The tests in test/consumer-fixture/src. */
const CONSUMER_TESTS = 11;

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

interface PackResult {
  readonly filename: string;
  readonly size: number;
  readonly entryCount: number;
  readonly files: readonly { readonly path: string }[];
}

interface PackedManifest extends Manifest {
  readonly name: string;
  readonly exports: Readonly<Record<string, { readonly types: string; readonly default: string }>>;
}

/**
 * Children see neither this repository's npm settings (`npm_config_local_prefix` would make npm treat the
 * repository as their project) nor its node_modules/.bin; they keep the npm cache that `npm ci` filled.
 */
function isolatedEnv(extra: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (name.toLowerCase().startsWith('npm_') && name !== 'npm_config_cache') continue;
    env[name] = value;
  }
  env['PATH'] = (process.env['PATH'] ?? '')
    .split(delimiter)
    .filter((entry) => !entry.startsWith(repository))
    .join(delimiter);
  return { ...env, ...extra };
}

function run(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = isolatedEnv()): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function succeed(command: string, args: readonly string[], cwd: string): Promise<Run> {
  const result = await run(command, args, cwd);
  if (result.code !== 0) {
    throw new Error(`${command} ${args.join(' ')} (in ${cwd}) exited with ${result.code}:\n${result.stdout}\n${result.stderr}`);
  }
  return result;
}

/** The server entry reads every C2C_ variable, so it gets only these (as in server-process.test.ts). */
function serverEnv(variables: Readonly<Record<string, string>>): NodeJS.ProcessEnv {
  return { PATH: isolatedEnv()['PATH'] ?? '', PORT: '0', ...variables };
}

async function writeJson(path: string, value: unknown): Promise<void> {
  await writeFile(path, `${JSON.stringify(value, null, 2)}\n`);
}

async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

describe('the packed package, as a team outside this repository installs, extends and tests it', function () {
  this.timeout(240_000);

  let work: string;
  let packed: PackResult;
  let manifest: PackedManifest;
  let unpacked: string;
  let consumer: Promise<{ readonly folder: string; readonly compile: Run; readonly tests: Run }>;
  let lean: Promise<string>;

  /**
   * A project in a fresh folder under the system's temp folder (outside this repository: it reaches
   * neither our sources nor our node_modules), depending on the tarball, installed offline. Its lockfile
   * comes from ours (see consumer-lockfile.ts): npm then needs only tarballs, which `npm ci` has cached.
   */
  async function installProject(name: string, devDependencies: Readonly<Record<string, string>>, omitOptional: boolean): Promise<string> {
    const folder = join(work, name);
    await mkdir(folder);
    const tarballSpec = `file:../${packed.filename}`;
    const project = { name, version: '1.0.0', private: true, type: 'module', dependencies: { [manifest.name]: tarballSpec }, devDependencies };
    const repositoryLock = JSON.parse(await readFile(join(repository, 'package-lock.json'), 'utf8')) as Lockfile;
    await writeJson(join(folder, 'package.json'), project);
    await writeJson(join(folder, 'package-lock.json'), consumerLockfile({ repositoryLock, consumer: project, packed: manifest, tarballSpec }));
    const install = await run('npm', ['install', '--offline', '--no-audit', '--no-fund', ...(omitOptional ? ['--omit=optional'] : [])], folder);
    if (install.code !== 0) {
      const hint = install.stderr.includes('ENOTCACHED') ? '\n(The npm cache lacks a tarball: `npm ci` in this repository fills it.)' : '';
      throw new Error(`npm install --offline in ${folder} exited with ${install.code}:\n${install.stdout}\n${install.stderr}${hint}`);
    }
    return folder;
  }

  async function installConsumer(): Promise<{ readonly folder: string; readonly compile: Run; readonly tests: Run }> {
    const repositoryManifest = JSON.parse(await readFile(join(repository, 'package.json'), 'utf8')) as Manifest;
    const tools = Object.fromEntries(CONSUMER_TOOLS.map((name) => [name, repositoryManifest.devDependencies?.[name] ?? '']));
    const folder = await installProject('acme-connector', tools, false);
    await cp(join(fixture, 'tsconfig.json'), join(folder, 'tsconfig.json'));
    await cp(join(fixture, 'src'), join(folder, 'src'), { recursive: true });
    const compile = await run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json'], folder);
    const tests = compile.code === 0 ? await run(process.execPath, ['node_modules/mocha/bin/mocha.js', 'dist/**/*.test.js'], folder) : compile;
    return { folder, compile, tests };
  }

  async function installLean(): Promise<string> {
    const folder = await installProject('lean-install', {}, true);
    await cp(join(fixture, 'lean', 'probe.mjs'), join(folder, 'probe.mjs'));
    return folder;
  }

  before(async () => {
    work = await mkdtemp(join(tmpdir(), 'c2c-packed-'));
    // A clone's files without dist/: prepack must build the shipped code from clean. The stage borrows our
    // node_modules for tsc only; the consumers below never see it.
    const stage = join(work, 'stage');
    await mkdir(stage);
    for (const input of PACK_INPUTS) await cp(join(repository, input), join(stage, input), { recursive: true });
    await symlink(join(repository, 'node_modules'), join(stage, 'node_modules'), 'dir');
    const pack = await succeed('npm', ['pack', '--json', '--pack-destination', work], stage);
    [packed] = JSON.parse(pack.stdout.slice(pack.stdout.indexOf('['))) as [PackResult];
    unpacked = join(work, 'unpacked');
    await mkdir(unpacked);
    await succeed('tar', ['-xzf', join(work, packed.filename), '-C', unpacked], work);
    manifest = JSON.parse(await readFile(join(unpacked, 'package', 'package.json'), 'utf8')) as PackedManifest;

    // Both installs at once: they share only the npm cache, which is safe to share.
    consumer = installConsumer();
    lean = installLean();
    consumer.catch(() => undefined);
    lean.catch(() => undefined);
  });

  after(async () => {
    await Promise.allSettled([consumer, lean]);
    if (work !== undefined) await rm(work, { recursive: true, force: true });
  });

  describe('the tarball', () => {
    it('holds the built code, LICENSE, README and package.json, and nothing of src, test, bench or the other builds', () => {
      const paths = packed.files.map((file) => file.path);
      expect(paths).to.include.members(['LICENSE', 'README.md', 'package.json', 'dist/main/index.js', 'dist/main/testing/index.js']);
      const outside = paths.filter((path) => !/^(dist\/(domain|application|adapters|main)\/|(LICENSE|README\.md|package\.json)$)/.test(path));
      expect(outside, 'files outside dist/{domain,application,adapters,main}').to.deep.equal([]);
      expect(paths.filter((path) => /(^|\/)(test|bench|dist-test|dist-bench|dist-examples|bundle)\//.test(path))).to.deep.equal([]);
      expect(packed.entryCount).to.equal(paths.length);
    });

    it('carries the full Apache-2.0 licence text', async () => {
      const licence = await readFile(join(unpacked, 'package', 'LICENSE'), 'utf8');
      expect(licence).to.match(/^\s+Apache License\s+Version 2\.0, January 2004/);
      for (const clause of ['1. Definitions.', '4. Redistribution.', '9. Accepting Warranty or Additional Liability.', 'END OF TERMS AND CONDITIONS']) {
        expect(licence).to.contain(clause);
      }
      expect(manifest).to.have.property('license', 'Apache-2.0');
    });

    it('has every file its exports name, types included, for . and ./testing', () => {
      const paths = new Set(packed.files.map((file) => file.path));
      expect(Object.keys(manifest.exports)).to.have.members(['.', './testing']);
      for (const target of Object.values(manifest.exports)) {
        expect(paths).to.include(target.types.replace(/^\.\//, ''));
        expect(paths).to.include(target.default.replace(/^\.\//, ''));
      }
    });

    it('has a source map beside every script, each carrying the sources it names', async () => {
      const scripts = (await filesUnder(join(unpacked, 'package', 'dist'))).filter((path) => path.endsWith('.js'));
      expect(scripts).to.have.length.greaterThan(100);
      for (const script of scripts) {
        const map = JSON.parse(await readFile(`${script}.map`, 'utf8')) as { sources: string[]; sourcesContent?: (string | null)[] };
        expect(map.sourcesContent?.length, script).to.equal(map.sources.length);
        expect(map.sourcesContent?.every((source) => typeof source === 'string' && source.length > 0), script).to.equal(true);
      }
    });

    it('moves the sandbox and the embedded store to optionalDependencies, and keeps the AWS SDK in dependencies', () => {
      expect(Object.keys(manifest.optionalDependencies ?? {})).to.have.members(['classic-level', 'dynalite', 'oidc-provider']);
      expect(manifest.dependencies).to.include.keys('@aws-sdk/client-dynamodb', '@aws-sdk/lib-dynamodb');
      expect(manifest.dependencies).to.not.have.any.keys('classic-level', 'dynalite', 'oidc-provider');
    });
  });

  describe('installed with its optional dependencies, by a consumer that extends it', () => {
    let installed: Awaited<typeof consumer>;

    before(async () => {
      installed = await consumer;
    });

    it('compiles the consumer against the shipped types: strict, module and moduleResolution nodenext, skipLibCheck off', () => {
      expect(installed.compile.code, `${installed.compile.stdout}${installed.compile.stderr}`).to.equal(0);
    });

    it("passes the consumer's tests: its identity adapter and SendCommand handler with the kit's stubs, ActivateUser through createConnector, for OAuth2.0 and General Authorization", () => {
      const output = `${installed.tests.stdout}${installed.tests.stderr}`;
      expect(installed.tests.code, output).to.equal(0);
      expect(output).to.match(new RegExp(`\\b${CONSUMER_TESTS} passing\\b`));
    });
  });

  describe('its command, installed by the consumer', () => {
    let folder: string;

    before(async () => {
      ({ folder } = await consumer);
    });

    it('`c2c-account-linking check --lambda` runs the contract against the installed connector: every check passes', async () => {
      expect(manifest).to.have.nested.property('bin.c2c-account-linking', './dist/main/cli.js');
      const lambda = join('node_modules', manifest.name, 'dist', 'main', 'lambda.js');
      const checked = await run(join(folder, 'node_modules', '.bin', 'c2c-account-linking'), ['check', '--lambda', lambda, '--json'], folder);
      const report = JSON.parse(checked.stdout) as { passed: boolean; results: { id: string; status: string; reason?: string }[] };
      expect(report.results.filter((result) => result.status !== 'pass'), checked.stderr).to.deep.equal([]);
      expect(report.results).to.have.length(21);
      // The device checks included: the installed connector reached the device API and the event arrived.
      expect(report.results.filter((result) => /^(discover-devices|send-command)-/.test(result.id)).map((result) => result.status)).to.deep.equal(['pass', 'pass', 'pass', 'pass']);
      expect(checked.code).to.equal(0);
    });
  });

  describe('installed with --omit=optional', () => {
    let folder: string;

    before(async () => {
      folder = await lean;
    });

    it('leaves out oidc-provider, dynalite (with classic-level) and the kit\'s optional sinon', () => {
      for (const name of ['oidc-provider', 'dynalite', 'classic-level', 'koa', 'sinon']) {
        expect(existsSync(join(folder, 'node_modules', name)), name).to.equal(false);
      }
      expect(existsSync(join(folder, 'node_modules', manifest.name, 'dist', 'main', 'index.js'))).to.equal(true);
    });

    it('loads, answers ActivateUser with a jwt configuration, and asking for the embedded store names dynalite, writing nothing', async () => {
      const result = await succeed(process.execPath, ['probe.mjs'], folder);
      const { activation, embeddedStore, dataFolderCreated } = JSON.parse(result.stdout) as {
        activation: unknown;
        embeddedStore: Record<string, unknown>;
        dataFolderCreated: boolean;
      };
      expect(activation).to.deep.equal({
        header: { responseCode: 200 },
        payload: { responseMessage: 'Successfully activated user with connector-id acme-connector.', userId: 'ann-1' },
      });
      expect(embeddedStore).to.include({ name: 'OptionalDependencyMissing', isOptionalDependencyMissing: true, packageName: 'classic-level' });
      expect(embeddedStore['message']).to.contain('`npm install classic-level@3.0.0`');
      expect(dataFolderCreated).to.equal(false);
    });

    it('the server entry, asked for the sandbox or the embedded store, prints the package to install, without a stack', async () => {
      const server = join('node_modules', manifest.name, 'dist', 'main', 'server.js');
      const sandbox = await run(process.execPath, [server], folder, serverEnv({}));
      expect(sandbox.code).to.equal(1);
      expect(sandbox.stderr.trim()).to.equal(
        'The development authorization server (the sandbox) needs the package oidc-provider, an optional dependency of ' +
          'c2c-account-linking that is not installed. Install it with `npm install oidc-provider@9.13.3`.',
      );

      const linking = await run(process.execPath, [server], folder, serverEnv({
        C2C_JWKS_URI: 'https://idp.acme.example/jwks',
        C2C_JWT_ISSUER: 'https://idp.acme.example',
        C2C_JWT_AUDIENCE: 'acme-connector',
        C2C_AUTHORIZATION_URL: 'https://idp.acme.example/authorize',
        C2C_TOKEN_URL: 'https://idp.acme.example/token',
        C2C_CLIENT_ID: 'acme-client',
        C2C_CLIENT_SECRET: 'acme-secret',
        C2C_CALLBACK_URL: 'https://links.acme.example/oauth/callback',
        C2C_OAUTH_REDIRECT_URL: 'https://app.acme.example/linked',
      }));
      expect(linking.code).to.equal(1);
      expect(linking.stderr.trim()).to.equal(
        'The embedded store needs the package classic-level, an optional dependency of c2c-account-linking that is ' +
          'not installed. Install it with `npm install classic-level@3.0.0`.',
      );
      expect(existsSync(join(folder, 'data')), 'a data folder').to.equal(false);
    });
  });
});
