import { expect } from 'chai';
import fc from 'fast-check';
import type { ConnectorRequest } from '#application/connector-request.js';
import { validateWithDtos } from '#adapters/connector-envelope/validate-with-dtos.js';
import { readWellFormedOAuthEnvelope } from '#adapters/connector-envelope/well-formed-oauth-envelope.js';
import { MAX_ACCESS_TOKEN_LENGTH } from '#domain/access-token.js';

const visibleAscii = fc.string({ unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)), minLength: 1, maxLength: 40 });

const envelopes = fc.record({
  header: fc.oneof(
    fc.record({
      auth: fc.oneof(
        fc.record(
          {
            type: fc.constantFrom<unknown>('OAuth2.0', 'GeneralAuthorization', 'oauth2.0', 42, null),
            token: fc.oneof(
              visibleAscii,
              fc.constantFrom<unknown>('', ' ', 'tab\there', 'ünï', '😀', 12, null, 'a'.repeat(16_384), 'a'.repeat(16_385), `${'😀'.repeat(8_192)}x`),
              fc.string(),
            ),
            secretsManager: fc.oneof(fc.constant(undefined), fc.record({ arn: fc.string() })),
          },
          { requiredKeys: [] },
        ),
        fc.constantFrom<unknown>(null, 'x', [], {}),
      ),
    }, { requiredKeys: [] }),
    fc.constantFrom<unknown>(null, [], 'header', {}),
  ),
  payload: fc.oneof(
    fc.record(
      {
        operationName: fc.oneof(fc.constantFrom<unknown>('AWS.ActivateUser', 'AWS.DiscoverDevices', '', 'x'.repeat(129), 7), fc.string()),
        operationVersion: fc.oneof(fc.constantFrom<unknown>('1.0', '1.0.0', '1', '1.0.0.0', 'one', 1), fc.string()),
        connectorId: fc.oneof(fc.constantFrom<unknown>('connector-1', 'a/b:c', '', 'x'.repeat(257), null), fc.string()),
        extra: fc.anything(),
      },
      { requiredKeys: [] },
    ),
    fc.constantFrom<unknown>(null, [], 'payload', {}),
  ),
});

function viaDtos(body: Record<string, unknown>): ConnectorRequest | 'invalid' {
  try {
    return validateWithDtos(body);
  } catch {
    return 'invalid';
  }
}

function comparable(request: ConnectorRequest): unknown {
  return { ...request, auth: request.auth.type === 'OAuth2.0' ? { type: 'OAuth2.0', token: request.auth.token.reveal() } : request.auth };
}

describe('readWellFormedOAuthEnvelope (the fast path) against the class-validator DTOs', () => {
  it('accepts only what the DTOs accept, with the same result, and every valid OAuth2.0 envelope whose token is within the limit', () => {
    fc.assert(
      fc.property(envelopes, (body) => {
        const fast = readWellFormedOAuthEnvelope(body);
        const slow = viaDtos(body);
        if (fast !== undefined) {
          expect(slow).not.to.equal('invalid');
          expect(comparable(fast)).to.deep.equal(comparable(slow as ConnectorRequest));
        } else if (slow !== 'invalid' && slow.auth.type === 'OAuth2.0') {
          // Only a token over the limit in UTF-16 units, which MaxLength may still take (it counts pairs once).
          expect(slow.auth.token.reveal().length).to.be.greaterThan(MAX_ACCESS_TOKEN_LENGTH);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('takes the common ActivateUser envelope', () => {
    const request = readWellFormedOAuthEnvelope({
      header: { auth: { token: 'eyJhbGciOiJSUzI1NiJ9.e30.sig', type: 'OAuth2.0' } },
      payload: { operationName: 'AWS.ActivateUser', operationVersion: '1.0.0', connectorId: 'connector-1' },
    });
    expect(request?.operationName).to.equal('AWS.ActivateUser');
  });
});
