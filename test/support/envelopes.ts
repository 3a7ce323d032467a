/** Object mother for connector envelopes: a valid ActivateUser request, with any part replaced. */
export function activateUserEnvelope(
  token: string,
  overrides: { connectorId?: string; operationName?: string; operationVersion?: string; type?: string } = {},
): Record<string, unknown> {
  return {
    header: { auth: { token, type: overrides.type ?? 'OAuth2.0' } },
    payload: {
      operationName: overrides.operationName ?? 'AWS.ActivateUser',
      operationVersion: overrides.operationVersion ?? '1.0.0',
      connectorId: overrides.connectorId ?? 'connector-1',
    },
  };
}

/** A Secrets Manager reference of the shape managed integrations sends. */
export const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:acme-api-key-AbCdEf';
export const SECRET_VERSION_ID = 'EXAMPLE1-90ab-cdef-fedc-ba987EXAMPLE';

/** Object mother for a General Authorization envelope: ActivateUser unless told otherwise. */
export function generalAuthorizationEnvelope(
  overrides: { arn?: unknown; versionId?: unknown; operationName?: string; connectorId?: string; payload?: Record<string, unknown> } = {},
): Record<string, unknown> {
  return {
    header: {
      auth: {
        type: 'GeneralAuthorization',
        secretsManager: { arn: 'arn' in overrides ? overrides.arn : SECRET_ARN, versionId: 'versionId' in overrides ? overrides.versionId : SECRET_VERSION_ID },
      },
    },
    payload: {
      operationName: overrides.operationName ?? 'AWS.ActivateUser',
      operationVersion: '1.0.0',
      connectorId: overrides.connectorId ?? 'connector-1',
      ...overrides.payload,
    },
  };
}
