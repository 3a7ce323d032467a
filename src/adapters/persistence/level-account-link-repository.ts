import { mkdir } from 'node:fs/promises';
import type { AccountLinkRepository, ClaimedCallback, LinkPage, LinkPageQuery } from '../../application/ports/account-link-repository.js';
import { AccountLink } from '../../domain/account-link.js';
import { AssociationModifiedConcurrently } from '../../domain/errors/association-modified-concurrently.js';
import { InvalidRequest } from '../../domain/errors/invalid-request.js';
import { importOptionalDependency } from '../optional-dependency/import-optional-dependency.js';
import { AccountLinkItemMapper, ITEM_KEYS } from './account-link-item.js';
import { PersistenceUnavailable } from './persistence-unavailable.js';

/** Whether the embedded store takes writes: `degraded` from a failed write until one succeeds again. */
export type EmbeddedStoreHealth = 'ok' | 'degraded';

/** The part of classic-level's database this store uses. */
interface LevelDatabase {
  open(): Promise<void>;
  close(): Promise<void>;
  put(key: string, value: string): Promise<void>;
  del(key: string): Promise<void>;
  iterator(options: { gt: string; lt: string }): AsyncIterable<[string, string]>;
}

const LINK_PREFIX = 'link~';
/** After every key the store writes for a link, for the range of a full read. */
const LINK_PREFIX_END = 'link\u007f';
/** Outside the links' range: the write `health()` tries while writes fail. */
const PROBE_KEY = 'probe~health';
/** The name errors and logs give the store, where a DynamoDB table would be named. */
const STORE_NAME = 'embedded';

/** An item as LevelDB keeps it: the table's layout, read back from its JSON. */
type StoredItem = Readonly<Record<string, unknown>>;

export interface LevelAccountLinkRepositoryOptions {
  /** The store's folder (LevelDB's files), created if missing (mode 0700, its parents too). */
  readonly path: string;
}

/**
 * The embedded store: LevelDB (classic-level, an optional dependency) in a folder of the data directory, with
 * every link also held in this process's memory. LevelDB allows one process per folder, so this process is the
 * only writer: each write is checked against memory, written to LevelDB, and only then applied to memory, one
 * write per association at a time; a read never waits and sees only what LevelDB took. Items have the
 * DynamoDB table's layout (AccountLinkItemMapper), so both stores read and validate them alike. One write or
 * none per call, no network round trip: a DynamoDB-compatible server in the process cost 2.5–3.5 ms a call.
 */
export class LevelAccountLinkRepository implements AccountLinkRepository {
  readonly #db: LevelDatabase;
  readonly #mapper = new AccountLinkItemMapper({ pendingRetentionSeconds: 86_400 });
  readonly #items = new Map<string, StoredItem>();
  /** The write in progress per association, which the next write on it waits for. */
  readonly #writing = new Map<string, Promise<unknown>>();
  #writesFailing = false;

  private constructor(db: LevelDatabase) {
    this.#db = db;
  }

  /**
   * Opens (or creates) the store and reads every link into memory.
   * @throws OptionalDependencyMissing when classic-level is not installed.
   * @throws Error naming the folder when another process has it open.
   */
  static async open(options: LevelAccountLinkRepositoryOptions): Promise<LevelAccountLinkRepository> {
    const { ClassicLevel } = await importOptionalDependency('classic-level', 'The embedded store', () => import('classic-level'));
    await mkdir(options.path, { recursive: true, mode: 0o700 });
    const db = new ClassicLevel<string, string>(options.path, { valueEncoding: 'utf8' }) as unknown as LevelDatabase;
    try {
      await db.open();
    } catch (error) {
      if (causeCodeOf(error) === 'LEVEL_LOCKED') {
        throw new Error(`The embedded store at ${options.path} is in use by another process.`, { cause: error });
      }
      throw error;
    }
    const repository = new LevelAccountLinkRepository(db);
    try {
      for await (const [key, value] of db.iterator({ gt: LINK_PREFIX, lt: LINK_PREFIX_END })) {
        repository.#items.set(key.slice(LINK_PREFIX.length), JSON.parse(value) as StoredItem);
      }
    } catch (error) {
      await db.close();
      throw error;
    }
    return repository;
  }

  /** How many links are stored. */
  get size(): number {
    return this.#items.size;
  }

  async create(link: AccountLink): Promise<void> {
    await this.#exclusive(link.associationId, async () => {
      if (this.#items.has(link.associationId)) throw new AssociationModifiedConcurrently(link.associationId);
      await this.#store(link.associationId, link);
    });
  }

  async findById(associationId: string): Promise<AccountLink | undefined> {
    const item = this.#items.get(associationId);
    return item === undefined ? undefined : this.#mapper.fromItem(item);
  }

  /** The newest by `updatedAt`, as the table's user index answers first. */
  async findByUserId(userId: string): Promise<AccountLink | undefined> {
    let newest: StoredItem | undefined;
    for (const item of this.#items.values()) {
      if (item[ITEM_KEYS.userId] !== userId) continue;
      if (newest === undefined || String(item[ITEM_KEYS.updatedAt]) > String(newest[ITEM_KEYS.updatedAt])) newest = item;
    }
    return newest === undefined ? undefined : this.#mapper.fromItem(newest);
  }

  async save(link: AccountLink, expectedVersion: number): Promise<void> {
    await this.#exclusive(link.associationId, async () => {
      if (this.#items.get(link.associationId)?.[ITEM_KEYS.version] !== expectedVersion) {
        throw new AssociationModifiedConcurrently(link.associationId);
      }
      await this.#store(link.associationId, link);
    });
  }

  async claimPending(associationId: string, state: string, now: Date, finishBy: Date): Promise<ClaimedCallback | undefined> {
    return this.#exclusive(associationId, async () => {
      const item = this.#items.get(associationId);
      if (item === undefined) return undefined;
      const link = this.#mapper.fromItem(item);
      if (!link.holdsPendingState(state) || !link.isAwaitingCallback(now)) return undefined;
      const nonce = link.pending?.nonce;
      const codeVerifier = link.claimCallback(state, now, finishBy);
      await this.#store(associationId, link);
      return { link, codeVerifier, ...(nonce === undefined ? {} : { nonce }) };
    });
  }

  /** In associationId order; `next` is the last id answered. */
  async list(query: LinkPageQuery): Promise<LinkPage> {
    const { after, connectorDestinationId, limit } = query;
    if (after !== undefined && !AccountLink.isAssociationId(after)) throw new InvalidRequest('NextToken is not valid.');
    const matching = [...this.#items.entries()]
      .filter(([id, item]) => (after === undefined || id > after) && (connectorDestinationId === undefined || item[ITEM_KEYS.connectorDestinationId] === connectorDestinationId))
      .sort(([a], [b]) => (a < b ? -1 : 1));
    const page = matching.slice(0, limit);
    return {
      links: page.map(([, item]) => this.#mapper.fromItem(item)),
      next: matching.length > page.length ? page.at(-1)?.[0] : undefined,
    };
  }

  async delete(associationId: string, expectedVersion: number): Promise<void> {
    await this.#exclusive(associationId, async () => {
      const item = this.#items.get(associationId);
      if (item === undefined) return;
      if (item[ITEM_KEYS.version] !== expectedVersion) throw new AssociationModifiedConcurrently(associationId);
      await this.#write('delete', () => this.#db.del(LINK_PREFIX + associationId));
      this.#items.delete(associationId);
    });
  }

  /**
   * `ok`, or `degraded` while writes fail. When degraded, a small write is tried first, so that the answer
   * turns `ok` as soon as the disk has room again, without waiting for a user's write.
   */
  async health(): Promise<EmbeddedStoreHealth> {
    if (!this.#writesFailing) return 'ok';
    try {
      await this.#write('probe', () => this.#db.put(PROBE_KEY, new Date().toISOString()));
      return 'ok';
    } catch {
      return 'degraded';
    }
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.#writing.values());
    await this.#db.close();
  }

  /** Writes the link's item, and keeps in memory what LevelDB took (the JSON read back: no undefined members). */
  async #store(associationId: string, link: AccountLink): Promise<void> {
    const json = JSON.stringify(this.#mapper.toItem(link));
    await this.#write('write', () => this.#db.put(LINK_PREFIX + associationId, json));
    this.#items.set(associationId, JSON.parse(json) as StoredItem);
  }

  /** A LevelDB write; a failure (a full or failing disk) is PersistenceUnavailable, and marks the store degraded. */
  async #write(operation: string, write: () => Promise<void>): Promise<void> {
    try {
      await write();
    } catch (error) {
      this.#writesFailing = true;
      throw PersistenceUnavailable.ofEmbeddedStore(operation, STORE_NAME, error);
    }
    this.#writesFailing = false;
  }

  /** Runs `work` after the write in progress on this association, if any, has ended. */
  async #exclusive<T>(associationId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.#writing.get(associationId) ?? Promise.resolve();
    const current = previous.then(work);
    const settled = current.then(
      () => undefined,
      () => undefined,
    );
    this.#writing.set(associationId, settled);
    try {
      return await current;
    } finally {
      if (this.#writing.get(associationId) === settled) this.#writing.delete(associationId);
    }
  }
}

function causeCodeOf(error: unknown): unknown {
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause;
  return cause?.code ?? (error as { code?: unknown } | undefined)?.code;
}
