import { importOptionalDependency } from '../optional-dependency/import-optional-dependency.js';

export type OidcProviderModule = typeof import('oidc-provider');

const RUNTIME_NOTICE = 'oidc-provider WARNING: Unsupported runtime.';

let loading: Promise<OidcProviderModule> | undefined;

/**
 * Loads oidc-provider on first use. Its import prints an "unsupported runtime" warning on Node 20, which this
 * project targets on purpose (the Lambda runtime); that one line is dropped, every other message passes.
 * @throws OptionalDependencyMissing when oidc-provider (an optional dependency) is not installed.
 */
export function loadOidcProvider(): Promise<OidcProviderModule> {
  loading ??= importQuietly();
  return loading;
}

async function importQuietly(): Promise<OidcProviderModule> {
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && stripColours(args[0]).startsWith(RUNTIME_NOTICE)) return;
    warn(...args);
  };
  try {
    return await importOptionalDependency('oidc-provider', 'The development authorization server (the sandbox)', () => import('oidc-provider'));
  } finally {
    console.warn = warn;
  }
}

function stripColours(text: string): string {
  // eslint-disable-next-line no-control-regex -- ANSI colour codes start with ESC (\x1b): matching it is the point.
  return text.replace(/\x1b\[[0-9;]*m/g, '');
}
