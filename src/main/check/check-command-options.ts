import { parseArgs } from 'node:util';

export type TargetOption =
  | { readonly kind: 'lambda'; readonly spec: string }
  | { readonly kind: 'url'; readonly url: string }
  | { readonly kind: 'function-name'; readonly functionName: string; readonly endpoint?: string; readonly region?: string };

export interface CheckCommandOptions {
  readonly target: TargetOption;
  readonly tokenCommand?: string;
  readonly invalidToken?: string;
  readonly expiredToken?: string;
  readonly envFile?: string;
  /** How long to wait for a URL or a deployed function to answer before the checks start. */
  readonly waitMs: number;
  readonly json: boolean;
  readonly junit?: string;
  readonly only: readonly string[];
  readonly skip: readonly string[];
}

export type ParsedCommand =
  | { readonly kind: 'check'; readonly options: CheckCommandOptions }
  | { readonly kind: 'help' }
  | { readonly kind: 'list' }
  | { readonly kind: 'usage-error'; readonly message: string };

export const USAGE = `Usage: c2c-account-linking check <target> [options]

Runs the managed-integrations connector contract against a connector.

Target (exactly one):
  --lambda <module.js[#handler]>   a Lambda module, run in a child process as the Lambda runtime runs it
  --url <url>                      an HTTP connector: POST, the envelope as body
  --function-name <name|arn>       a deployed Lambda, invoked with the AWS SDK and the default credential chain
    --endpoint-url <url>           another Lambda endpoint (LocalStack, a test double)
    --region <region>              default: the SDK's (AWS_REGION, profile)

Tokens (default: the embedded authorization server; the connector must trust it, see the printed settings):
  --token-command "<cmd>"          a shell command that prints one valid access token of your authorization server
  --invalid-token <token>          a token your connector must refuse (bad signature), for token-invalid
  --expired-token <token>          an expired token, for token-expired
  --write-env <file>               write the settings the connector under test needs (KEY=VALUE lines, a dotenv file;
                                   not named --env-file: Node.js 20 takes that option for itself, after the script too)
  --wait <seconds>                 wait this long for a --url or --function-name connector to answer (default 60)

Report:
  --json                           the report as JSON on stdout (settings and progress go to stderr)
  --junit <file>                   also write a JUnit XML report
  --only <id,...>                  run only these checks (a trailing * matches a prefix)
  --skip <id,...>                  skip these checks
  --list                           list the checks and exit

Exit code: 0 when every required check passed, 1 when one failed, 2 when the check could not run.
`;

function list(value: string | undefined): string[] {
  return (value ?? '').split(',').map((item) => item.trim()).filter((item) => item !== '');
}

export function parseCheckCommand(argv: readonly string[]): ParsedCommand {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') return { kind: 'help' };
  if (command !== 'check') return { kind: 'usage-error', message: `Unknown command "${command}": the command is "check".` };
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...rest],
      strict: true,
      allowPositionals: false,
      options: {
        lambda: { type: 'string' },
        url: { type: 'string' },
        'function-name': { type: 'string' },
        'endpoint-url': { type: 'string' },
        region: { type: 'string' },
        'token-command': { type: 'string' },
        'invalid-token': { type: 'string' },
        'expired-token': { type: 'string' },
        'write-env': { type: 'string' },
        wait: { type: 'string' },
        json: { type: 'boolean' },
        junit: { type: 'string' },
        only: { type: 'string' },
        skip: { type: 'string' },
        list: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    return { kind: 'usage-error', message: error instanceof Error ? error.message : String(error) };
  }
  if (values['help'] === true) return { kind: 'help' };
  if (values['list'] === true) return { kind: 'list' };
  const string = (name: string) => (typeof values[name] === 'string' ? values[name] : undefined);

  const targets = (['lambda', 'url', 'function-name'] as const).filter((name) => string(name) !== undefined);
  if (targets.length !== 1) return { kind: 'usage-error', message: 'Name exactly one target: --lambda, --url or --function-name.' };
  let target: TargetOption;
  const lambda = string('lambda');
  const url = string('url');
  const functionName = string('function-name');
  if (lambda !== undefined) {
    target = { kind: 'lambda', spec: lambda };
  } else if (url !== undefined) {
    if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) return { kind: 'usage-error', message: `--url must be an http or https URL, not "${url}".` };
    target = { kind: 'url', url };
  } else {
    const endpoint = string('endpoint-url');
    const region = string('region');
    target = { kind: 'function-name', functionName: functionName ?? '', ...(endpoint === undefined ? {} : { endpoint }), ...(region === undefined ? {} : { region }) };
  }
  if (target.kind !== 'function-name' && (string('endpoint-url') !== undefined || string('region') !== undefined)) {
    return { kind: 'usage-error', message: '--endpoint-url and --region go with --function-name.' };
  }
  const tokenCommand = string('token-command');
  if (tokenCommand === undefined && (string('invalid-token') !== undefined || string('expired-token') !== undefined)) {
    return { kind: 'usage-error', message: '--invalid-token and --expired-token go with --token-command (the embedded server makes its own).' };
  }
  const waitText = string('wait') ?? '60';
  const waitSeconds = Number(waitText);
  if (!/^\d+$/.test(waitText) || waitSeconds > 3600) return { kind: 'usage-error', message: `--wait must be whole seconds from 0 to 3600, not "${waitText}".` };

  const optional = (name: string, key: keyof CheckCommandOptions) => (string(name) === undefined ? {} : { [key]: string(name) });
  return {
    kind: 'check',
    options: {
      target,
      ...optional('token-command', 'tokenCommand'),
      ...optional('invalid-token', 'invalidToken'),
      ...optional('expired-token', 'expiredToken'),
      ...optional('write-env', 'envFile'),
      ...optional('junit', 'junit'),
      waitMs: waitSeconds * 1000,
      json: values['json'] === true,
      only: list(string('only')),
      skip: list(string('skip')),
    },
  };
}
