import type { ConnectorRequest } from '../../application/connector-request.js';
import { AccessToken, MAX_ACCESS_TOKEN_LENGTH } from '../../domain/access-token.js';
import { CONNECTOR_ID_PATTERN, OPERATION_NAME_PATTERN, OPERATION_VERSION_PATTERN } from './envelope-field-patterns.js';

/**
 * The common case, read without building DTO instances: an OAuth2.0 envelope that satisfies every
 * constraint of ConnectorEnvelopeDto. Anything else answers undefined and goes through class-validator,
 * which stays the contract and the source of every error message. A property test holds the two to the
 * same answers (test/unit/adapters/well-formed-oauth-envelope.test.ts).
 */
export function readWellFormedOAuthEnvelope(body: Readonly<Record<string, unknown>>): ConnectorRequest | undefined {
  const header = body['header'];
  const payload = body['payload'];
  if (!isRecord(header) || !isRecord(payload)) return undefined;
  const auth = header['auth'];
  if (!isRecord(auth) || auth['type'] !== 'OAuth2.0') return undefined;
  const token = auth['token'];
  // class-validator's MaxLength counts a surrogate pair as one character, so a string within the limit in
  // UTF-16 units is within it for MaxLength too; one over it is left to the DTOs to judge.
  if (typeof token !== 'string' || token.length === 0 || token.length > MAX_ACCESS_TOKEN_LENGTH) return undefined;
  const { operationName, operationVersion, connectorId } = payload;
  if (
    typeof operationName !== 'string' ||
    typeof operationVersion !== 'string' ||
    typeof connectorId !== 'string' ||
    !OPERATION_NAME_PATTERN.test(operationName) ||
    !OPERATION_VERSION_PATTERN.test(operationVersion) ||
    !CONNECTOR_ID_PATTERN.test(connectorId)
  ) {
    return undefined;
  }
  return {
    operationName,
    operationVersion,
    connectorId,
    auth: { type: 'OAuth2.0', token: AccessToken.of(token) },
    payload,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
