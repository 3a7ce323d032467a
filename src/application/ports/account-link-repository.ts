import type { AccountLink } from '../../domain/account-link.js';

/** A pending round trip consumed by `claimPending`: the link as the claim left it, and the PKCE verifier and nonce it held. */
export interface ClaimedCallback {
  readonly link: AccountLink;
  readonly codeVerifier: string;
  /** The round trip's OIDC nonce, when it sent one. */
  readonly nonce?: string | undefined;
}

/**
 * Port: where AccountLinks live. Every write is compare-and-set on `version`, so that two requests racing
 * on one association (two callbacks with the same code, say) cannot both win.
 */
export interface AccountLinkRepository {
  /** @throws AssociationModifiedConcurrently when an association with that id exists already. */
  create(link: AccountLink): Promise<void>;

  findById(associationId: string): Promise<AccountLink | undefined>;

  /** The link of a user that activated successfully, if any. */
  findByUserId(userId: string): Promise<AccountLink | undefined>;

  /**
   * Stores `link` only if the stored copy still has `expectedVersion` (the version it was read at).
   * @throws AssociationModifiedConcurrently when the stored version differs or the link is gone.
   */
  save(link: AccountLink, expectedVersion: number): Promise<void>;

  /** Removes the link if its stored version is `expectedVersion`; removing a missing link is not an error. */
  delete(associationId: string, expectedVersion: number): Promise<void>;

  /**
   * Optional: `AccountLink.claimCallback(state, now, finishBy)` applied in one conditional write, without reading
   * the link first: only while the stored link's pending round trip has this `state` and has not expired at `now`,
   * and by one caller however many race; the claim's deadline `finishBy` is written by the same write. Answers
   * the claimed link (its version after the claim) and the verifier, or undefined when there was nothing to
   * claim. Without it, CompleteLinking reads the link and saves the claim.
   */
  claimPending?(associationId: string, state: string, now: Date, finishBy: Date): Promise<ClaimedCallback | undefined>;
}
