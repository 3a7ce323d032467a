import { randomUUID } from 'node:crypto';

/** What a caller-supplied correlation id may look like: short, and nothing a log viewer could misread. */
const WELL_FORMED = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/** The caller's correlation id when it is well formed, else a fresh one. */
export function correlationIdFrom(candidate: unknown): string {
  return typeof candidate === 'string' && WELL_FORMED.test(candidate) ? candidate : randomUUID();
}
