import type { AccountLinkRepository, ClaimedCallback } from '../../application/ports/account-link-repository.js';
import { AccountLink, type AccountLinkSnapshot } from '../../domain/account-link.js';
import { AssociationModifiedConcurrently } from '../../domain/errors/association-modified-concurrently.js';

/** For unit tests and examples only: keeps links in a Map, with the same compare-and-set rules as DynamoDB. */
export class InMemoryAccountLinkRepository implements AccountLinkRepository {
  readonly #links = new Map<string, AccountLinkSnapshot>();

  /** How many links are stored. */
  get size(): number {
    return this.#links.size;
  }

  async create(link: AccountLink): Promise<void> {
    if (this.#links.has(link.associationId)) throw new AssociationModifiedConcurrently(link.associationId);
    this.#links.set(link.associationId, link.toSnapshot());
  }

  async findById(associationId: string): Promise<AccountLink | undefined> {
    const snapshot = this.#links.get(associationId);
    return snapshot === undefined ? undefined : AccountLink.fromSnapshot(snapshot);
  }

  async findByUserId(userId: string): Promise<AccountLink | undefined> {
    for (const snapshot of this.#links.values()) {
      if (snapshot.userId === userId) return AccountLink.fromSnapshot(snapshot);
    }
    return undefined;
  }

  async save(link: AccountLink, expectedVersion: number): Promise<void> {
    const stored = this.#links.get(link.associationId);
    if (stored === undefined || stored.version !== expectedVersion) {
      throw new AssociationModifiedConcurrently(link.associationId);
    }
    this.#links.set(link.associationId, link.toSnapshot());
  }

  async claimPending(associationId: string, state: string, now: Date, finishBy: Date): Promise<ClaimedCallback | undefined> {
    const snapshot = this.#links.get(associationId);
    if (snapshot === undefined) return undefined;
    const link = AccountLink.fromSnapshot(snapshot);
    if (!link.holdsPendingState(state) || !link.isAwaitingCallback(now)) return undefined;
    const nonce = link.pending?.nonce;
    const codeVerifier = link.claimCallback(state, now, finishBy);
    this.#links.set(associationId, link.toSnapshot());
    return { link: AccountLink.fromSnapshot(link.toSnapshot()), codeVerifier, ...(nonce === undefined ? {} : { nonce }) };
  }

  async delete(associationId: string, expectedVersion: number): Promise<void> {
    const stored = this.#links.get(associationId);
    if (stored === undefined) return;
    if (stored.version !== expectedVersion) throw new AssociationModifiedConcurrently(associationId);
    this.#links.delete(associationId);
  }
}
