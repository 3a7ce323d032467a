import type { Clock } from '../../application/ports/clock.js';
import type { CachedActivation, IdentityCache } from '../../application/ports/identity-cache.js';

export interface InMemoryIdentityCacheOptions {
  /** Most entries kept; the least recently used goes first. Default 10 000. */
  readonly maxEntries?: number;
}

interface Entry {
  readonly value: CachedActivation;
  readonly expiresAt: number;
}

/**
 * The identity cache of one process (one warm Lambda, one server), bounded in size: a flood of distinct
 * tokens evicts old entries instead of growing the heap.
 */
export class InMemoryIdentityCache implements IdentityCache {
  readonly #entries = new Map<string, Entry>();
  /**
   * Walks the map in insertion order, i.e. from the least recently used entry. Kept across evictions: a fresh
   * `keys()` iterator would first step over every slot that earlier deletions left in the table, which made
   * each eviction cost tens of microseconds once the cache was full.
   */
  #evictionCursor: Iterator<string> = this.#entries.keys();
  readonly #maxEntries: number;
  /** Entries expire on its monotonic time: a wall-clock correction neither revives nor drops them. */
  readonly #clock: Clock;

  constructor(clock: Clock, options: InMemoryIdentityCacheOptions = {}) {
    this.#clock = clock;
    this.#maxEntries = Math.max(0, options.maxEntries ?? 10_000);
  }

  get size(): number {
    return this.#entries.size;
  }

  get(fingerprint: string): CachedActivation | undefined {
    const entry = this.#entries.get(fingerprint);
    if (entry === undefined) return undefined;
    this.#entries.delete(fingerprint);
    if (entry.expiresAt <= this.#clock.monotonicMs()) return undefined;
    // Map keeps insertion order: re-inserting marks the entry as the most recently used.
    this.#entries.set(fingerprint, entry);
    return entry.value;
  }

  delete(fingerprint: string): void {
    this.#entries.delete(fingerprint);
  }

  set(fingerprint: string, value: CachedActivation, ttlMs: number): void {
    if (this.#maxEntries === 0 || !(ttlMs > 0)) return;
    this.#entries.delete(fingerprint);
    this.#entries.set(fingerprint, { value, expiresAt: this.#clock.monotonicMs() + ttlMs });
    while (this.#entries.size > this.#maxEntries) {
      let oldest = this.#evictionCursor.next();
      if (oldest.done === true) {
        this.#evictionCursor = this.#entries.keys();
        oldest = this.#evictionCursor.next();
        if (oldest.done === true) break;
      }
      this.#entries.delete(oldest.value);
    }
  }
}
