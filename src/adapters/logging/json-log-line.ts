import type { LogFields } from '../../application/ports/logger.js';

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

const CENSORED_JSON = JSON.stringify('[REDACTED]');

/** What JSON.stringify would escape in a string: without any, quoting is all it needs. */
// eslint-disable-next-line no-control-regex -- the control characters are what must be escaped.
const NEEDS_ESCAPE = /[\u0000-\u001f"\\\ud800-\udfff]/;

/** `,"key":` by key, and whether its value is censored: our keys are a few constants, met on every line. */
const MEMBER_START = new Map<string, string | undefined>();
const MEMBER_START_CAPACITY = 512;

/** The start of a member for `key` (`,"key":`), or undefined when the key names a secret. */
function memberStart(key: string): string | undefined {
  if (MEMBER_START.has(key)) return MEMBER_START.get(key);
  const start = REDACTED_FIELDS.has(key.toLowerCase()) ? undefined : `,${JSON.stringify(key)}:`;
  if (MEMBER_START.size < MEMBER_START_CAPACITY) MEMBER_START.set(key, start);
  return start;
}

function jsonString(value: string): string {
  return NEEDS_ESCAPE.test(value) ? JSON.stringify(value) : `"${value}"`;
}

/**
 * The fields as the members of a JSON object, each preceded by a comma (`,"a":1,"b":"x"`), in pino's
 * notation: undefined left out, a number that is not finite written as null, a field named as a secret
 * censored. Our fields are flat primitives, so this is all pino's generic serializer did for them, without
 * its look-ups of serializers and formatters per key (about 10 µs a line inside the handler, measured).
 */
export function jsonMembers(fields: LogFields): string {
  let members = '';
  for (const key in fields) {
    const value = fields[key];
    if (value === undefined) continue;
    const start = memberStart(key);
    if (start === undefined) members += `,${JSON.stringify(key)}:${CENSORED_JSON}`;
    else if (typeof value === 'string') members += start + jsonString(value);
    else if (typeof value === 'number') members += start + (Number.isFinite(value) ? String(value) : 'null');
    else members += start + (value ? 'true' : 'false');
  }
  return members;
}

/** One line as pino writes it: `{"level":30,"time":<ms>,<bindings>,<fields>,"msg":"..."}` and a newline. */
export function jsonLogLine(level: number, timeMs: number, bindings: string, fields: LogFields, message: string): string {
  return `{"level":${level},"time":${timeMs}${bindings}${jsonMembers(fields)},"msg":${jsonString(message)}}\n`;
}
