import type { Deadline } from '../../application/deadline.js';
import type { SecretReference, SecretStore } from '../../application/ports/secret-store.js';
import type { SecretValue } from '../../domain/secret-value.js';

/**
 * A SecretStore made on first use: the AWS SDK's Secrets Manager client is loaded only when a General
 * Authorization request arrives, so a connector that never sees one never pays for it at cold start.
 */
export class LazySecretStore implements SecretStore {
  #store: Promise<SecretStore> | undefined;

  constructor(private readonly load: () => Promise<SecretStore>) {}

  resolve(reference: SecretReference, deadline: Deadline): Promise<SecretValue> {
    if (this.#store === undefined) {
      const loading = this.load();
      this.#store = loading;
      // A failed load is tried again by the next request, rather than remembered.
      loading.catch(() => {
        if (this.#store === loading) this.#store = undefined;
      });
    }
    return this.#store.then((store) => store.resolve(reference, deadline));
  }
}
