import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { loadConfig } from '#main/config/load-config.js';
import { createConnector, type Connector } from '#main/create-connector.js';

const repository = fileURLToPath(new URL('../../../', import.meta.url));
const cli = join(repository, 'dist', 'main', 'cli.js');
const fixtures = join(repository, 'test', 'fixtures', 'broken-connectors');

/** The Python fixture is an identity-only connector: it answers the device operations UNSUPPORTED_OPERATION. */
const DEVICES = 'discover-devices-*,send-command-*';
const DEVICE_EVENTS = ['discover-devices-event', 'send-command-event'];
const ACTIVATION_CHECKS = [
  'activate-valid-token',
  'activate-user-id-format',
  'activate-user-id-not-email',
  'activate-response-message',
  'activate-retries-stable',
  'activate-stable-across-tokens',
  'activate-operation-versions',
  'activate-event-forms',
];

interface Result {
  readonly id: string;
  readonly status: 'pass' | 'fail' | 'skip';
  readonly required: boolean;
  readonly ms: number;
  readonly reason?: string;
}

interface Report {
  readonly passed: boolean;
  readonly target: string;
  readonly results: readonly Result[];
}

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function runCli(args: readonly string[], env: NodeJS.ProcessEnv = {}): { child: ChildProcess; done: Promise<Run> } {
  const child = spawn(process.execPath, [cli, ...args], { env: { PATH: process.env['PATH'] ?? '', ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<Run>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
  return { child, done };
}

function reportOf(run: Run): Report {
  try {
    return JSON.parse(run.stdout) as Report;
  } catch {
    throw new Error(`No JSON report (exit ${String(run.code)}):\n${run.stdout}\n${run.stderr}`);
  }
}

function failing(report: Report): string[] {
  return report.results.filter((result) => result.status === 'fail').map((result) => `${result.id}: ${result.reason ?? ''}`);
}

function failingIds(report: Report): string[] {
  return report.results.filter((result) => result.status === 'fail').map((result) => result.id);
}

async function checkLambda(module: string, extra: readonly string[] = []): Promise<{ run: Run; report: Report }> {
  const run = await runCli(['check', '--lambda', module, '--json', ...extra]).done;
  return { run, report: reportOf(run) };
}

/** The settings the checker writes with --write-env, once it has written them. */
async function settingsFrom(file: string, run: Promise<Run>): Promise<Record<string, string>> {
  let finished: Run | undefined;
  void run.then((result) => (finished = result));
  for (let attempt = 0; attempt < 300; attempt += 1) {
    if (finished !== undefined) throw new Error(`The checker ended before writing ${file}:\n${finished.stderr}`);
    const size = await stat(file).then((found) => found.size, () => 0);
    if (size > 0) {
      const text = await readFile(file, 'utf8');
      return Object.fromEntries(text.trim().split('\n').map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`The checker did not write ${file}.`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

describe('c2c-account-linking check', function () {
  this.timeout(120_000);

  let work: string;

  before(async () => {
    work = await mkdtemp(join(tmpdir(), 'c2c-check-'));
  });

  after(async () => {
    await rm(work, { recursive: true, force: true });
  });

  describe('--lambda dist/main/lambda.js (our connector, in a child process as the Lambda runtime runs it)', () => {
    let run: Run;
    let report: Report;
    let junit: string;

    before(async () => {
      const file = join(work, 'report.xml');
      ({ run, report } = await checkLambda(join(repository, 'dist', 'main', 'lambda.js'), ['--junit', file]));
      junit = await readFile(file, 'utf8');
    });

    it('passes every check, the device ones included (acknowledged, and the events arrived), and exits 0', () => {
      expect(failing(report)).to.deep.equal([]);
      expect(run.code).to.equal(0);
      expect(report.passed).to.equal(true);
      expect(report.results.filter((result) => result.status === 'pass')).to.have.length(21);
      const devices = report.results.filter((result) => /^(discover-devices|send-command)-/.test(result.id));
      expect(devices.map((result) => `${result.id} ${result.status}`)).to.deep.equal([
        'discover-devices-ack pass',
        'discover-devices-event pass',
        'send-command-ack pass',
        'send-command-event pass',
      ]);
    });

    it('times every check, and the JUnit report has one testcase per check, none skipped', () => {
      expect(report.results.every((result) => Number.isInteger(result.ms) && result.ms >= 0)).to.equal(true);
      expect(junit).to.match(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="c2c-account-linking check" tests="21" failures="0" skipped="0"/);
      expect(junit.match(/<testcase /g)).to.have.length(21);
      expect(junit).to.not.contain('<skipped');
      expect(junit).to.contain('name="activate-valid-token"');
      expect(junit).to.contain('name="send-command-event"');
    });
  });

  describe('the broken connectors of test/fixtures: each fails exactly its checks', () => {
    // The event checks compare the event's UserId with ActivateUser's: they need a successful ActivateUser, and a
    // userId rewritten in the answer only (returns-email) is not the one the events carry.
    const expectations: readonly [string, readonly string[], number][] = [
      ['throws-on-bad-token.mjs', ['token-invalid', 'token-expired', 'token-malformed'], 1],
      ['returns-email.mjs', ['activate-user-id-not-email', ...DEVICE_EVENTS], 1],
      ['echoes-token.mjs', ['no-token-in-answers'], 1],
      ['sleeps-3s.mjs', [...ACTIVATION_CHECKS, 'no-token-in-answers', ...DEVICE_EVENTS], 1],
      ['wrong-envelope.mjs', [...ACTIVATION_CHECKS, ...DEVICE_EVENTS], 1],
      // Optional checks: reported as failed, the run still passes.
      ['acks-devices-only.mjs', DEVICE_EVENTS, 0],
    ];
    for (const [fixture, expected, code] of expectations) {
      it(`${fixture}: ${expected.length > 3 ? `${expected.length} checks` : expected.join(', ')}, and exits ${code}`, async () => {
        const { run, report } = await checkLambda(join(fixtures, fixture));
        expect(failingIds(report), failing(report).join('\n')).to.have.members([...expected]);
        if (expected.includes('send-command-event') && fixture !== 'acks-devices-only.mjs') {
          expect(report.results.find((result) => result.id === 'send-command-event')?.reason).to.match(
            /^(ActivateUser with a valid token: .+|the event's UserId is not the userId ActivateUser answered)$/,
          );
        }
        expect(run.code).to.equal(code);
      });
    }

    it('a connector that acknowledges the device operations and sends nothing: the event checks say which event is missing', async () => {
      const { report } = await checkLambda(join(fixtures, 'acks-devices-only.mjs'), ['--only', 'discover-devices-*,send-command-*']);
      const selected = report.results.filter((result) => /^(discover-devices|send-command)-/.test(result.id));
      expect(selected.map((result) => `${result.id} ${result.status} ${result.reason ?? ''}`.trim())).to.deep.equal([
        'discover-devices-ack pass',
        'discover-devices-event fail no DEVICE_DISCOVERY event for the deviceDiscoveryId within 3000 ms',
        'send-command-ack pass',
        'send-command-event fail no DEVICE_COMMAND_RESPONSE event for the traceId within 3000 ms',
      ]);
    });

    it('says why in one line a team can act on: a throw is a retried invocation, a hang the Lambda timeout', async () => {
      const thrower = (await checkLambda(join(fixtures, 'throws-on-bad-token.mjs'), ['--only', 'token-expired'])).report;
      expect(thrower.results.find((result) => result.id === 'token-expired')?.reason).to.equal(
        'ActivateUser with an expired token: threw Error (a failed invocation: managed integrations retries it 5 times)',
      );
      const sleeper = (await checkLambda(join(fixtures, 'sleeps-3s.mjs'), ['--only', 'activate-valid-token'])).report;
      const result = sleeper.results.find((candidate) => candidate.id === 'activate-valid-token');
      expect(result?.reason).to.equal('ActivateUser with a valid token: no answer within 2000 ms (the Lambda timeout: a failed invocation, retried 5 times)');
    });
  });

  describe('--url', () => {
    it('passes every check against our HTTP service (node dist/main/server.js started with the settings --write-env wrote)', async () => {
      const port = await freePort();
      const envFile = join(work, 'http.env');
      const checker = runCli(['check', '--url', `http://127.0.0.1:${port}/connector`, '--write-env', envFile, '--json', '--wait', '60']);
      const settings = await settingsFrom(envFile, checker.done);
      expect(Object.keys(settings)).to.include.members(['C2C_JWT_ISSUER', 'C2C_JWT_AUDIENCE', 'C2C_JWKS_URI', 'C2C_DEVICE_API_URL', 'C2C_EVENTS_URL']);
      expect(settings['C2C_EVENTS_SINK']).to.equal('http');
      expect(settings['C2C_DEVICE_API_URL']).to.equal(`${settings['C2C_JWT_ISSUER'] ?? ''}/api`);
      const server = spawn(process.execPath, [join(repository, 'dist', 'main', 'server.js')], {
        env: { PATH: process.env['PATH'] ?? '', PORT: String(port), ...settings },
        stdio: 'ignore',
      });
      try {
        const run = await checker.done;
        const report = reportOf(run);
        expect(failing(report)).to.deep.equal([]);
        expect(report.results.filter((result) => result.status === 'pass')).to.have.length(21);
        expect(run.code).to.equal(0);
        expect(run.stderr).to.contain('Start the connector under test with these settings');
        expect(run.stderr).to.contain(`  C2C_EVENTS_URL=${settings['C2C_EVENTS_URL'] ?? ''}\n`);
      } finally {
        await stopChild(server);
      }
    });

    it('shows a connector in another language is checked alike: a Python one that skips signature checks fails token-invalid only', async function () {
      if (spawnSync('python3', ['--version']).status !== 0) this.skip();
      const port = await freePort();
      const envFile = join(work, 'python.env');
      const checker = runCli(['check', '--url', `http://127.0.0.1:${port}/connector`, '--write-env', envFile, '--skip', DEVICES, '--json', '--wait', '60']);
      const settings = await settingsFrom(envFile, checker.done);
      const python = spawn('python3', [join(fixtures, 'no_signature_check.py')], {
        env: { PATH: process.env['PATH'] ?? '', PORT: String(port), ...settings },
        stdio: 'ignore',
      });
      try {
        const run = await checker.done;
        const report = reportOf(run);
        expect(failingIds(report), failing(report).join('\n')).to.deep.equal(['token-invalid']);
        expect(report.results.find((result) => result.id === 'token-invalid')?.reason).to.equal(
          'ActivateUser with an invalid token: responseCode 200, expected a 4xx',
        );
        expect(run.code).to.equal(1);
      } finally {
        await stopChild(python);
      }
    });
  });

  describe('--function-name (the AWS SDK, against a loopback endpoint that speaks the Lambda Invoke API)', () => {
    let endpoint: Server;
    let connector: Connector | undefined;
    const invoked: { path: string; authorization: string }[] = [];

    before(async () => {
      endpoint = createServer((request, response) => {
        void answerInvoke(request).then(({ status, headers, body }) => response.writeHead(status, headers).end(body));
      });
      await new Promise<void>((resolve) => endpoint.listen(0, '127.0.0.1', () => resolve()));
    });

    after(async () => {
      await connector?.close();
      endpoint.closeAllConnections();
      await new Promise((resolve) => endpoint.close(resolve));
    });

    /** `POST /2015-03-31/functions/{name}/invocations`: our handler's result, or Lambda's function-error shape. */
    async function answerInvoke(request: IncomingMessage): Promise<{ status: number; headers: Record<string, string>; body: string }> {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      invoked.push({ path: request.url ?? '', authorization: request.headers.authorization ?? '' });
      if (request.method !== 'POST' || !/^\/2015-03-31\/functions\/c2c-connector\/invocations$/.test(request.url ?? '')) {
        return { status: 404, headers: { 'x-amzn-errortype': 'ResourceNotFoundException' }, body: '{"message":"Function not found"}' };
      }
      if (connector === undefined) return { status: 500, headers: { 'x-amzn-errortype': 'ServiceException' }, body: '{"message":"not deployed yet"}' };
      const event = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
      const context = { awsRequestId: 'loopback', getRemainingTimeInMillis: () => 2000 };
      try {
        const result = await (connector.handler as (event: unknown, context: unknown) => Promise<unknown>)(event, context);
        return { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(result) };
      } catch (error) {
        const { name, message } = error as Error;
        return { status: 200, headers: { 'x-amz-function-error': 'Unhandled' }, body: JSON.stringify({ errorType: name, errorMessage: message }) };
      }
    }

    it('passes every check, invoking with SigV4 from the default credential chain', async () => {
      const envFile = join(work, 'lambda.env');
      const { port } = endpoint.address() as AddressInfo;
      const checker = runCli(
        ['check', '--function-name', 'c2c-connector', '--endpoint-url', `http://127.0.0.1:${port}`, '--region', 'eu-west-1', '--write-env', envFile, '--json'],
        { AWS_ACCESS_KEY_ID: 'AKIDCHECKTEST', AWS_SECRET_ACCESS_KEY: 'check-secret' },
      );
      const settings = await settingsFrom(envFile, checker.done);
      // Deployed, our connector takes the emulated Secrets Manager through its own variable, as a function's
      // configuration would give it; the SDK's variable in the settings reaches only processes started with them.
      connector = createConnector(
        loadConfig({ ...settings, C2C_SECRETS_MANAGER_ENDPOINT: settings['AWS_ENDPOINT_URL_SECRETS_MANAGER'] ?? '', LOG_LEVEL: 'silent' }),
      );
      const run = await checker.done;
      const report = reportOf(run);
      expect(failing(report)).to.deep.equal([]);
      expect(report.results.filter((result) => result.status === 'pass')).to.have.length(21);
      expect(run.code).to.equal(0);
      expect(invoked.length).to.be.greaterThan(30);
      expect(invoked.every((call) => call.path === '/2015-03-31/functions/c2c-connector/invocations')).to.equal(true);
      expect(invoked.every((call) => call.authorization.startsWith('AWS4-HMAC-SHA256 Credential=AKIDCHECKTEST/'))).to.equal(true);
      expect(invoked[0]?.authorization).to.match(/\/eu-west-1\/lambda\/aws4_request/);
    });
  });

  describe('the command line', () => {
    it('refuses no target, two targets and an unknown check id with exit 2 and a reason', async () => {
      const none = await runCli(['check']).done;
      expect(none.code).to.equal(2);
      expect(none.stderr).to.contain('Name exactly one target: --lambda, --url or --function-name.');
      const two = await runCli(['check', '--lambda', 'x.js', '--url', 'http://127.0.0.1:1/']).done;
      expect(two.code).to.equal(2);
      const unknown = await runCli(['check', '--lambda', 'x.js', '--only', 'no-such-check']).done;
      expect(unknown.code).to.equal(2);
      expect(unknown.stderr).to.equal('No check is named "no-such-check": see --list.\n');
    });

    it('a module that does not load is reported, exit 2, no report', async () => {
      const run = await runCli(['check', '--lambda', join(work, 'missing.mjs')]).done;
      expect(run.code).to.equal(2);
      expect(run.stderr).to.match(/^The connector cannot be checked: The module failed to load: Error: Cannot find module/);
    });

    it('--list names every check with required or optional and its contract source', async () => {
      const run = await runCli(['check', '--list']).done;
      const lines = run.stdout.trim().split('\n');
      expect(lines).to.have.length(21);
      expect(lines[0]).to.match(/^activate-valid-token\trequired\t.+\t\(DESIGN\.md §1/);
      expect(lines.filter((line) => line.includes('\toptional\t'))).to.have.length(2);
    });

    it('the terminal table shows one row per check and the verdict', async () => {
      const run = await runCli(['check', '--lambda', join(fixtures, 'returns-email.mjs'), '--only', 'activate-valid-token,activate-user-id-not-email']).done;
      expect(run.code).to.equal(1);
      expect(run.stdout).to.match(/^PASS {2}activate-valid-token +required {2}\d+ ms/m);
      expect(run.stdout).to.match(/^FAIL {2}activate-user-id-not-email +required {2}\d+ ms +userId is email-shaped/m);
      expect(run.stdout).to.contain('1 required check failed (1 passed, 1 failed, 19 skipped)');
    });
  });
});
