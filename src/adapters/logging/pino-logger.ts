import type { DestinationStream } from 'pino';
import type { LogFields, Logger, LogLevel } from '../../application/ports/logger.js';
import { jsonLogLine, jsonMembers } from './json-log-line.js';
import { scrubSecrets } from './scrub-secrets.js';
import { SyncStandardOutput } from './sync-standard-output.js';

export interface PinoLoggerOptions {
  /** Lowest level written (`LOG_LEVEL`). Default `info`. */
  readonly level?: LogLevel;
  /** Where JSON lines go. Default standard output, each line written before the call returns (see `bufferWrites`). */
  readonly destination?: DestinationStream;
}

/** pino's level numbers, which every line carries. */
const LEVEL_VALUES: Readonly<Record<LogLevel, number>> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: Infinity };

/**
 * Standard output, written synchronously: a Lambda is frozen once its answer is out, and a line still queued
 * then comes late or never (pino's docs ask for sync writes there). pino's own default queues each write on
 * the thread pool, after the call, behind WebCrypto's verifications. A process that outlives its requests
 * (the HTTP service) switches to that default with `buffer()`: under load it writes many lines at a time,
 * and what is queued is flushed when the process exits.
 */
class StandardOutput implements DestinationStream {
  #stream: DestinationStream = new SyncStandardOutput(1);
  #buffered = false;

  write(line: string): void {
    this.#stream.write(line);
  }

  buffer(buffered: DestinationStream): void {
    if (this.#buffered) return;
    this.#buffered = true;
    this.#stream = buffered;
  }
}

const BASE_BINDINGS = jsonMembers({ service: 'c2c-account-linking' });

/**
 * Structured JSON lines in pino's format (`level`, `time`, `service`, the bindings, the fields, `msg`), through
 * pino's destinations, with secrets censored by field name (`jsonMembers`, for fields and bindings alike) and by
 * shape (`scrubSecrets` on the written line).
 * Our fields are flat primitives, so each line is written by `jsonLogLine` rather than by pino's generic
 * serializer, and a child's bindings are serialised once, when the child is made.
 */
export class PinoLogger implements Logger {
  private constructor(
    private readonly threshold: number,
    private readonly bindings: string,
    private readonly destination: DestinationStream,
    private readonly output: StandardOutput | undefined,
  ) {}

  static create(options: PinoLoggerOptions = {}): PinoLogger {
    const threshold = LEVEL_VALUES[options.level ?? 'info'];
    if (options.destination !== undefined) return new PinoLogger(threshold, BASE_BINDINGS, options.destination, undefined);
    const output = new StandardOutput();
    return new PinoLogger(threshold, BASE_BINDINGS, output, output);
  }

  /**
   * For a long-running process (the HTTP service): stdout lines go to `buffered` from now on, e.g.
   * `pino.destination({ dest: 1, sync: false })`, which writes them a batch at a time, after the call. A logger
   * made with its own `destination` keeps it.
   */
  bufferWrites(buffered: DestinationStream): void {
    this.output?.buffer(buffered);
  }

  // A level that is off costs no look at the fields: every invocation calls info, and a Lambda may run at warn.
  error(message: string, fields: LogFields = {}): void {
    if (this.threshold <= LEVEL_VALUES.error) this.#write(LEVEL_VALUES.error, message, fields);
  }

  warn(message: string, fields: LogFields = {}): void {
    if (this.threshold <= LEVEL_VALUES.warn) this.#write(LEVEL_VALUES.warn, message, fields);
  }

  info(message: string, fields: LogFields = {}): void {
    if (this.threshold <= LEVEL_VALUES.info) this.#write(LEVEL_VALUES.info, message, fields);
  }

  debug(message: string, fields: LogFields = {}): void {
    if (this.threshold <= LEVEL_VALUES.debug) this.#write(LEVEL_VALUES.debug, message, fields);
  }

  child(bindings: LogFields): Logger {
    return new PinoLogger(this.threshold, this.bindings + jsonMembers(bindings), this.destination, this.output);
  }

  #write(level: number, message: string, fields: LogFields): void {
    this.destination.write(scrubSecrets(jsonLogLine(level, Date.now(), this.bindings, fields, message)));
  }
}
