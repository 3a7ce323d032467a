/** Values a log line may carry: primitives only, so that no object holding a secret can slip into a log. */
export type LogValue = string | number | boolean;

export type LogFields = Readonly<Record<string, LogValue | undefined>>;

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export type LogLevel = (typeof LOG_LEVELS)[number];

/** Port: structured logging. Implementations redact tokens, codes and secrets whatever the field name. */
export interface Logger {
  error(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  debug(message: string, fields?: LogFields): void;
  /** A logger that adds `bindings` to every line (a correlation id, say). */
  child(bindings: LogFields): Logger;
}
