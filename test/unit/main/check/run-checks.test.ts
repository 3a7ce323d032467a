import { expect } from 'chai';
import { CheckContext, CheckFailed, CheckSkipped } from '#main/check/check-context.js';
import { formatJunit } from '#main/check/check-reports.js';
import { parseCheckCommand } from '#main/check/check-command-options.js';
import type { Check } from '#main/check/checks.js';
import type { ConnectorTarget } from '#main/check/connector-target.js';
import { runChecks, unknownPatterns } from '#main/check/run-checks.js';
import type { TokenSource } from '#main/check/token-source.js';

const target: ConnectorTarget = {
  description: 'a target no check invokes',
  ready: async () => undefined,
  invoke: async () => ({ kind: 'timed-out', ms: 2000 }),
  close: async () => undefined,
};

const tokens: TokenSource = {
  description: 'no tokens',
  connectorSettings: undefined,
  hasSecondUser: false,
  slowUpstream: undefined,
  validToken: async () => 'unused',
  invalidToken: async () => undefined,
  expiredToken: async () => undefined,
  close: async () => undefined,
};

function check(id: string, required: boolean, run: () => Promise<void>): Check {
  return { id, description: `${id} holds`, source: 'MI-API.md §9', required, run };
}

const passes = check('alpha-pass', true, async () => undefined);
const optionalFails = check('alpha-optional', false, async () => {
  throw new CheckFailed('an optional expectation failed');
});
const requiredFails = check('beta-required', true, async () => {
  throw new CheckFailed('answered <500> & "thrown"');
});
const skips = check('beta-skip', true, async () => {
  throw new CheckSkipped('no sample token: pass --expired-token');
});
const bug = check('gamma-bug', true, async () => {
  throw new TypeError('token source down');
});

describe('runChecks', () => {
  const context = new CheckContext(target, tokens, undefined);

  it('passes the run when only optional checks fail; skips with the reason given', async () => {
    const report = await runChecks([passes, optionalFails, skips], context, { only: [], skip: [] }, tokens.description);
    expect(report.passed).to.equal(true);
    expect(report.counts).to.deep.equal({ pass: 1, fail: 1, skip: 1 });
    expect(report.results.map((result) => [result.id, result.status, result.reason])).to.deep.equal([
      ['alpha-pass', 'pass', undefined],
      ['alpha-optional', 'fail', 'an optional expectation failed'],
      ['beta-skip', 'skip', 'no sample token: pass --expired-token'],
    ]);
  });

  it('fails the run on a required failure, and on a check the checker could not run', async () => {
    expect((await runChecks([passes, requiredFails], context, { only: [], skip: [] }, '')).passed).to.equal(false);
    const report = await runChecks([bug], context, { only: [], skip: [] }, '');
    expect(report.passed).to.equal(false);
    expect(report.results[0]?.reason).to.equal('the checker could not run it: token source down');
  });

  it('selects with --only and --skip, a trailing * matching a prefix, and names patterns that match nothing', async () => {
    const checks = [passes, optionalFails, requiredFails, skips];
    const report = await runChecks(checks, context, { only: ['alpha-*', 'beta-required'], skip: ['alpha-optional'] }, '');
    expect(report.results.filter((result) => result.status !== 'skip').map((result) => result.id)).to.deep.equal(['alpha-pass', 'beta-required']);
    expect(report.results.find((result) => result.id === 'alpha-optional')?.reason).to.equal('not selected (--only/--skip)');
    expect(unknownPatterns(checks, { only: ['alpha-*', 'delta-*'], skip: ['beta-skp'] })).to.deep.equal(['delta-*', 'beta-skp']);
  });

  it('escapes reasons in the JUnit report', async () => {
    const junit = formatJunit(await runChecks([requiredFails], context, { only: [], skip: [] }, ''));
    expect(junit).to.contain('<failure message="answered &#60;500&#62; &#38; &#34;thrown&#34;" type="RequiredCheckFailed">');
  });
});

describe('parseCheckCommand', () => {
  it('reads one target and the options', () => {
    expect(parseCheckCommand(['check', '--lambda', './m.js#main', '--only', 'a, b', '--json', '--wait', '5'])).to.deep.equal({
      kind: 'check',
      options: { target: { kind: 'lambda', spec: './m.js#main' }, waitMs: 5000, json: true, only: ['a', 'b'], skip: [] },
    });
  });

  it('refuses what cannot be meant', () => {
    const refusals: [readonly string[], string][] = [
      [['check'], 'Name exactly one target: --lambda, --url or --function-name.'],
      [['check', '--url', 'ftp://example.com/'], '--url must be an http or https URL, not "ftp://example.com/".'],
      [['check', '--lambda', 'm.js', '--region', 'eu-west-1'], '--endpoint-url and --region go with --function-name.'],
      [['check', '--lambda', 'm.js', '--expired-token', 'x'], '--invalid-token and --expired-token go with --token-command (the embedded server makes its own).'],
      [['check', '--lambda', 'm.js', '--wait', '1.5'], '--wait must be whole seconds from 0 to 3600, not "1.5".'],
      [['verify'], 'Unknown command "verify": the command is "check".'],
    ];
    for (const [argv, message] of refusals) expect(parseCheckCommand(argv), argv.join(' ')).to.deep.equal({ kind: 'usage-error', message });
  });
});
