import type { SecretCredential } from '#application/connector-request.js';
import { SecretValue } from '#domain/secret-value.js';
import { SECRET_ARN, SECRET_VERSION_ID } from './envelopes.js';

/** Object mother for a General Authorization credential: the reference of the envelopes' mother and an API key. */
export function aSecretCredential(overrides: { apiKey?: string; arn?: string; versionId?: string } = {}): SecretCredential {
  return {
    type: 'GeneralAuthorization',
    secretsManager: { arn: overrides.arn ?? SECRET_ARN, versionId: overrides.versionId ?? SECRET_VERSION_ID },
    secret: SecretValue.of(JSON.stringify({ apiKey: overrides.apiKey ?? 'ak-live-7f3e9c' })),
  };
}
