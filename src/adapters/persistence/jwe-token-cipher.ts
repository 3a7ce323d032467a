import { createHmac, createSecretKey, hkdfSync, webcrypto, type KeyObject } from 'node:crypto';
import { CompactEncrypt, compactDecrypt } from 'jose';
import { InvalidTokenEncryptionKey } from './invalid-token-encryption-key.js';
import { TokenDecryptionFailed } from './token-decryption-failed.js';

export const TOKEN_ENCRYPTION_KEY_BYTES = 32;

const HEX_KEY = /^[0-9a-fA-F]{64}$/;
/** Private protected-header parameter (RFC 7516 §4.3) naming what a ciphertext belongs to. */
const BOUND_TO = 'c2c_bound_to';

/**
 * What a stored secret belongs to, e.g. `{ record: associationId, field: 'accessToken' }`. It travels in
 * the protected header, which AES-GCM authenticates: a value copied into another record or field no longer
 * decrypts there.
 */
export interface CiphertextBinding {
  readonly record: string;
  readonly field: string;
}
const BASE64URL_KEY = /^[A-Za-z0-9_-]{43}=?$/;

/**
 * Encrypts tokens at rest as compact JWE with direct use of a 256-bit shared key (`alg: dir`,
 * `enc: A256GCM`): authenticated, a fresh IV per token, bound to its record and field when given a
 * binding, and readable by any JOSE library given the key.
 */
export class JweTokenCipher {
  readonly #key: KeyObject;
  /**
   * `#key` imported into WebCrypto once: given a KeyObject, jose imports it again for every call (about 40% of
   * an encryption, measured with 800-byte tokens).
   */
  #cryptoKey: Promise<webcrypto.CryptoKey> | undefined;
  /** HMAC keys derived from `#key`, by purpose. */
  readonly #digestKeys = new Map<string, KeyObject>();

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

  async encrypt(plaintext: string, binding?: CiphertextBinding): Promise<string> {
    return new CompactEncrypt(new TextEncoder().encode(plaintext))
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM', ...(binding === undefined ? {} : { [BOUND_TO]: boundTo(binding) }) })
      .encrypt(await this.#webCryptoKey());
  }

  #webCryptoKey(): Promise<webcrypto.CryptoKey> {
    this.#cryptoKey ??= webcrypto.subtle.importKey('raw', this.#key.export(), 'AES-GCM', false, ['encrypt', 'decrypt']);
    return this.#cryptoKey;
  }

  /**
   * A keyed digest of `text` for `purpose` (HMAC-SHA-256, base64url, 43 characters) under a key derived from
   * this cipher's key: lets a store find and match a secret (the OAuth `state`) without holding it. Nobody
   * without the key can compute it, and equal texts give equal digests only for the same purpose.
   */
  digest(text: string, purpose: string): string {
    let key = this.#digestKeys.get(purpose);
    if (key === undefined) {
      key = deriveKey(this.#key, purpose);
      this.#digestKeys.set(purpose, key);
    }
    return createHmac('sha256', key).update(text, 'utf8').digest('base64url');
  }

  /**
   * With a binding, a value bound to another record or field is refused. One written without a binding
   * (before values were bound) still decrypts: nobody without the key can make such a value, only copy one.
   * @throws TokenDecryptionFailed when the key is wrong, the value is not an intact JWE of ours, or it belongs elsewhere.
   */
  async decrypt(jwe: string, binding?: CiphertextBinding): Promise<string> {
    let decrypted;
    try {
      decrypted = await compactDecrypt(jwe, await this.#webCryptoKey(), {
        keyManagementAlgorithms: ['dir'],
        contentEncryptionAlgorithms: ['A256GCM'],
        maxDecompressedLength: 0,
      });
    } catch (error) {
      throw new TokenDecryptionFailed({ cause: error });
    }
    const bound = decrypted.protectedHeader[BOUND_TO];
    if (binding !== undefined && bound !== undefined && bound !== boundTo(binding)) throw new TokenDecryptionFailed();
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(decrypted.plaintext);
    } catch (error) {
      throw new TokenDecryptionFailed({ cause: error });
    }
  }
}

/**
 * HKDF-SHA-256 (RFC 5869) of the cipher's key, with `purpose` as its info: a key of its own for each purpose,
 * so that the encryption key is never used for anything but encryption.
 */
function deriveKey(key: KeyObject, purpose: string): KeyObject {
  return createSecretKey(Buffer.from(hkdfSync('sha256', key, DIGEST_SALT, `c2c-account-linking ${purpose}`, 32)));
}

const DIGEST_SALT = Buffer.alloc(0);

function boundTo({ record, field }: CiphertextBinding): string {
  return `${field}@${record}`;
}
