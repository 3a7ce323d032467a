import type { PkcePair, SecretGenerator } from '#application/ports/secret-generator.js';

/** Predictable secrets for unit tests: association1, state-1, verifier-1 / challenge-1, then 2, ... */
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
    return { verifier: `verifier-${n}`, challenge: `challenge-${n}` };
  }
}
