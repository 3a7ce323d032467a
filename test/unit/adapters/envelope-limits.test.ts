import { expect } from 'chai';
import fc from 'fast-check';
import { checkEnvelopeLimits, MAX_ENVELOPE_BYTES } from '#adapters/connector-envelope/envelope-limits.js';
import { InvalidRequest } from '#domain/errors/invalid-request.js';

function refusedForSize(body: object): boolean {
  try {
    checkEnvelopeLimits(body, false);
    return false;
  } catch (error) {
    expect(error).to.be.instanceOf(InvalidRequest);
    expect((error as Error).message).to.contain('larger than');
    return true;
  }
}

const characters = fc.constantFrom('a', 'é', '€', '😀', '"', '\\', '\n', '\u0001', '\ud800');

describe('checkEnvelopeLimits: the byte limit of an event given as an object', () => {
  it('refuses an object exactly when its JSON text is over the limit, whatever its characters', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 4 }), { maxKeys: 6 }),
        fc.array(characters, { minLength: 1, maxLength: 6 }),
        fc.integer({ min: -64, max: 64 }),
        (base, alphabet, offset) => {
          // Padding sized so that the whole lands within a few bytes of the limit, on either side.
          const unit = alphabet.join('');
          const unitBytes = Buffer.byteLength(JSON.stringify(unit)) - 2;
          const baseBytes = Buffer.byteLength(JSON.stringify({ ...base, padding: '' }));
          const padding = unit.repeat(Math.max(0, Math.floor((MAX_ENVELOPE_BYTES - baseBytes + offset) / unitBytes)));
          const body = { ...base, padding };
          expect(refusedForSize(body)).to.equal(Buffer.byteLength(JSON.stringify(body)) > MAX_ENVELOPE_BYTES);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('leaves the size of text events to the text (already counted) and checks only their depth', () => {
    expect(() => checkEnvelopeLimits({ padding: 'a'.repeat(MAX_ENVELOPE_BYTES) }, true)).not.to.throw();
  });

  it('refuses a value JSON cannot hold when it may be over the limit', () => {
    expect(() => checkEnvelopeLimits({ big: 10n }, false)).to.throw(InvalidRequest, 'not a JSON value');
  });
});
