import type { RequestSigner } from '../../adapters/connector-events/axios-connector-events.js';
import type { IdentitySource } from '../../application/ports/identity-source.js';
import type { TokenRevoker } from '../../application/ports/token-revoker.js';

/**
 * Loads an adapter's module on the first call rather than at start: a connector whose chain never reaches
 * it (a Lambda verifying JWTs) never loads it. A load that fails is tried again by the next call.
 */
function loadedOnce<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () => {
    loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
    return loading;
  };
}

/** `takesCredentials`: the loaded source has `identifyCredential`, so the stand-in has it too (ActivateUser asks only those that do). */
export function identitySourceOnFirstUse(load: () => Promise<IdentitySource>, options: { readonly takesCredentials: boolean }): IdentitySource {
  const source = loadedOnce(load);
  const identify: IdentitySource['identify'] = async (token, deadline) => (await source()).identify(token, deadline);
  if (!options.takesCredentials) return { identify };
  return {
    identify,
    identifyCredential: async (credential, deadline) => {
      const loaded = await source();
      if (loaded.identifyCredential === undefined) throw new Error('The identity source loaded takes no credentials.');
      return loaded.identifyCredential(credential, deadline);
    },
  };
}

export function tokenRevokerOnFirstUse(load: () => Promise<TokenRevoker>): TokenRevoker {
  const revoker = loadedOnce(load);
  return { revoke: async (token, hint, deadline) => (await revoker()).revoke(token, hint, deadline) };
}

export function requestSignerOnFirstUse(load: () => Promise<RequestSigner>): RequestSigner {
  const signer = loadedOnce(load);
  return async (request) => (await signer())(request);
}
