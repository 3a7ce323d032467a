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
