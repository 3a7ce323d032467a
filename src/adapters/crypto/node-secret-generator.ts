import { createHash, randomBytes } from 'node:crypto';
import type { PkcePair, SecretGenerator } from '../../application/ports/secret-generator.js';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Secrets from node:crypto's CSPRNG. */
export class NodeSecretGenerator implements SecretGenerator {
  /** 32 alphanumerics: about 190 bits, drawn without modulo bias. */
  associationId(): string {
    let id = '';
    while (id.length < 32) {
      for (const byte of randomBytes(48)) {
        if (byte < 248 && id.length < 32) id += ALPHANUMERIC[byte % 62];
      }
    }
    return id;
  }

  state(): string {
    return randomBytes(32).toString('base64url');
  }

  /** RFC 7636: a 43-character verifier and its S256 challenge. */
  pkce(): PkcePair {
    const verifier = randomBytes(32).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    return { verifier, challenge };
  }
}
