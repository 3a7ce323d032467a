import { ConnectorMisconfigured } from '../domain/errors/connector-misconfigured.js';
import type { GeneralAuthorization, SecretCredential } from './connector-request.js';
import type { Deadline } from './deadline.js';
import type { SecretStore } from './ports/secret-store.js';

/**
 * Reads the secret a General Authorization request names, once per request: the identity chain and the
 * operation handler then share the one credential.
 * @throws ConnectorMisconfigured without a secret store; whatever the store rejects with otherwise.
 */
export async function secretCredentialOf(auth: GeneralAuthorization, secrets: SecretStore | undefined, deadline: Deadline): Promise<SecretCredential> {
  if (secrets === undefined) throw new ConnectorMisconfigured('This connector has no secret store, which General Authorization requests need.');
  const secret = await secrets.resolve(auth.secretsManager, deadline);
  return { type: 'GeneralAuthorization', secretsManager: auth.secretsManager, secret };
}
