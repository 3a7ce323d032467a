import { expect } from 'chai';
import { KeyedTokenFingerprint } from '#adapters/crypto/keyed-token-fingerprint.js';
import { AccessToken } from '#domain/access-token.js';

describe('KeyedTokenFingerprint', () => {
  const token = AccessToken.of('eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyLTEifQ.c2lnbmF0dXJl');

  it('gives equal tokens equal fingerprints, and other tokens other ones', () => {
    const fingerprint = new KeyedTokenFingerprint();
    expect(fingerprint.of(AccessToken.of(token.reveal()))).to.equal(fingerprint.of(token));
    expect(fingerprint.of(AccessToken.of(`${token.reveal()}x`))).to.not.equal(fingerprint.of(token));
  });

  it('is a 256-bit digest that holds nothing of the token', () => {
    const digest = new KeyedTokenFingerprint().of(token);
    expect(Buffer.from(digest, 'base64')).to.have.length(32);
    for (const part of token.reveal().split('.')) expect(digest).to.not.contain(part.slice(0, 8));
  });

  it('differs between processes: the key is drawn per instance, so a digest cannot be matched elsewhere', () => {
    expect(new KeyedTokenFingerprint().of(token)).to.not.equal(new KeyedTokenFingerprint().of(token));
    const key = Buffer.alloc(32, 7);
    expect(new KeyedTokenFingerprint(key).of(token)).to.equal(new KeyedTokenFingerprint(key).of(token));
  });
});
