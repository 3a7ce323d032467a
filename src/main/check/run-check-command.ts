import { writeFile } from 'node:fs/promises';
import { CheckContext, describeOutcome } from './check-context.js';
import { formatJson, formatJunit, formatTable } from './check-reports.js';
import { parseCheckCommand, USAGE, type CheckCommandOptions } from './check-command-options.js';
import { CHECKS } from './checks.js';
import { CommandTokenSource } from './command-token-source.js';
import type { ConnectorTarget } from './connector-target.js';
import { DeployedLambdaTarget } from './deployed-lambda-target.js';
import { EmbeddedTokenSource } from './embedded-token-source.js';
import { EmptySecretsManager, SECRETS_MANAGER_ENDPOINT_SETTING } from './empty-secrets-manager.js';
import { EventSink } from './event-sink.js';
import { HttpUrlTarget } from './http-url-target.js';
import { LambdaModuleTarget } from './lambda-module-target.js';
import { runChecks, unknownPatterns } from './run-checks.js';
import type { TokenSource } from './token-source.js';

export interface CommandOutput {
  out(text: string): void;
  err(text: string): void;
}

const WAIT_POLL_MS = 250;

/** `c2c-account-linking check ...`: returns the exit code (0 every required check passed, 1 one failed, 2 no run). */
export async function runCheckCommand(argv: readonly string[], output: CommandOutput, env: NodeJS.ProcessEnv): Promise<number> {
  const parsed = parseCheckCommand(argv);
  if (parsed.kind === 'help') {
    output.out(USAGE);
    return 0;
  }
  if (parsed.kind === 'list') {
    for (const check of CHECKS) output.out(`${check.id}\t${check.required ? 'required' : 'optional'}\t${check.description}\t(${check.source})\n`);
    return 0;
  }
  if (parsed.kind === 'usage-error') {
    output.err(`${parsed.message}\n\n${USAGE}`);
    return 2;
  }
  const { options } = parsed;
  const unknown = unknownPatterns(CHECKS, options);
  if (unknown.length > 0) {
    output.err(`No check is named ${unknown.map((id) => `"${id}"`).join(', ')}: see --list.\n`);
    return 2;
  }

  const closing: (() => Promise<void>)[] = [];
  try {
    const tokens = await tokenSourceFor(options);
    closing.push(() => tokens.close());
    const sink = await EventSink.start();
    closing.push(() => sink.close());
    const secrets = await EmptySecretsManager.start();
    closing.push(() => secrets.close());
    const emulator = { ...sink.connectorSettings, [SECRETS_MANAGER_ENDPOINT_SETTING]: secrets.url };
    const settings = tokens.connectorSettings === undefined ? undefined : { ...tokens.connectorSettings, ...emulator };
    if (settings !== undefined) await announce(settings, options, output);

    const target = targetFor(options, { ...lambdaRuntimeEnv(env), ...emulator, ...settings });
    closing.push(() => target.close());
    const waitMs = options.target.kind === 'lambda' ? 0 : options.waitMs;
    const notReady = await untilAnswering(target, waitMs);
    if (notReady !== undefined) {
      output.err(`The connector cannot be checked: ${notReady}\n`);
      return 2;
    }
    const report = await runChecks(CHECKS, new CheckContext(target, tokens, sink), options, tokens.description);
    output.out(options.json ? formatJson(report) : formatTable(report));
    if (options.junit !== undefined) await writeFile(options.junit, formatJunit(report));
    return report.passed ? 0 : 1;
  } catch (error) {
    output.err(`The check could not run: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  } finally {
    for (const close of closing.reverse()) await close().catch(() => undefined);
  }
}

async function tokenSourceFor(options: CheckCommandOptions): Promise<TokenSource> {
  if (options.tokenCommand === undefined) return EmbeddedTokenSource.start();
  return new CommandTokenSource(options.tokenCommand, {
    ...(options.invalidToken === undefined ? {} : { invalid: options.invalidToken }),
    ...(options.expiredToken === undefined ? {} : { expired: options.expiredToken }),
  });
}

function targetFor(options: CheckCommandOptions, env: NodeJS.ProcessEnv): ConnectorTarget {
  const { target } = options;
  switch (target.kind) {
    case 'lambda':
      return new LambdaModuleTarget({ spec: target.spec, env });
    case 'url':
      return new HttpUrlTarget(target.url);
    case 'function-name':
      return new DeployedLambdaTarget({
        functionName: target.functionName,
        ...(target.endpoint === undefined ? {} : { endpoint: target.endpoint }),
        ...(target.region === undefined ? {} : { region: target.region }),
      });
  }
}

/**
 * What the Lambda runtime sets in every function's environment (dummy credentials stand in for the execution
 * role's), under whatever the caller set.
 */
function lambdaRuntimeEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const region = env['AWS_REGION'] ?? env['AWS_DEFAULT_REGION'] ?? 'us-east-1';
  return {
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_LAMBDA_FUNCTION_NAME: 'c2c-check-target',
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '128',
    ...(env['AWS_ACCESS_KEY_ID'] === undefined ? { AWS_ACCESS_KEY_ID: 'c2c-check', AWS_SECRET_ACCESS_KEY: 'c2c-check' } : {}),
    ...env,
  };
}

/** The settings go to stderr (stdout may be the JSON report) and, with --write-env, to the file. */
async function announce(settings: Readonly<Record<string, string>>, options: CheckCommandOptions, output: CommandOutput): Promise<void> {
  const lines = Object.entries(settings).map(([name, value]) => `${name}=${value}`);
  if (options.envFile !== undefined) await writeFile(options.envFile, `${lines.join('\n')}\n`);
  if (options.target.kind === 'lambda') return;
  output.err(
    [
      'The embedded authorization server is running. Start the connector under test with these settings',
      `(its identity configuration, its device API, and where SendConnectorEvent goes)${options.envFile === undefined ? '' : `, written to ${options.envFile}`}:`,
      ...lines.map((line) => `  ${line}`),
      `Waiting up to ${options.waitMs / 1000} s for ${options.target.kind === 'url' ? options.target.url : options.target.functionName} to answer...`,
      '',
    ].join('\n'),
  );
}

/** Undefined once the connector answers anything (even an error envelope or a throw); else why not. */
async function untilAnswering(target: ConnectorTarget, waitMs: number): Promise<string | undefined> {
  try {
    await target.ready();
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  const giveUpAt = Date.now() + waitMs;
  for (;;) {
    const outcome = await target.invoke({ event: {} }, 2000);
    if (outcome.kind === 'answered' || outcome.kind === 'threw') return undefined;
    if (Date.now() >= giveUpAt) return `${target.description}: ${describeOutcome(outcome)}`;
    await new Promise((resolve) => setTimeout(resolve, WAIT_POLL_MS));
  }
}
