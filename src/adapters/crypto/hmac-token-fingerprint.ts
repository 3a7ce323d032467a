import { createHmac, randomBytes } from 'node:crypto';
import type { TokenFingerprint } from '../../application/ports/token-fingerprint.js';
import type { AccessToken } from '../../domain/access-token.js';

/**
 * HMAC-SHA256 of the token under a key drawn once per process: a heap dump of the cache yields neither
 * tokens nor digests that could be matched against a token seen elsewhere.
 */
export class HmacTokenFingerprint implements TokenFingerprint {
  readonly #key: Buffer;

  constructor(key: Buffer = randomBytes(32)) {
    this.#key = key;
  }

  of(token: AccessToken): string {
    return createHmac('sha256', this.#key).update(token.reveal(), 'utf8').digest('base64url');
  }
}
