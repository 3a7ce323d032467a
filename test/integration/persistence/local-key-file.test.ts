import { chmod, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { JweTokenCipher } from '#adapters/persistence/jwe-token-cipher.js';
import { LocalKeyFile, TOKEN_KEY_FILE_NAME } from '#adapters/persistence/local-key-file.js';

describe('LocalKeyFile', () => {
  let folder: string;

  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'c2c-key-'));
  });

  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('creates a 32-byte key once, in a file of mode 0600, and reads the same key back', async () => {
    const dataFolder = join(folder, 'data');
    const first = await new LocalKeyFile(dataFolder).readOrCreate();
    expect(first).to.have.length(32);

    const path = join(dataFolder, TOKEN_KEY_FILE_NAME);
    expect((await stat(path)).mode & 0o777).to.equal(0o600);
    expect(Buffer.from(JweTokenCipher.parseKey(await readFile(path, 'utf8')))).to.deep.equal(Buffer.from(first));

    const second = await new LocalKeyFile(dataFolder).readOrCreate();
    expect(Buffer.from(second)).to.deep.equal(Buffer.from(first));
  });

  it('gives every concurrent first caller the same key and leaves no temporary file', async () => {
    const keys = await Promise.all(Array.from({ length: 8 }, () => new LocalKeyFile(folder).readOrCreate()));
    for (const key of keys) expect(Buffer.from(key)).to.deep.equal(Buffer.from(keys[0] ?? new Uint8Array()));
    expect(await readdir(folder)).to.deep.equal([TOKEN_KEY_FILE_NAME]);
  });

  it('refuses a key file that other users can read', async () => {
    const keyFile = new LocalKeyFile(folder);
    await keyFile.readOrCreate();
    await chmod(keyFile.path, 0o644);
    let error: unknown;
    await keyFile.readOrCreate().catch((e: unknown) => (error = e));
    expect((error as Error).message).to.match(/readable by other users/);
  });
});
