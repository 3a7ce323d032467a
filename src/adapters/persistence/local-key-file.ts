import { randomBytes } from 'node:crypto';
// fs.promises, read when a key file is used: a module-level import of node:fs/promises compiles it at every
// cold start, and a Lambda on DynamoDB never reads a key file.
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { JweTokenCipher, TOKEN_ENCRYPTION_KEY_BYTES } from './jwe-token-cipher.js';

export const TOKEN_KEY_FILE_NAME = 'token-encryption.key';

/**
 * The token encryption key of a local install (the embedded store's default when no key is configured):
 * made once from 32 random bytes, kept base64url-encoded in `<folder>/token-encryption.key` with mode 0600,
 * and read back on later starts. Losing the file makes every stored token unreadable.
 */
export class LocalKeyFile {
  readonly path: string;
  readonly #folder: string;

  constructor(folder: string) {
    this.#folder = folder;
    this.path = join(folder, TOKEN_KEY_FILE_NAME);
  }

  /** The key in the file, creating the file first if it does not exist. Safe against a concurrent first start. */
  async readOrCreate(): Promise<Uint8Array> {
    const existing = await this.#read();
    if (existing !== undefined) return existing;
    await this.#create();
    const created = await this.#read();
    if (created === undefined) throw new Error(`The token key file ${this.path} vanished right after it was created.`);
    return created;
  }

  async #read(): Promise<Uint8Array | undefined> {
    let text: string;
    try {
      text = await fs.readFile(this.path, 'utf8');
    } catch (error) {
      if (isErrorCode(error, 'ENOENT')) return undefined;
      throw error;
    }
    if (process.platform !== 'win32' && ((await fs.stat(this.path)).mode & 0o077) !== 0) {
      throw new Error(`The token key file ${this.path} is readable by other users: chmod 600 it.`);
    }
    return JweTokenCipher.parseKey(text);
  }

  /** Writes a temporary file, then links it into place: the key file appears whole or not at all, and never twice. */
  async #create(): Promise<void> {
    await fs.mkdir(this.#folder, { recursive: true, mode: 0o700 });
    const temporary = join(this.#folder, `.${TOKEN_KEY_FILE_NAME}.${randomBytes(8).toString('hex')}`);
    const key = randomBytes(TOKEN_ENCRYPTION_KEY_BYTES).toString('base64url');
    await fs.writeFile(temporary, `${key}\n`, { mode: 0o600, flag: 'wx' });
    try {
      await fs.link(temporary, this.path);
    } catch (error) {
      if (!isErrorCode(error, 'EEXIST')) throw error;
    } finally {
      await fs.unlink(temporary);
    }
  }
}

function isErrorCode(error: unknown, code: string): boolean {
  return error instanceof Error && 'code' in error && error.code === code;
}
