import { writeSync } from 'node:fs';

const BUSY_RETRY_MS = 1;
const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * Writes each line to a file descriptor (standard output) with one `write` before returning: what a
 * Lambda needs, since the process is frozen once its answer is out. sonic-boom in sync mode did the same
 * write and more around it (the line measured, then copied into a Buffer after the write, an event and a
 * `nextTick` per line). A pipe that is full (its reader behind) is waited for; a line that cannot be written
 * at all (standard output closed) is dropped, as no caller could do better with it.
 */
export class SyncStandardOutput {
  constructor(private readonly fd = 1) {}

  write(line: string): void {
    try {
      const written = writeSync(this.fd, line);
      if (written < Buffer.byteLength(line)) this.#writeRest(Buffer.from(line).subarray(written));
    } catch (error) {
      if (isBusy(error)) this.#writeRest(Buffer.from(line));
    }
  }

  /** The rest of a line the first write did not take (a pipe that was full or non-blocking). */
  #writeRest(rest: Buffer): void {
    let remaining = rest;
    while (remaining.length > 0) {
      try {
        remaining = remaining.subarray(writeSync(this.fd, remaining));
      } catch (error) {
        if (!isBusy(error)) return;
        Atomics.wait(pause, 0, 0, BUSY_RETRY_MS);
      }
    }
  }
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return code === 'EAGAIN' || code === 'EBUSY';
}
