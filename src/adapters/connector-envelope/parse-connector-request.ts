import { InvalidRequest } from '../../domain/errors/invalid-request.js';
import type { ConnectorRequest } from '../../application/connector-request.js';
import { checkEnvelopeLimits, MAX_ENVELOPE_BYTES } from './envelope-limits.js';
import { readWellFormedOAuthEnvelope } from './well-formed-oauth-envelope.js';

/**
 * Turns a raw invocation (a parsed object or its JSON text) into a validated ConnectorRequest.
 * @throws InvalidRequest naming the first fields that are wrong, or the size or depth limit it is over; never
 * echoing their values.
 */
export function parseConnectorRequest(raw: unknown): ConnectorRequest | Promise<ConnectorRequest> {
  const arrivedAsText = typeof raw === 'string';
  const body = arrivedAsText ? parseJson(raw) : raw;
  if (!isPlainObject(body)) throw new InvalidRequest('The request must be a JSON object.');
  checkEnvelopeLimits(body, arrivedAsText);
  return readWellFormedOAuthEnvelope(body) ?? validateWithDtosOnceLoaded(body);
}

/** class-validator and the DTOs load on the first envelope the fast path does not take, not at cold start. */
async function validateWithDtosOnceLoaded(body: Record<string, unknown>): Promise<ConnectorRequest> {
  const { validateWithDtos } = await import('./validate-with-dtos.js');
  return validateWithDtos(body);
}

function parseJson(text: string): unknown {
  // A UTF-16 code unit is at most 3 UTF-8 bytes: most envelopes are too short to need counting.
  if (text.length > MAX_ENVELOPE_BYTES / 3 && Buffer.byteLength(text, 'utf8') > MAX_ENVELOPE_BYTES) {
    throw new InvalidRequest(`The request is larger than ${MAX_ENVELOPE_BYTES} bytes.`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new InvalidRequest('The request is not valid JSON.');
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
