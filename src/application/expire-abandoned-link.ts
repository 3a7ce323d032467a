import type { AccountLink } from '../domain/account-link.js';
import { DomainError } from '../domain/errors/domain-error.js';
import type { AccountLinkRepository } from './ports/account-link-repository.js';

/** Attempts before a link that keeps changing under us is answered as last computed. */
const MAX_ATTEMPTS = 3;

/**
 * A link just read, as it must be reported at `now`: `AccountLink.expireAbandoned` applied (an expired round
 * trip, or a claim whose claimant died, ends ASSOCIATION_FAILED) and stored by compare-and-set, so that the
 * store says what readers were told. Nothing relies on the store's TTL. For GetAccountAssociation and
 * ListAccountAssociations; costs a write only when the link changes.
 *
 * When a concurrent request changed the link first (the callback stored its outcome just in time, say),
 * the link is read again and the rule applied to that. A store that refuses the write is not the reader's
 * failure: the answer is the expired link, which the next reader stores, and a claimant past its deadline
 * never stores its result (CompleteLinking checks it). Undefined when the link was removed meanwhile.
 */
export async function expireAbandonedLink(links: AccountLinkRepository, link: AccountLink, now: Date): Promise<AccountLink | undefined> {
  let current: AccountLink | undefined = link;
  for (let attempt = 1; current !== undefined; attempt++) {
    const readVersion = current.version;
    if (!current.expireAbandoned(now)) return current;
    try {
      await links.save(current, readVersion);
      return current;
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      if (error.code !== 'ASSOCIATION_MODIFIED_CONCURRENTLY' || attempt === MAX_ATTEMPTS) return current;
    }
    current = await links.findById(current.associationId);
  }
  return undefined;
}
