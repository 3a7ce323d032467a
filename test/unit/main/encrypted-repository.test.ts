import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { decodeProtectedHeader } from 'jose';
import type { AccountLink } from '#domain/account-link.js';
import { InMemoryAccountLinkRepository } from '#adapters/persistence/in-memory-account-link-repository.js';
import { ConfigurationError } from '#main/config/configuration-error.js';
import { encryptedRepository } from '#main/encrypted-repository.js';
import { aSucceededLink, comparable } from '../../support/account-links.js';

describe('encryptedRepository', () => {
  it('puts a custom repository behind the encryption at rest the built-in stores have', async () => {
    const custom = new InMemoryAccountLinkRepository();
    const links = encryptedRepository(custom, randomBytes(32).toString('hex'));
    const link = aSucceededLink();
    await links.create(link);
    const held = (await custom.findById(link.associationId))?.tokens?.accessToken.reveal() ?? '';
    expect(decodeProtectedHeader(held)).to.include({ c2c_bound_to: `accessToken@${link.associationId}` });
    expect(comparable((await links.findById(link.associationId)) as AccountLink)).to.deep.equal(comparable(link));
  });

  it('refuses an unusable key with a ConfigurationError naming C2C_TOKEN_ENCRYPTION_KEY, never the key', () => {
    const badKey = 'a-passphrase-is-not-a-key';
    let error: unknown;
    try {
      encryptedRepository(new InMemoryAccountLinkRepository(), badKey);
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(ConfigurationError);
    expect((error as ConfigurationError).problems.map((p) => p.variable)).to.deep.equal(['C2C_TOKEN_ENCRYPTION_KEY']);
    expect((error as Error).message).to.not.include(badKey);
  });
});
