import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { AccessToken } from '../../domain/access-token.js';
import { InvalidRequest } from '../../domain/errors/invalid-request.js';
import type { ConnectorRequest } from '../../application/connector-request.js';
import { ConnectorEnvelopeDto } from './connector-envelope-dto.js';
import { checkEnvelopeLimits, MAX_ENVELOPE_BYTES } from './envelope-limits.js';
import { readWellFormedOAuthEnvelope } from './well-formed-oauth-envelope.js';

/**
 * Turns a raw invocation (a parsed object or its JSON text) into a validated ConnectorRequest.
 * @throws InvalidRequest naming the first fields that are wrong, or the size or depth limit it is over; never
 * echoing their values.
 */
export function parseConnectorRequest(raw: unknown): ConnectorRequest {
  const arrivedAsText = typeof raw === 'string';
  const body = arrivedAsText ? parseJson(raw) : raw;
  if (!isPlainObject(body)) throw new InvalidRequest('The request must be a JSON object.');
  checkEnvelopeLimits(body, arrivedAsText);
  return readWellFormedOAuthEnvelope(body) ?? validateWithDtos(body);
}

/** ConnectorEnvelopeDto with class-transformer and class-validator: every envelope shape, every error message. */
export function validateWithDtos(body: Record<string, unknown>): ConnectorRequest {
  const envelope = plainToInstance(ConnectorEnvelopeDto, body, { enableImplicitConversion: false });
  const errors = validateSync(envelope, { forbidUnknownValues: true, stopAtFirstError: true });
  if (errors.length > 0) throw new InvalidRequest(`The request envelope is invalid: ${describe(errors)}.`);

  const { auth } = envelope.header;
  const payload = body['payload'] as Record<string, unknown>;
  return {
    operationName: envelope.payload.operationName,
    operationVersion: envelope.payload.operationVersion,
    connectorId: envelope.payload.connectorId,
    auth:
      auth.type === 'OAuth2.0'
        ? { type: 'OAuth2.0', token: AccessToken.of(auth.token ?? '') }
        : {
            type: 'GeneralAuthorization',
            secretsManager: { arn: auth.secretsManager?.arn ?? '', versionId: auth.secretsManager?.versionId ?? '' },
          },
    payload,
  };
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

function describe(errors: readonly ValidationError[], parent = ''): string {
  const messages: string[] = [];
  for (const error of errors) {
    const path = parent === '' ? error.property : `${parent}.${error.property}`;
    for (const message of Object.values(error.constraints ?? {})) {
      messages.push(`${path}: ${message.replace(/^\S+ /, '')}`);
    }
    if (error.children !== undefined && error.children.length > 0) messages.push(describe(error.children, path));
  }
  return messages.slice(0, 5).join('; ');
}
