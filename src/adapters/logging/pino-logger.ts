import { pino, type DestinationStream, type Logger as Pino } from 'pino';
import type { LogFields, Logger, LogLevel, LogValue } from '../../application/ports/logger.js';
import { scrubSecrets } from './scrub-secrets.js';

export interface PinoLoggerOptions {
  /** Lowest level written (`LOG_LEVEL`). Default `info`. */
  readonly level?: LogLevel;
  /** Where JSON lines go. Default standard output, each line written before the call returns (see `bufferWrites`). */
  readonly destination?: DestinationStream;
}

/**
 * Standard output, written synchronously: a Lambda is frozen once its answer is out, and a line still queued
 * then comes late or never (pino's docs ask for sync writes there). pino's own default queues each write on
 * the thread pool, after the call, behind WebCrypto's verifications. A process that outlives its requests
 * (the HTTP service) switches to that default with `buffer()`: under load it writes many lines at a time,
 * and what is queued is flushed when the process exits.
 */
class StandardOutput implements DestinationStream {
  #stream: DestinationStream = pino.destination({ dest: 1, sync: true });
  #buffered = false;

  write(line: string): void {
    this.#stream.write(line);
  }

  buffer(): void {
    if (this.#buffered) return;
    this.#buffered = true;
    this.#stream = pino.destination({ dest: 1, sync: false });
  }
}

/**
 * Field names whose values are secrets, compared without case. Log fields are flat (the Logger port takes
 * primitives only), so a check of each key is the whole redaction: pino's path redaction, and its wildcard
 * paths above all, cost 50–80 µs a line for nesting our fields never have.
 */
const REDACTED_FIELDS: ReadonlySet<string> = new Set(
  [
    'token',
    'accessToken',
    'access_token',
    'refreshToken',
    'refresh_token',
    'idToken',
    'id_token',
    'code',
    'codeVerifier',
    'code_verifier',
    'state',
    'secret',
    'clientSecret',
    'client_secret',
    'password',
    'authorization',
    'cookie',
  ].map((name) => name.toLowerCase()),
);

const CENSORED = '[REDACTED]';

/** `fields` itself when no key names a secret (the common case: no copy), else a copy with those values censored. */
export function withoutSecretFields(fields: LogFields): LogFields {
  for (const key in fields) {
    if (REDACTED_FIELDS.has(key.toLowerCase())) {
      const censored: Record<string, LogValue | undefined> = {};
      for (const name in fields) censored[name] = REDACTED_FIELDS.has(name.toLowerCase()) ? CENSORED : fields[name];
      return censored;
    }
  }
  return fields;
}

/** Structured JSON logging through pino, with secrets redacted by field name (before pino) and by shape (the written line). */
export class PinoLogger implements Logger {
  private constructor(
    private readonly pino: Pino,
    private readonly output: StandardOutput | undefined,
  ) {}

  static create(options: PinoLoggerOptions = {}): PinoLogger {
    const settings = {
      level: options.level ?? 'info',
      base: { service: 'c2c-account-linking' },
      hooks: { streamWrite: scrubSecrets },
    };
    if (options.destination !== undefined) return new PinoLogger(pino(settings, options.destination), undefined);
    const output = new StandardOutput();
    return new PinoLogger(pino(settings, output), output);
  }

  /** For a long-running process (the HTTP service): stdout lines are written a batch at a time, after the call. */
  bufferWrites(): void {
    this.output?.buffer();
  }

  // A level that is off costs no look at the fields: every invocation calls info, and a Lambda may run at warn.
  error(message: string, fields: LogFields = {}): void {
    this.pino.error(withoutSecretFields(fields), message);
  }

  warn(message: string, fields: LogFields = {}): void {
    if (this.pino.isLevelEnabled('warn')) this.pino.warn(withoutSecretFields(fields), message);
  }

  info(message: string, fields: LogFields = {}): void {
    if (this.pino.isLevelEnabled('info')) this.pino.info(withoutSecretFields(fields), message);
  }

  debug(message: string, fields: LogFields = {}): void {
    if (this.pino.isLevelEnabled('debug')) this.pino.debug(withoutSecretFields(fields), message);
  }

  child(bindings: LogFields): Logger {
    return new PinoLogger(this.pino.child(withoutSecretFields(bindings)), this.output);
  }
}
