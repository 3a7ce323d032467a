import type { AccountLinkRepository } from '../application/ports/account-link-repository.js';
import { EncryptingAccountLinkRepository } from '../adapters/persistence/encrypting-account-link-repository.js';
import { JweTokenCipher } from '../adapters/persistence/jwe-token-cipher.js';
import { ConfigurationError } from './config/configuration-error.js';

/**
 * `inner` behind the encryption at rest every built-in store has: the tokens and the PKCE verifier reach it
 * as JWEs bound to their association and field. `createConnector` wraps `ports.accountLinkRepository` in
 * it; a repository must read the tokens it stored back with `AccessToken.sealed`.
 * @param encodedKey the value of C2C_TOKEN_ENCRYPTION_KEY: 32 bytes as 64 hex digits or 43 base64url characters.
 * @throws ConfigurationError naming C2C_TOKEN_ENCRYPTION_KEY when the key is unusable.
 */
export function encryptedRepository(inner: AccountLinkRepository, encodedKey: string): AccountLinkRepository {
  return new EncryptingAccountLinkRepository(inner, configuredTokenCipher(encodedKey));
}

/**
 * The cipher of the configured key.
 * @throws ConfigurationError naming C2C_TOKEN_ENCRYPTION_KEY; the problem describes the key's shape, never its content.
 */
export function configuredTokenCipher(encodedKey: string): JweTokenCipher {
  try {
    return JweTokenCipher.fromEncodedKey(encodedKey);
  } catch (error) {
    const problem = error instanceof Error ? error.message : 'is not a valid key';
    throw new ConfigurationError([{ variable: 'C2C_TOKEN_ENCRYPTION_KEY', problem }]);
  }
}
