import type { IdentityClaims } from '#application/ports/identity-claims.js';

/** Object mother for what an identity source reports. */
export function identityClaims(overrides: Partial<IdentityClaims> = {}): IdentityClaims {
  return { userId: 'user-123', issuer: 'https://idp.example.com', subject: 'user-123', source: 'jwt', ...overrides };
}
