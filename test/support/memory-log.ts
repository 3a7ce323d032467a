import { PinoLogger } from '#adapters/logging/pino-logger.js';
import type { LogLevel } from '#application/ports/logger.js';

/** A pino logger writing its JSON lines into memory, for tests that read what was logged. */
export class MemoryLog {
  readonly lines: string[] = [];
  readonly logger: PinoLogger;

  constructor(level: LogLevel = 'debug') {
    this.logger = PinoLogger.create({ level, destination: { write: (line: string) => void this.lines.push(line) } });
  }

  entries(): Record<string, unknown>[] {
    return this.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  }

  clear(): void {
    this.lines.length = 0;
  }
}
