import { createCipheriv, randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { expect } from 'chai';
import { CompactEncrypt, compactDecrypt, decodeProtectedHeader } from 'jose';
import { InvalidTokenEncryptionKey } from '#adapters/persistence/invalid-token-encryption-key.js';
import { JweTokenCipher } from '#adapters/persistence/jwe-token-cipher.js';
import { TokenDecryptionFailed } from '#adapters/persistence/token-decryption-failed.js';

describe('JweTokenCipher', () => {
  const key = randomBytes(32);
  const cipher = new JweTokenCipher(key);
  const plaintext = 'eyJhbGciOiJSUzI1NiJ9.a-very-secret-access-token.signature';

  async function decryptionFailure(decrypting: Promise<string>): Promise<TokenDecryptionFailed> {
    const error = await decrypting.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(TokenDecryptionFailed);
    return error as TokenDecryptionFailed;
  }

  it('round-trips a token through a compact JWE with alg dir and enc A256GCM', async () => {
    const jwe = await cipher.encrypt(plaintext);
    expect(jwe.split('.')).to.have.length(5);
    expect(jwe.split('.')[1]).to.equal('');
    expect(decodeProtectedHeader(jwe)).to.deep.equal({ alg: 'dir', enc: 'A256GCM' });
    expect(jwe).to.not.include(plaintext);
    expect(await cipher.decrypt(jwe)).to.equal(plaintext);
  });

  it('round-trips non-ASCII text', async () => {
    expect(await cipher.decrypt(await cipher.encrypt('jeton-été-🔑'))).to.equal('jeton-été-🔑');
  });

  it('is not affected by later changes to the key array it was given', async () => {
    const bytes = new Uint8Array(randomBytes(32));
    const own = new JweTokenCipher(bytes);
    const jwe = await own.encrypt(plaintext);
    bytes.fill(0);
    expect(await own.decrypt(jwe)).to.equal(plaintext);
  });

  it('fails with TokenDecryptionFailed under another key, revealing neither ciphertext nor plaintext', async () => {
    const jwe = await cipher.encrypt(plaintext);
    const error = await decryptionFailure(new JweTokenCipher(randomBytes(32)).decrypt(jwe));
    expect(error.name).to.equal('TokenDecryptionFailed');
    const everything = `${error.message}\n${error.stack ?? ''}\n${inspect(error, { depth: 5 })}`;
    expect(everything).to.not.include(plaintext);
    for (const part of jwe.split('.').filter((p) => p.length > 0)) expect(everything).to.not.include(part);
  });

  it('fails with TokenDecryptionFailed when the ciphertext was altered', async () => {
    const [header, encryptedKey, iv, ciphertext, tag] = (await cipher.encrypt(plaintext)).split('.');
    const flipped = `${ciphertext?.startsWith('A') ? 'B' : 'A'}${ciphertext?.slice(1) ?? ''}`;
    await decryptionFailure(cipher.decrypt([header, encryptedKey, iv, flipped, tag].join('.')));
  });

  describe('bound to a record and field', () => {
    const binding = { record: 'assoc-1', field: 'accessToken' };

    it('decrypts with the same binding, and says it in the protected header (authenticated by AES-GCM)', async () => {
      const jwe = await cipher.encrypt(plaintext, binding);
      expect(decodeProtectedHeader(jwe)).to.deep.equal({ alg: 'dir', enc: 'A256GCM', c2c_bound_to: 'accessToken@assoc-1' });
      expect(await cipher.decrypt(jwe, binding)).to.equal(plaintext);
    });

    it('refuses it for another record or another field', async () => {
      const jwe = await cipher.encrypt(plaintext, binding);
      await decryptionFailure(cipher.decrypt(jwe, { record: 'assoc-2', field: 'accessToken' }));
      await decryptionFailure(cipher.decrypt(jwe, { record: 'assoc-1', field: 'refreshToken' }));
    });

    it('refuses a binding rewritten in the header: the header is what the tag authenticates', async () => {
      const [, ...rest] = (await cipher.encrypt(plaintext, binding)).split('.');
      const forged = Buffer.from(JSON.stringify({ alg: 'dir', enc: 'A256GCM', c2c_bound_to: 'accessToken@assoc-2' })).toString('base64url');
      await decryptionFailure(cipher.decrypt([forged, ...rest].join('.'), { record: 'assoc-2', field: 'accessToken' }));
    });

    it('still decrypts a value written before values were bound', async () => {
      expect(await cipher.decrypt(await cipher.encrypt(plaintext), binding)).to.equal(plaintext);
    });
  });

  it('fails with TokenDecryptionFailed for text that is no JWE, or a JWE of another algorithm', async () => {
    await decryptionFailure(cipher.decrypt('not-a-jwe'));
    const [, ...rest] = (await cipher.encrypt(plaintext)).split('.');
    const otherHeader = Buffer.from(JSON.stringify({ alg: 'dir', enc: 'A128GCM' })).toString('base64url');
    await decryptionFailure(cipher.decrypt([otherHeader, ...rest].join('.')));
  });

  describe('the same JWE as jose reads and writes', () => {
    const binding = { record: 'assoc-1', field: 'accessToken' };

    it('is decrypted by jose, header and all', async () => {
      const { plaintext: decrypted, protectedHeader } = await compactDecrypt(await cipher.encrypt(plaintext, binding), key, {
        keyManagementAlgorithms: ['dir'],
        contentEncryptionAlgorithms: ['A256GCM'],
      });
      expect(new TextDecoder().decode(decrypted)).to.equal(plaintext);
      expect(protectedHeader).to.deep.equal({ alg: 'dir', enc: 'A256GCM', c2c_bound_to: 'accessToken@assoc-1' });
    });

    it('decrypts what jose encrypted, bound or not', async () => {
      const bound = await new CompactEncrypt(new TextEncoder().encode(plaintext))
        .setProtectedHeader({ alg: 'dir', enc: 'A256GCM', c2c_bound_to: 'accessToken@assoc-1' })
        .encrypt(key);
      expect(await cipher.decrypt(bound, binding)).to.equal(plaintext);
      await decryptionFailure(cipher.decrypt(bound, { ...binding, record: 'assoc-2' }));
      const unbound = await new CompactEncrypt(new TextEncoder().encode('jeton-été')).setProtectedHeader({ alg: 'dir', enc: 'A256GCM' }).encrypt(key);
      expect(await cipher.decrypt(unbound)).to.equal('jeton-été');
    });

    /** A JWE whose tag is right for `header`: what only the header check can refuse. */
    function sealedWith(header: unknown): string {
      const protectedHeader = Buffer.from(JSON.stringify(header)).toString('base64url');
      const iv = randomBytes(12);
      const aes = createCipheriv('aes-256-gcm', key, iv);
      aes.setAAD(Buffer.from(protectedHeader, 'ascii'));
      const ciphertext = Buffer.concat([aes.update(plaintext, 'utf8'), aes.final()]);
      return [protectedHeader, '', iv.toString('base64url'), ciphertext.toString('base64url'), aes.getAuthTag().toString('base64url')].join('.');
    }

    it('decrypts a JWE sealed with its header, and refuses one of compression, a critical extension, another algorithm or a header that is no object', async () => {
      expect(await cipher.decrypt(sealedWith({ alg: 'dir', enc: 'A256GCM' }))).to.equal(plaintext);
      const headers = {
        compressed: { alg: 'dir', enc: 'A256GCM', zip: 'DEF' },
        critical: { alg: 'dir', enc: 'A256GCM', crit: ['exp'], exp: 1 },
        'another key management': { alg: 'A256KW', enc: 'A256GCM' },
        'another content encryption': { alg: 'dir', enc: 'A128GCM' },
        'a binding that is no string': { alg: 'dir', enc: 'A256GCM', c2c_bound_to: 7 },
        'no object': 'dir',
      };
      for (const [name, header] of Object.entries(headers)) {
        const error = await cipher.decrypt(sealedWith(header)).then(() => undefined, (e: unknown) => e);
        expect(error, name).to.be.instanceOf(TokenDecryptionFailed);
      }
    });

    it('refuses a compact form it does not write: a key part, another IV or tag length, characters outside base64url, a sixth part', async () => {
      const [header = '', , iv = '', ciphertext = '', tag = ''] = (await cipher.encrypt(plaintext)).split('.');
      const variants = {
        'a key part with dir': [header, 'AAAA', iv, ciphertext, tag],
        'a short IV': [header, '', iv.slice(0, 8), ciphertext, tag],
        'a short tag': [header, '', iv, ciphertext, tag.slice(0, 16)],
        'a character outside base64url': [header, '', iv, `${ciphertext}+`, tag],
        'a sixth part': [header, '', iv, ciphertext, tag, ''],
      };
      for (const [name, parts] of Object.entries(variants)) {
        const error = await cipher.decrypt(parts.join('.')).then(() => undefined, (e: unknown) => e);
        expect(error, name).to.be.instanceOf(TokenDecryptionFailed);
      }
    });
  });

  it('refuses a key that is not 32 bytes', () => {
    expect(() => new JweTokenCipher(randomBytes(16))).to.throw(InvalidTokenEncryptionKey, /16 bytes, 32 are needed/);
  });

  describe('parseKey', () => {
    it('reads 64 hex digits and 43 base64url characters (with or without padding) to the same key', () => {
      const hex = key.toString('hex');
      const base64url = key.toString('base64url');
      expect(Buffer.from(JweTokenCipher.parseKey(hex))).to.deep.equal(key);
      expect(Buffer.from(JweTokenCipher.parseKey(hex.toUpperCase()))).to.deep.equal(key);
      expect(Buffer.from(JweTokenCipher.parseKey(base64url))).to.deep.equal(key);
      expect(Buffer.from(JweTokenCipher.parseKey(`${base64url}=`))).to.deep.equal(key);
      expect(Buffer.from(JweTokenCipher.parseKey(` ${base64url}\n`))).to.deep.equal(key);
    });

    it('builds a working cipher from the encoded key', async () => {
      const jwe = await JweTokenCipher.fromEncodedKey(key.toString('base64url')).encrypt(plaintext);
      expect(await cipher.decrypt(jwe)).to.equal(plaintext);
    });

    const wrong: Record<string, string> = {
      empty: '',
      'a 16-byte hex key': randomBytes(16).toString('hex'),
      'a 48-byte base64url key': randomBytes(48).toString('base64url'),
      'standard base64 with + and /': '+/'.repeat(21) + 'A',
      'hex with a non-hex digit': `${'a'.repeat(63)}g`,
      'a passphrase': 'correct horse battery staple',
    };
    for (const [name, text] of Object.entries(wrong)) {
      it(`refuses ${name} without echoing it`, () => {
        let error: unknown;
        try {
          JweTokenCipher.parseKey(text);
        } catch (e) {
          error = e;
        }
        expect(error).to.be.instanceOf(InvalidTokenEncryptionKey);
        expect((error as Error).message).to.match(/64 hex digits or 43 base64url characters/);
        if (text.length > 0) expect((error as Error).message).to.not.include(text);
      });
    }
  });
});
