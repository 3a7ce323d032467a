/** The configured token encryption key is not 32 bytes in a supported encoding. Never carries the key. */
export class InvalidTokenEncryptionKey extends Error {
  constructor(reason: string) {
    super(`The token encryption key is unusable: ${reason}`);
    this.name = 'InvalidTokenEncryptionKey';
  }
}
