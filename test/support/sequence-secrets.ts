import { createHash } from 'node:crypto';
import type { PkcePair, SecretGenerator } from '#application/ports/secret-generator.js';

/** Predictable secrets for unit tests: association1, state-1, verifier-1 (and its S256 challenge), then 2, ... */
export class SequenceSecrets implements SecretGenerator {
  #ids = 0;
  #states = 0;
  #pairs = 0;

  associationId(): string {
    return `association${++this.#ids}`;
  }

  state(): string {
    return `state-${++this.#states}`;
  }

  pkce(): PkcePair {
    const n = ++this.#pairs;
    const verifier = `verifier-${n}`;
    return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
  }
}
