import { mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { importOptionalDependency } from '../optional-dependency/import-optional-dependency.js';
import { DynaliteDiskGuard, type EmbeddedStoreHealth } from './dynalite-disk-guard.js';

/** Marks an on-disk store as in use, with the owner's pid. */
export const EMBEDDED_LOCK_FILE_NAME = 'embedded-dynamo-db.pid';

export interface EmbeddedDynamoDbOptions {
  /** Folder of an on-disk store, created if missing (mode 0700). Default: in memory, gone on `stop()`. */
  readonly path?: string;
  /** Port on 127.0.0.1. Default 0: a free port chosen by the system. */
  readonly port?: number;
  /**
   * How long a created, updated or deleted table stays in its transitional state (CREATING...). Default 0:
   * tables are ACTIVE at once. dynalite's own default, 500, mimics DynamoDB more closely.
   */
  readonly tableTransitionMs?: number;
}

/**
 * A DynamoDB-compatible server (dynalite, on LevelDB) running in this process on 127.0.0.1, for development,
 * tests and single-node installs. It has no transactions and ignores TTL. dynalite (an optional dependency)
 * is loaded on `start()`, so importing this module costs nothing to code that never starts one, and works
 * where dynalite is not installed.
 */
export class EmbeddedDynamoDb {
  readonly #options: EmbeddedDynamoDbOptions;
  readonly #guard = new DynaliteDiskGuard();
  #server: Server | undefined;
  #endpoint: string | undefined;
  #lockFile: string | undefined;

  constructor(options: EmbeddedDynamoDbOptions = {}) {
    this.#options = options;
  }

  /** The endpoint URL while started. */
  get endpoint(): string {
    if (this.#endpoint === undefined) throw new Error('The embedded DynamoDB is not started.');
    return this.#endpoint;
  }

  /**
   * Starts the server and returns its endpoint URL, e.g. `http://127.0.0.1:41234`.
   * @throws OptionalDependencyMissing when dynalite is not installed, before anything is written to `path`.
   * @throws Error when the on-disk store is in use by a running process (this one included).
   */
  async start(): Promise<string> {
    if (this.#server !== undefined) throw new Error('The embedded DynamoDB is already started.');
    const { path, port = 0, tableTransitionMs = 0 } = this.#options;
    const { default: dynalite } = await importOptionalDependency('dynalite', 'The embedded DynamoDB store', () => import('dynalite'));
    if (path !== undefined) {
      await mkdir(path, { recursive: true, mode: 0o700 });
      this.#lockFile = await lockStore(path);
    }
    let server: Server;
    try {
      server = await listen(dynalite, this.#guard, path, port, tableTransitionMs);
    } catch (error) {
      await this.#unlock();
      throw error;
    }
    this.#server = server;
    this.#endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this.#endpoint;
  }

  /**
   * `degraded` while the store cannot write its files (a full disk): its writes are then answered as
   * PersistenceUnavailable by the repository, and everything else keeps working. Tries a small write when
   * degraded, so that it says `ok` again once the disk has room.
   */
  health(): Promise<EmbeddedStoreHealth> {
    return this.#guard.health();
  }

  /** Stops accepting requests, lets pending store operations finish, and closes the store. Idempotent. */
  async stop(): Promise<void> {
    const server = this.#server;
    if (server === undefined) return;
    this.#server = undefined;
    this.#endpoint = undefined;
    try {
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive sockets of SDK clients would otherwise hold the close until they time out.
        server.closeIdleConnections();
      });
    } finally {
      await this.#unlock();
    }
  }

  async #unlock(): Promise<void> {
    const lockFile = this.#lockFile;
    this.#lockFile = undefined;
    if (lockFile !== undefined) await unlink(lockFile).catch(() => undefined);
  }
}

type Dynalite = typeof import('dynalite');

async function listen(dynalite: Dynalite, guard: DynaliteDiskGuard, path: string | undefined, port: number, tableTransitionMs: number): Promise<Server> {
  const server = dynalite(
    guard.optionsFor({
      ...(path === undefined ? {} : { path }),
      createTableMs: tableTransitionMs,
      deleteTableMs: tableTransitionMs,
      updateTableMs: tableTransitionMs,
    }),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server;
}

/**
 * LevelDB allows one opener per folder, and a second dynalite on a folder in use does not fail cleanly:
 * the store's open error surfaces later as an unhandled 'error' event that ends the process. So claim the
 * folder first, with a pid file; one left by a process that no longer runs is taken over.
 */
async function lockStore(folder: string): Promise<string> {
  const lockFile = join(folder, EMBEDDED_LOCK_FILE_NAME);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(lockFile, `${process.pid}\n`, { flag: 'wx', mode: 0o600 });
      return lockFile;
    } catch (error) {
      if (!hasCode(error, 'EEXIST')) throw error;
    }
    const owner = Number.parseInt(await readFile(lockFile, 'utf8').catch(() => ''), 10);
    if (Number.isInteger(owner) && isRunning(owner)) {
      throw new Error(
        `The embedded DynamoDB store ${folder} is in use by process ${owner}` +
          (owner === process.pid ? ' (this one)' : '') +
          `; if it is not, remove ${lockFile}.`,
      );
    }
    await unlink(lockFile).catch(() => undefined);
  }
  throw new Error(`Could not lock the embedded DynamoDB store ${folder}; remove ${lockFile} if no process uses it.`);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, under another user.
    return hasCode(error, 'EPERM');
  }
}

function hasCode(error: unknown, code: string): boolean {
  return error instanceof Error && 'code' in error && error.code === code;
}
