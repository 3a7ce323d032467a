import type { LogFields, LogValue } from '../../application/ports/logger.js';

/** Adds the fields of `from` that have a value to `to`. A for-in loop: no entries array per call on the hot path. */
export function copyDefined(from: LogFields, to: Record<string, LogValue | undefined>): void {
  for (const name in from) {
    const value = from[name];
    if (value !== undefined) to[name] = value;
  }
}
