import type { UserIdentity } from '../../domain/user-identity.js';

/** Codes whose answer depends on the token alone, so that asking again within seconds changes nothing. */
export type CachedRejectionCode = 'INVALID_TOKEN' | 'EXPIRED_TOKEN';

/** What an earlier ActivateUser learnt about a token: who owns it, or why it was refused. */
export type CachedActivation =
  | { readonly kind: 'identified'; readonly identity: UserIdentity }
  | { readonly kind: 'rejected'; readonly code: CachedRejectionCode; readonly message: string };

/**
 * Port: remembers ActivateUser outcomes under a token fingerprint (never the token). Implementations
 * bound their size and forget an entry once its time to live has passed.
 */
export interface IdentityCache {
  get(fingerprint: string): CachedActivation | undefined;
  set(fingerprint: string, entry: CachedActivation, ttlMs: number): void;
  delete(fingerprint: string): void;
}
