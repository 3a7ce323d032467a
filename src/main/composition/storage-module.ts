import type { Container } from 'inversify';
import type { AccountLinkRepository } from '../../application/ports/account-link-repository.js';
import type { AppConfig } from '../config/app-config.js';
import type { AccountLinkStore } from '../open-storage.js';
import { TOKENS } from '../tokens.js';
import type { PortOverrides } from './extensions.js';

/**
 * Where the composition keeps the link store it opens at start (`openAccountLinkStore`), so that the
 * repository binding, resolved after start, finds it.
 */
export class StoreSlot {
  #store: AccountLinkStore | undefined;

  fill(store: AccountLinkStore): void {
    this.#store = store;
  }

  get store(): AccountLinkStore | undefined {
    return this.#store;
  }

  get repository(): AccountLinkRepository {
    if (this.#store === undefined) throw new Error('The link store is not open yet: wait for connector.ready before resolving it.');
    return this.#store.repository;
  }
}

/**
 * The AccountLinkRepository port, by kind: the one given in `ports` (used whatever the configuration says),
 * else the configured store of the linking flow (DynamoDB or embedded, opened at start), else none.
 * Returns whether links are kept, and whether a store must be opened at start.
 */
export function bindStorage(container: Container, config: AppConfig, ports: PortOverrides, slot: StoreSlot): { keepsLinks: boolean; opensStore: boolean } {
  const custom = ports.accountLinkRepository;
  if (custom !== undefined) {
    container.bind(TOKENS.AccountLinkRepository).toConstantValue(custom);
    return { keepsLinks: true, opensStore: false };
  }
  if (config.linking === undefined) return { keepsLinks: false, opensStore: false };
  container.bind(TOKENS.AccountLinkRepository).toDynamicValue(() => slot.repository);
  return { keepsLinks: true, opensStore: true };
}
