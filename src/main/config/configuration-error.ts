/** Start-up failure: the environment is missing or has a wrong value. Names every variable at fault. */
export class ConfigurationError extends Error {
  readonly code = 'CONFIGURATION_ERROR';

  constructor(readonly problems: readonly { readonly variable: string; readonly problem: string }[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p.variable}: ${p.problem}`).join('\n')}`);
    this.name = 'ConfigurationError';
  }
}
