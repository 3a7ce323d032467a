import { expect } from 'chai';
import { claimAsText, readClaim } from '#adapters/claims/read-claim.js';

/** Object mother for a claim set as a JWT payload or a userinfo answer would hold it. */
function claims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { sub: 'user-1', ext: { uid: 'nested-1', deep: { id: 42 } }, ...overrides };
}

describe('readClaim', () => {
  it('reads a top-level claim', () => {
    expect(readClaim(claims(), 'sub')).to.equal('user-1');
  });

  it('reads a nested claim by dot path', () => {
    expect(readClaim(claims(), 'ext.uid')).to.equal('nested-1');
    expect(readClaim(claims(), 'ext.deep.id')).to.equal(42);
  });

  it('reads a URL-shaped claim name containing dots as one name', () => {
    const name = 'https://example.com/claims/user.id';
    expect(readClaim(claims({ [name]: 'url-user' }), name)).to.equal('url-user');
  });

  it('prefers a claim named exactly like the path over the nested value', () => {
    expect(readClaim(claims({ 'ext.uid': 'flat' }), 'ext.uid')).to.equal('flat');
  });

  it('returns undefined for a missing claim or a missing step of the path', () => {
    expect(readClaim(claims(), 'email')).to.equal(undefined);
    expect(readClaim(claims(), 'ext.missing')).to.equal(undefined);
    expect(readClaim(claims(), 'missing.uid')).to.equal(undefined);
  });

  it('returns undefined when the path runs through something that is not an object', () => {
    expect(readClaim(claims({ ext: 'text' }), 'ext.length')).to.equal(undefined);
    expect(readClaim(claims({ ext: null }), 'ext.uid')).to.equal(undefined);
    expect(readClaim(claims({ ext: 7 }), 'ext.uid')).to.equal(undefined);
  });

  it('never reads inherited properties', () => {
    expect(readClaim(claims(), 'constructor')).to.equal(undefined);
    expect(readClaim(claims(), 'toString')).to.equal(undefined);
    expect(readClaim(claims(), 'ext.constructor')).to.equal(undefined);
    expect(readClaim(claims(), '__proto__')).to.equal(undefined);
    expect(readClaim(claims(), 'ext.__proto__.constructor')).to.equal(undefined);
  });

  it('treats a __proto__ key that came from JSON as plain data', () => {
    const parsed = JSON.parse('{"__proto__":{"uid":"from-json"}}') as Record<string, unknown>;
    expect(readClaim(parsed, '__proto__.uid')).to.equal('from-json');
  });

  it('returns undefined for empty names and empty path steps', () => {
    expect(readClaim(claims(), '')).to.equal(undefined);
    expect(readClaim(claims(), 'ext.')).to.equal(undefined);
    expect(readClaim(claims(), '.sub')).to.equal(undefined);
    expect(readClaim(claims(), 'ext..uid')).to.equal(undefined);
  });
});

describe('claimAsText', () => {
  it('keeps a non-empty string as it is', () => {
    expect(claimAsText('user-1')).to.equal('user-1');
  });

  it('writes a safe integer in decimal', () => {
    expect(claimAsText(583231)).to.equal('583231');
    expect(claimAsText(0)).to.equal('0');
    expect(claimAsText(Number.MAX_SAFE_INTEGER)).to.equal('9007199254740991');
  });

  for (const [label, value] of [
    ['an empty string', ''],
    ['a fraction', 1.5],
    ['an integer beyond 2^53', 2 ** 53],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['a boolean', true],
    ['null', null],
    ['undefined', undefined],
    ['an object', { id: 'x' }],
    ['an array', ['user-1']],
    ['a bigint', 10n],
  ] as const) {
    it(`gives no text for ${label}`, () => {
      expect(claimAsText(value)).to.equal(undefined);
    });
  }
});
