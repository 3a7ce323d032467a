import { expect } from 'chai';
import { InMemoryIdentityCache } from '#adapters/cache/in-memory-identity-cache.js';
import type { CachedActivation } from '#application/ports/identity-cache.js';

function rejected(message: string): CachedActivation {
  return { kind: 'rejected', code: 'INVALID_TOKEN', message };
}

describe('InMemoryIdentityCache', () => {
  let now: number;
  const clock = () => now;

  beforeEach(() => {
    now = 1_000;
  });

  it('answers an entry until its time to live has passed, then forgets it', () => {
    const cache = new InMemoryIdentityCache({ now: clock });
    cache.set('a', rejected('a'), 100);
    now += 99;
    expect(cache.get('a')).to.deep.equal(rejected('a'));
    now += 1;
    expect(cache.get('a')).to.equal(undefined);
    expect(cache.size).to.equal(0);
  });

  it('never holds more than maxEntries, evicting the least recently used', () => {
    const cache = new InMemoryIdentityCache({ maxEntries: 3, now: clock });
    for (const key of ['a', 'b', 'c']) cache.set(key, rejected(key), 1000);
    cache.get('a');
    cache.set('d', rejected('d'), 1000);
    expect(cache.size).to.equal(3);
    expect(cache.get('b')).to.equal(undefined);
    expect(cache.get('a')).to.not.equal(undefined);
    expect(cache.get('d')).to.not.equal(undefined);
  });

  it('stays bounded under a flood of distinct tokens', () => {
    const cache = new InMemoryIdentityCache({ maxEntries: 100, now: clock });
    for (let i = 0; i < 10_000; i += 1) cache.set(`k${i}`, rejected('x'), 1000);
    expect(cache.size).to.equal(100);
  });

  it('stores nothing with maxEntries 0 or a time to live that is not positive', () => {
    const off = new InMemoryIdentityCache({ maxEntries: 0, now: clock });
    off.set('a', rejected('a'), 1000);
    expect(off.size).to.equal(0);
    const cache = new InMemoryIdentityCache({ now: clock });
    cache.set('a', rejected('a'), 0);
    cache.set('b', rejected('b'), Number.NaN);
    expect(cache.size).to.equal(0);
  });
});
