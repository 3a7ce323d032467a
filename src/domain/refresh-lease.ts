/**
 * A claim, stored on the link, that one refresh of its tokens is under way: processes sharing the store
 * wait for its holder instead of spending the refresh token twice (with rotation, a second use revokes
 * the grant). It lapses at `expiresAt`, so a holder that died does not block the link for good.
 */
export interface RefreshLease {
  /** An unguessable id of the attempt that took the lease. */
  readonly holder: string;
  readonly expiresAt: Date;
}
