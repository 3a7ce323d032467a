import type { SecretValue } from '../../domain/secret-value.js';
import type { Deadline } from '../deadline.js';

/**
 * Where a General Authorization request's secret is: a Secrets Manager secret and one of its versions.
 * Neither part is secret; the value they name is.
 */
export interface SecretReference {
  readonly arn: string;
  readonly versionId: string;
}

/**
 * Port: reads the value of a secret version within the deadline. A version's value never changes, so an
 * implementation may keep what it read.
 *
 * Rejects with `ConnectorMisconfigured` (CONFIGURATION_ERROR, never retried) when the secret or the version
 * does not exist or the connector may not read or decrypt it, and with `IdentityProviderUnavailable` for
 * throttling, 5xx answers, network errors and timeouts (managed integrations retries those). No error's
 * message or cause holds the value.
 */
export interface SecretStore {
  resolve(reference: SecretReference, deadline: Deadline): Promise<SecretValue>;
}
