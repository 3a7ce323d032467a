import { mkdir } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

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
 * tests and single-node installs. It has no transactions and ignores TTL. dynalite is loaded on `start()`,
 * so importing this module costs nothing to code that never starts one.
 */
export class EmbeddedDynamoDb {
  readonly #options: EmbeddedDynamoDbOptions;
  #server: Server | undefined;
  #endpoint: string | undefined;

  constructor(options: EmbeddedDynamoDbOptions = {}) {
    this.#options = options;
  }

  /** The endpoint URL while started. */
  get endpoint(): string {
    if (this.#endpoint === undefined) throw new Error('The embedded DynamoDB is not started.');
    return this.#endpoint;
  }

  /** Starts the server and returns its endpoint URL, e.g. `http://127.0.0.1:41234`. */
  async start(): Promise<string> {
    if (this.#server !== undefined) throw new Error('The embedded DynamoDB is already started.');
    const { path, port = 0, tableTransitionMs = 0 } = this.#options;
    if (path !== undefined) await mkdir(path, { recursive: true, mode: 0o700 });
    const { default: dynalite } = await import('dynalite');
    const server = dynalite({
      ...(path === undefined ? {} : { path }),
      createTableMs: tableTransitionMs,
      deleteTableMs: tableTransitionMs,
      updateTableMs: tableTransitionMs,
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.#server = server;
    this.#endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this.#endpoint;
  }

  /** Stops accepting requests, lets pending store operations finish, and closes the store. Idempotent. */
  async stop(): Promise<void> {
    const server = this.#server;
    if (server === undefined) return;
    this.#server = undefined;
    this.#endpoint = undefined;
    await new Promise<void>((resolve, reject) => {
      server.close((error) => (error ? reject(error) : resolve()));
      // Keep-alive sockets of SDK clients would otherwise hold the close until they time out.
      server.closeIdleConnections();
    });
  }
}
