/**
 * A stored token could not be decrypted: the key differs from the one that encrypted it, or the stored
 * value was altered. The message never carries the ciphertext or the plaintext.
 */
export class TokenDecryptionFailed extends Error {
  constructor(options?: { cause?: unknown }) {
    super('A stored token could not be decrypted: wrong token encryption key or altered data.', options);
    this.name = 'TokenDecryptionFailed';
  }
}
