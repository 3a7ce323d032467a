import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { expect } from 'chai';
import { createDynamoDbDocumentClient } from '#adapters/persistence/create-dynamo-db-document-client.js';
import { EMBEDDED_LOCK_FILE_NAME, EmbeddedDynamoDb } from '#adapters/persistence/embedded-dynamo-db.js';
import { JweTokenCipher } from '#adapters/persistence/jwe-token-cipher.js';
import { LocalKeyFile } from '#adapters/persistence/local-key-file.js';
import type { AccountLink } from '#domain/account-link.js';
import { aSucceededLink, comparable } from '../../support/account-links.js';
import { startDynaliteLinkStore } from '../../support/dynalite-link-store.js';

describe('EmbeddedDynamoDb', () => {
  let folder: string;

  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'c2c-embedded-'));
  });

  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('serves the AWS SDK on 127.0.0.1 in memory', async () => {
    const embedded = new EmbeddedDynamoDb();
    const endpoint = await embedded.start();
    expect(endpoint).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(embedded.endpoint).to.equal(endpoint);
    const client = createDynamoDbDocumentClient({ endpoint });
    try {
      expect((await client.send(new ListTablesCommand({}))).TableNames).to.deep.equal([]);
    } finally {
      client.destroy();
      await embedded.stop();
    }
    expect(() => embedded.endpoint).to.throw(/not started/);
    await embedded.stop();
  });

  it('keeps links on disk across a stop and a start on the same folder, key file included', async () => {
    const path = join(folder, 'store');
    const keyFile = new LocalKeyFile(folder);
    const link = aSucceededLink({ userId: 'user-on-disk' });

    const first = await startDynaliteLinkStore({ path, cipher: new JweTokenCipher(await keyFile.readOrCreate()) });
    await first.repository.create(link);
    await first.stop();
    expect(await readdir(path)).to.include('CURRENT');
    expect(await readdir(path)).to.not.include(EMBEDDED_LOCK_FILE_NAME);

    const second = await startDynaliteLinkStore({ path, cipher: new JweTokenCipher(await keyFile.readOrCreate()) });
    try {
      const found = await second.repository.findById(link.associationId);
      expect(comparable(found as AccountLink)).to.deep.equal(comparable(link));
      expect((await second.repository.findByUserId('user-on-disk'))?.associationId).to.equal(link.associationId);
    } finally {
      await second.stop();
    }
  });

  it('refuses a second server on a folder in use instead of crashing the process', async () => {
    const first = new EmbeddedDynamoDb({ path: folder });
    await first.start();
    try {
      let error: unknown;
      await new EmbeddedDynamoDb({ path: folder }).start().catch((e: unknown) => (error = e));
      expect(error).to.be.instanceOf(Error);
      expect((error as Error).message).to.include(`in use by process ${process.pid} (this one)`);
    } finally {
      await first.stop();
    }
  });

  it('takes over the lock file of a process that no longer runs', async () => {
    await writeFile(join(folder, EMBEDDED_LOCK_FILE_NAME), '2147483646\n');
    const embedded = new EmbeddedDynamoDb({ path: folder });
    await embedded.start();
    await embedded.stop();
  });

  it('listens on the port it is given', async () => {
    const probe = new EmbeddedDynamoDb();
    const port = Number(new URL(await probe.start()).port);
    await probe.stop();
    const embedded = new EmbeddedDynamoDb({ port });
    try {
      expect(await embedded.start()).to.equal(`http://127.0.0.1:${port}`);
    } finally {
      await embedded.stop();
    }
  });
});
