import type { IdentityLookup } from './ports/identity-lookup.js';
import type { TokenVerifier } from './ports/token-verifier.js';

/** One step of the ordered identity chain (`C2C_IDENTITY_SOURCES`). */
export type IdentitySource =
  | { readonly kind: 'verifier'; readonly name: string; readonly verifier: TokenVerifier }
  | { readonly kind: 'lookup'; readonly name: string; readonly lookup: IdentityLookup };

export function verifiedLocallyBy(name: string, verifier: TokenVerifier): IdentitySource {
  return { kind: 'verifier', name, verifier };
}

export function lookedUpRemotelyBy(name: string, lookup: IdentityLookup): IdentitySource {
  return { kind: 'lookup', name, lookup };
}
