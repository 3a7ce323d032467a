import type { IdentitySource } from '#application/ports/identity-source.js';

/**
 * An identity source that answers every token at once, without verifying it: composed into the connector in
 * place of the JWT source, the whole call is our layers (envelope, fingerprint, cache miss, activation, line).
 */
export function instantIdentitySource(): IdentitySource {
  const inAnHour = new Date(Date.now() + 3_600_000);
  const claims = { userId: 'user', issuer: 'https://instant.bench.example', subject: 'user', source: 'jwt', expiresAt: inAnHour } as const;
  return { identify: () => Promise.resolve({ recognised: true, claims }) };
}
