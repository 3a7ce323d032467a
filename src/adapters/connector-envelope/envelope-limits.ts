import { InvalidRequest } from '../../domain/errors/invalid-request.js';

/** Largest envelope, as UTF-8 JSON text: of the text received, or of the event object as it would serialise. */
export const MAX_ENVELOPE_BYTES = 256 * 1024;
/** Most levels of objects and arrays in an envelope, the envelope itself counted (the contract's needs 3). */
export const MAX_ENVELOPE_DEPTH = 32;

/** A number serialises to at most this many characters (`-2.2250738585072014e-308`). */
const MAX_NUMBER_CHARS = 24;
/** One UTF-16 unit of a string serialises to at most this many bytes (a control character as `\u001f`). */
const MAX_BYTES_PER_UNIT = 6;

interface Bounds {
  /** At most what the JSON text takes, in UTF-8 bytes. */
  low: number;
  /** At least what it takes (for plain JSON values, which is what a Lambda event is). */
  high: number;
}

/**
 * Refuses an envelope nested deeper than MAX_ENVELOPE_DEPTH, before anything recursive (class-transformer,
 * class-validator, a handler's own code) walks it; and, for an event that arrived as an object, one whose
 * JSON text would be over MAX_ENVELOPE_BYTES, the limit text events have. One walk of the object with
 * bounds on its size: the event is serialised only when the bounds straddle the limit.
 * @throws InvalidRequest naming the limit.
 */
export function checkEnvelopeLimits(body: object, arrivedAsText: boolean): void {
  const bounds: Bounds = { low: 0, high: 0 };
  if (!walk(body, 1, bounds)) throw new InvalidRequest(`The request is nested deeper than ${MAX_ENVELOPE_DEPTH} levels.`);
  if (arrivedAsText || bounds.high <= MAX_ENVELOPE_BYTES) return;
  if (bounds.low > MAX_ENVELOPE_BYTES || serialisedBytes(body) > MAX_ENVELOPE_BYTES) {
    throw new InvalidRequest(`The request is larger than ${MAX_ENVELOPE_BYTES} bytes.`);
  }
}

/** Whether no container in `value` (itself at `depth`) is deeper than the limit; adds its size to `bounds`. */
function walk(value: object, depth: number, bounds: Bounds): boolean {
  if (depth > MAX_ENVELOPE_DEPTH) return false;
  if (Array.isArray(value)) {
    // Brackets and commas; an item JSON cannot hold is written as null.
    bounds.low += 1 + value.length;
    bounds.high += 1 + value.length;
    for (const item of value as unknown[]) {
      if (!add(item, depth, bounds, 4)) return false;
    }
    return true;
  }
  const keys = Object.keys(value);
  bounds.low += 1;
  bounds.high += 1 + keys.length;
  for (const key of keys) {
    const before = bounds.low;
    // An entry JSON leaves out (undefined, a function) still counts in `high`, which may be loose.
    if (!add((value as Record<string, unknown>)[key], depth, bounds, 0)) return false;
    bounds.high += MAX_BYTES_PER_UNIT * key.length + 3;
    // Quotes, colon and comma.
    if (bounds.low > before) bounds.low += key.length + 4;
  }
  return true;
}

function add(value: unknown, depth: number, bounds: Bounds, leftOutAs: number): boolean {
  switch (typeof value) {
    case 'string':
      bounds.low += value.length + 2;
      bounds.high += MAX_BYTES_PER_UNIT * value.length + 2;
      return true;
    case 'number':
      bounds.low += 1;
      bounds.high += MAX_NUMBER_CHARS;
      return true;
    case 'boolean':
      bounds.low += 4;
      bounds.high += 5;
      return true;
    case 'object':
      if (value !== null) return walk(value, depth + 1, bounds);
      bounds.low += 4;
      bounds.high += 4;
      return true;
    case 'bigint':
      // JSON has no such value: serialisedBytes refuses it.
      bounds.high = Number.POSITIVE_INFINITY;
      return true;
    default:
      bounds.low += leftOutAs;
      bounds.high += 4;
      return true;
  }
}

function serialisedBytes(body: object): number {
  try {
    return Buffer.byteLength(JSON.stringify(body), 'utf8');
  } catch {
    throw new InvalidRequest('The request is not a JSON value.');
  }
}
