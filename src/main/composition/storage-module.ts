import type { Container } from 'inversify';
import type { AccountLinkRepository } from '../../application/ports/account-link-repository.js';
import type { AppConfig } from '../config/app-config.js';
import { ConfigurationError } from '../config/configuration-error.js';
import { encryptedRepository } from '../encrypted-repository.js';
import type { AccountLinkStore } from '../open-account-link-store.js';
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
 * The AccountLinkRepository port, by kind: the one given in `ports` (used whatever the configuration says,
 * behind the same encryption at rest as the built-in kinds), else the configured store of the linking flow (DynamoDB or embedded, opened at start), else none.
 * Returns whether links are kept, and whether a store must be opened at start.
 */
export function bindStorage(container: Container, config: AppConfig, ports: PortOverrides, slot: StoreSlot): { keepsLinks: boolean; opensStore: boolean } {
  const custom = ports.accountLinkRepository;
  if (custom !== undefined) {
    const key = config.linking?.storage.encryptionKey ?? config.tokenEncryptionKey;
    if (key === undefined) {
      throw new ConfigurationError([
        {
          variable: 'C2C_TOKEN_ENCRYPTION_KEY',
          problem: 'is required to encrypt tokens at rest in the AccountLinkRepository given to createConnector (ports.accountLinkRepository)',
        },
      ]);
    }
    container.bind(TOKENS.AccountLinkRepository).toConstantValue(encryptedRepository(custom, key));
    return { keepsLinks: true, opensStore: false };
  }
  if (config.linking === undefined) return { keepsLinks: false, opensStore: false };
  container.bind(TOKENS.AccountLinkRepository).toDynamicValue(() => slot.repository);
  return { keepsLinks: true, opensStore: true };
}
