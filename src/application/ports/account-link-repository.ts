import type { AccountLink } from '../../domain/account-link.js';

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
}
