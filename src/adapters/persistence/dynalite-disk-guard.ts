import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

import type { EmbeddedStoreHealth } from './level-account-link-repository.js';

export type { EmbeddedStoreHealth };

/** The callback-style LevelDB that dynalite's store keeps as `db`: `get`, `put`, `del`, `batch`, each with a callback last. */
type CallbackLevel = Record<string, unknown>;
type Put = (key: string, value: unknown, callback: () => void) => void;

type Callback = (error?: (Error & { code?: string }) | null, ...results: unknown[]) => void;

/** The option under which dynalite hands our guard to its store factory (dynalite passes its options on). */
const GUARD_OPTION = 'c2cDiskGuard';
const GUARDED_METHODS = ['get', 'put', 'del', 'batch'] as const;
const WRITE_METHODS: ReadonlySet<string> = new Set(['put', 'del', 'batch']);
/** LevelDB's errors for files it cannot write or read (a full disk, a failing one). */
const STORE_FILE_ERRORS: ReadonlySet<string> = new Set(['LEVEL_IO_ERROR', 'LEVEL_CORRUPTION']);
/** Outside every prefix dynalite gives its keys (`table~`, `item-…~`, `index-…~`, `tag-…~`). */
const PROBE_KEY = 'c2c-account-linking~write-probe';

const patchedFactories = new WeakSet<object>();

/**
 * dynalite 4 answers an error of its LevelDB by throwing it from a callback: on a full disk, the whole
 * process exits (`LEVEL_IO_ERROR`), the connector and `/health` with it. This guard is handed to dynalite's
 * store factory (through its options) and wraps the store's LevelDB: such an error becomes the store's
 * HTTP 500 `InternalServerError`, which the AWS SDK retries and the repository reports as
 * PersistenceUnavailable; and the guard remembers that writes fail, until one succeeds again.
 */
export class DynaliteDiskGuard {
  #db: CallbackLevel | undefined;
  #writesFailing = false;
  #probe: Promise<EmbeddedStoreHealth> | undefined;

  /** dynalite's options with this guard among them (call after dynalite is loaded). */
  optionsFor<T extends object>(options: T): T {
    installFactoryHook();
    return { ...options, [GUARD_OPTION]: this };
  }

  /**
   * `ok`, or `degraded` while writes fail. When degraded, a small write is tried first, so that the answer
   * turns `ok` as soon as the disk has room again, without waiting for a user's write.
   */
  health(): Promise<EmbeddedStoreHealth> {
    if (!this.#writesFailing || this.#db === undefined) return Promise.resolve('ok');
    // The guarded put, an arrow function: it records the outcome.
    const put = this.#db['put'] as Put;
    this.#probe ??= new Promise<EmbeddedStoreHealth>((resolve) => {
      put(PROBE_KEY, { probe: true }, () => resolve(this.#writesFailing ? 'degraded' : 'ok'));
    }).finally(() => (this.#probe = undefined));
    return this.#probe;
  }

  guard(db: CallbackLevel): void {
    this.#db = db;
    this.#writesFailing = false;
    for (const method of GUARDED_METHODS) {
      const original = db[method];
      if (typeof original !== 'function') continue;
      db[method] = (...args: unknown[]): unknown => {
        const callback = args[args.length - 1];
        if (typeof callback === 'function') args[args.length - 1] = this.#observing(method, callback as Callback);
        return (original as (...parameters: unknown[]) => unknown).apply(db, args);
      };
    }
  }

  #observing(method: string, callback: Callback): Callback {
    return (error, ...results) => {
      const failed = error !== null && error !== undefined && STORE_FILE_ERRORS.has(error.code ?? '');
      if (WRITE_METHODS.has(method)) {
        if (failed) this.#writesFailing = true;
        else if (error === null || error === undefined) this.#writesFailing = false;
      }
      callback(failed ? asServiceError(error) : error, ...results);
    };
  }
}

/** What dynalite sends as an HTTP answer instead of throwing: an error with `statusCode` and `body`. */
function asServiceError(cause: Error): Error {
  return Object.assign(new Error('The embedded store could not use its files.', { cause }), {
    statusCode: 500,
    body: { __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: 'The embedded store could not use its files.' },
  });
}

/** Once per copy of dynalite: its store factory calls the guard found in its options, if any. */
function installFactoryHook(): void {
  const require = createRequire(import.meta.url);
  // The copy `import('dynalite')` loaded from here: CommonJS, so both share the one module cache.
  const storeModule = require(join(dirname(require.resolve('dynalite')), 'db', 'index.js')) as {
    create: (options: Record<string, unknown>) => { db: CallbackLevel };
  };
  if (patchedFactories.has(storeModule)) return;
  patchedFactories.add(storeModule);
  const create = storeModule.create;
  storeModule.create = (options) => {
    const store = create(options);
    const guard = options[GUARD_OPTION];
    if (guard instanceof DynaliteDiskGuard) guard.guard(store.db);
    return store;
  };
}
