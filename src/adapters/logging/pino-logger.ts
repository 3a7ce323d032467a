import { pino, type DestinationStream, type Logger as Pino } from 'pino';
import type { LogFields, Logger, LogLevel } from '../../application/ports/logger.js';
import { scrubSecrets } from './scrub-secrets.js';

export interface PinoLoggerOptions {
  /** Lowest level written (`LOG_LEVEL`). Default `info`. */
  readonly level?: LogLevel;
  /** Where JSON lines go. Default standard output. */
  readonly destination?: DestinationStream;
}

/** Field names whose values are secrets wherever they appear: pino replaces them before writing. */
const REDACTED_FIELDS = [
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
  'Authorization',
  'cookie',
  'headers.authorization',
  'headers.cookie',
  'req.headers.authorization',
  'req.headers.cookie',
];

/** Structured JSON logging through pino, with secrets redacted by field name and by shape. */
export class PinoLogger implements Logger {
  private constructor(private readonly pino: Pino) {}

  static create(options: PinoLoggerOptions = {}): PinoLogger {
    const settings = {
      level: options.level ?? 'info',
      base: { service: 'c2c-account-linking' },
      redact: { paths: [...REDACTED_FIELDS, ...REDACTED_FIELDS.map((field) => `*.${field}`)], censor: '[REDACTED]' },
      hooks: { streamWrite: scrubSecrets },
    };
    return new PinoLogger(options.destination === undefined ? pino(settings) : pino(settings, options.destination));
  }

  error(message: string, fields: LogFields = {}): void {
    this.pino.error(fields, message);
  }

  warn(message: string, fields: LogFields = {}): void {
    this.pino.warn(fields, message);
  }

  info(message: string, fields: LogFields = {}): void {
    this.pino.info(fields, message);
  }

  debug(message: string, fields: LogFields = {}): void {
    this.pino.debug(fields, message);
  }

  child(bindings: LogFields): Logger {
    return new PinoLogger(this.pino.child(bindings));
  }
}
