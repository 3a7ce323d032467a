import { createSecretKey, type KeyObject } from 'node:crypto';
import { CompactEncrypt, compactDecrypt } from 'jose';
import { InvalidTokenEncryptionKey } from './invalid-token-encryption-key.js';
import { TokenDecryptionFailed } from './token-decryption-failed.js';

export const TOKEN_ENCRYPTION_KEY_BYTES = 32;

const HEX_KEY = /^[0-9a-fA-F]{64}$/;
const BASE64URL_KEY = /^[A-Za-z0-9_-]{43}=?$/;

/**
 * Encrypts tokens at rest as compact JWE with direct use of a 256-bit shared key (`alg: dir`,
 * `enc: A256GCM`): authenticated, a fresh IV per token, and readable by any JOSE library given the key.
 */
export class JweTokenCipher {
  readonly #key: KeyObject;

  /** @param key exactly 32 bytes; copied, so later changes to the array do not reach the cipher. */
  constructor(key: Uint8Array) {
    if (key.length !== TOKEN_ENCRYPTION_KEY_BYTES) {
      throw new InvalidTokenEncryptionKey(`it has ${key.length} bytes, ${TOKEN_ENCRYPTION_KEY_BYTES} are needed.`);
    }
    this.#key = createSecretKey(Buffer.from(key));
  }

  /** A cipher for a configured key text (see `parseKey`). */
  static fromEncodedKey(text: string): JweTokenCipher {
    return new JweTokenCipher(JweTokenCipher.parseKey(text));
  }

  /**
   * Reads a 32-byte key written as 64 hex digits or 43 base64url characters (a trailing `=` is tolerated).
   * @throws InvalidTokenEncryptionKey otherwise; the message describes the input's shape, never its content.
   */
  static parseKey(text: string): Uint8Array {
    const trimmed = text.trim();
    if (HEX_KEY.test(trimmed)) return new Uint8Array(Buffer.from(trimmed, 'hex'));
    if (BASE64URL_KEY.test(trimmed)) {
      const bytes = Buffer.from(trimmed.replace(/=$/, ''), 'base64url');
      if (bytes.length === TOKEN_ENCRYPTION_KEY_BYTES) return new Uint8Array(bytes);
    }
    throw new InvalidTokenEncryptionKey(
      `expected ${TOKEN_ENCRYPTION_KEY_BYTES} bytes written as 64 hex digits or 43 base64url characters, ` +
        `got ${trimmed.length} characters.`,
    );
  }

  async encrypt(plaintext: string): Promise<string> {
    return new CompactEncrypt(new TextEncoder().encode(plaintext))
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
      .encrypt(this.#key);
  }

  /** @throws TokenDecryptionFailed when the key is wrong or the value is not an intact JWE of ours. */
  async decrypt(jwe: string): Promise<string> {
    try {
      const { plaintext } = await compactDecrypt(jwe, this.#key, {
        keyManagementAlgorithms: ['dir'],
        contentEncryptionAlgorithms: ['A256GCM'],
        maxDecompressedLength: 0,
      });
      return new TextDecoder('utf-8', { fatal: true }).decode(plaintext);
    } catch (error) {
      throw new TokenDecryptionFailed({ cause: error });
    }
  }
}
