import type { AccountLinkRepository, LinkPage } from '../../application/ports/account-link-repository.js';
import type { AccountLink } from '../../domain/account-link.js';

/**
 * The link store of a connector that keeps none (no linking flow configured): it finds nothing and refuses
 * writes, so DeactivateUser only revokes the presented token.
 */
export class NoAccountLinkRepository implements AccountLinkRepository {
  async create(link: AccountLink): Promise<void> {
    throw new Error(`This connector keeps no account links; cannot store ${link.associationId}.`);
  }

  async findById(): Promise<AccountLink | undefined> {
    return undefined;
  }

  async findByUserId(): Promise<AccountLink | undefined> {
    return undefined;
  }

  async save(link: AccountLink): Promise<void> {
    throw new Error(`This connector keeps no account links; cannot store ${link.associationId}.`);
  }

  async list(): Promise<LinkPage> {
    return { links: [], next: undefined };
  }

  async delete(): Promise<void> {
    return undefined;
  }
}
