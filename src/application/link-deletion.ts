import type { AccountLink } from '../domain/account-link.js';
import { DomainError } from '../domain/errors/domain-error.js';
import type { AccountLinkRepository } from './ports/account-link-repository.js';
import type { Clock } from './ports/clock.js';

/**
 * The deletion of an AccountLink, as DeactivateUser and DeleteAssociation both run it (in one process,
 * DeleteAssociation runs DeactivateUser inside its own): mark it ASSOCIATION_DELETING, revoke its tokens,
 * remove it. A failed attempt stays DELETING only when it is of the kind that is retried
 * (IDENTITY_PROVIDER_UNAVAILABLE: managed integrations retries the invocation, a DELETE answered 503 is
 * repeated). Any other failure would leave it waiting for a retry that never comes, so the attempt is
 * abandoned: the link returns to the state it was deleted from, with the reason as its ErrorMessage.
 */
export class LinkDeletion {
  constructor(
    private readonly links: AccountLinkRepository,
    private readonly clock: Clock,
  ) {}

  /** Marks the link DELETING; false when a concurrent request changed it first (that request finishes the job). */
  async begin(link: AccountLink): Promise<boolean> {
    const readVersion = link.version;
    link.beginDeletion(this.clock.now());
    if (link.version === readVersion) return true;
    try {
      await this.links.save(link, readVersion);
      return true;
    } catch (error) {
      if (isConcurrentChange(error)) return false;
      throw error;
    }
  }

  /** Removes the link. One already gone, or changed since (by the deletion nested in this one, say), is fine. */
  async complete(link: AccountLink): Promise<void> {
    try {
      await this.links.delete(link.associationId, link.version);
    } catch (error) {
      if (!isConcurrentChange(error)) throw error;
    }
  }

  /**
   * Ends the attempt that failed with `failure`, as the class says; the caller rethrows `failure`. The link
   * is read again: a nested deletion may have abandoned it already, which is then left as it is.
   */
  async fail(associationId: string, failure: unknown): Promise<void> {
    if (failure instanceof DomainError && failure.code === 'IDENTITY_PROVIDER_UNAVAILABLE') return;
    try {
      const link = await this.links.findById(associationId);
      if (link?.state !== 'ASSOCIATION_DELETING') return;
      const readVersion = link.version;
      link.abandonDeletion(reasonOf(failure), this.clock.now());
      await this.links.save(link, readVersion);
    } catch {
      // The caller reports `failure`, what the operator must fix; a store that also fails here leaves the
      // link DELETING, and the next DELETE, once the store answers, starts over.
    }
  }
}

function reasonOf(failure: unknown): string {
  if (!(failure instanceof DomainError)) return 'The deletion failed unexpectedly';
  // A DomainError's message never holds a token or a secret; ErrorMessage keeps [A-Za-z0-9 _-] of it.
  return `The deletion failed ${failure.code} ${failure.message.replace(/'/g, '')}`;
}

function isConcurrentChange(error: unknown): boolean {
  return error instanceof DomainError && error.code === 'ASSOCIATION_MODIFIED_CONCURRENTLY';
}
