import { inspect } from 'node:util';
import { expect } from 'chai';
import { AccessToken, MAX_ACCESS_TOKEN_LENGTH, MAX_SEALED_TOKEN_LENGTH } from '#domain/access-token.js';
import { InvalidRequest } from '#domain/errors/invalid-request.js';

describe('AccessToken', () => {
  const secret = 'eyJhbGciOiJSUzI1NiJ9.secret-part.signature';

  it('never prints, serialises or inspects to its value', () => {
    const token = AccessToken.of(secret);
    expect(String(token)).not.to.contain('secret-part');
    // eslint-disable-next-line @typescript-eslint/restrict-template-expressions -- interpolation, as in a log message, is what is tested.
    expect(`${token}`).to.equal('AccessToken(redacted)');
    expect(JSON.stringify({ token })).to.equal('{"token":"AccessToken(redacted)"}');
    expect(inspect(token)).not.to.contain('secret-part');
    expect(inspect({ nested: { token } }, { depth: 5 })).not.to.contain('secret-part');
  });

  it('reveals the value only on request', () => {
    expect(AccessToken.of(secret).reveal()).to.equal(secret);
  });

  it('refuses an empty token and one over 16 KiB with INVALID_REQUEST', () => {
    expect(() => AccessToken.of('')).to.throw(InvalidRequest).with.property('code', 'INVALID_REQUEST');
    expect(() => AccessToken.of('a'.repeat(MAX_ACCESS_TOKEN_LENGTH + 1)))
      .to.throw(InvalidRequest)
      .with.property('code', 'INVALID_REQUEST');
    expect(AccessToken.of('a'.repeat(MAX_ACCESS_TOKEN_LENGTH)).length).to.equal(MAX_ACCESS_TOKEN_LENGTH);
  });

  describe('sealed, the form storage keeps a token in', () => {
    it('holds a value longer than any token, which `of` still refuses', () => {
      const jweOfALongToken = 'e'.repeat(MAX_SEALED_TOKEN_LENGTH);
      expect(AccessToken.sealed(jweOfALongToken).reveal()).to.equal(jweOfALongToken);
      expect(() => AccessToken.of(jweOfALongToken)).to.throw(InvalidRequest);
    });

    it('has room for a token of the maximum length in three-byte characters, at 4 characters per 3 bytes', () => {
      expect(MAX_SEALED_TOKEN_LENGTH).to.be.greaterThan((Buffer.byteLength('€'.repeat(MAX_ACCESS_TOKEN_LENGTH)) * 4) / 3);
    });

    it('refuses an empty value and one over the sealed maximum with INVALID_REQUEST', () => {
      expect(() => AccessToken.sealed('')).to.throw(InvalidRequest).with.property('code', 'INVALID_REQUEST');
      expect(() => AccessToken.sealed('e'.repeat(MAX_SEALED_TOKEN_LENGTH + 1)))
        .to.throw(InvalidRequest)
        .with.property('code', 'INVALID_REQUEST');
    });

    it('never prints its value either', () => {
      const sealed = AccessToken.sealed('header.key.iv.ciphertext.tag');
      // eslint-disable-next-line @typescript-eslint/restrict-template-expressions -- interpolation, as in a log message, is what is tested.
      expect(`${sealed}`).to.equal('AccessToken(redacted)');
      expect(JSON.stringify({ sealed })).to.not.contain('ciphertext');
      expect(inspect(sealed)).to.not.contain('ciphertext');
    });
  });
});
