import fc from 'fast-check';
import { expect } from 'chai';
import { InMemoryIdentityCache } from '#adapters/cache/in-memory-identity-cache.js';
import type { CachedActivation } from '#application/ports/identity-cache.js';
import { FakeClock } from '#main/testing/index.js';

function rejected(message: string): CachedActivation {
  return { kind: 'rejected', code: 'INVALID_TOKEN', message };
}

describe('InMemoryIdentityCache', () => {
  let clock: FakeClock;

  beforeEach(() => {
    clock = new FakeClock();
  });

  it('answers an entry until its time to live has passed, then forgets it', () => {
    const cache = new InMemoryIdentityCache(clock);
    cache.set('a', rejected('a'), 100);
    clock.advance(99);
    expect(cache.get('a')).to.deep.equal(rejected('a'));
    clock.advance(1);
    expect(cache.get('a')).to.equal(undefined);
    expect(cache.size).to.equal(0);
  });

  it('counts the time to live on monotonic time: setting the wall clock neither revives nor drops an entry', () => {
    const cache = new InMemoryIdentityCache(clock);
    cache.set('a', rejected('a'), 100);
    clock.set(new Date('2099-01-01T00:00:00Z'));
    expect(cache.get('a')).to.deep.equal(rejected('a'));
    clock.advance(100);
    clock.set(new Date('2000-01-01T00:00:00Z'));
    expect(cache.get('a')).to.equal(undefined);
  });

  it('never holds more than maxEntries, evicting the least recently used', () => {
    const cache = new InMemoryIdentityCache(clock, { maxEntries: 3 });
    for (const key of ['a', 'b', 'c']) cache.set(key, rejected(key), 1000);
    cache.get('a');
    cache.set('d', rejected('d'), 1000);
    expect(cache.size).to.equal(3);
    expect(cache.get('b')).to.equal(undefined);
    expect(cache.get('a')).to.not.equal(undefined);
    expect(cache.get('d')).to.not.equal(undefined);
  });

  it('stays bounded under a flood of distinct tokens', () => {
    const cache = new InMemoryIdentityCache(clock, { maxEntries: 100 });
    for (let i = 0; i < 10_000; i += 1) cache.set(`k${i}`, rejected('x'), 1000);
    expect(cache.size).to.equal(100);
  });

  it('stores nothing with maxEntries 0 or a time to live that is not positive', () => {
    const off = new InMemoryIdentityCache(clock, { maxEntries: 0 });
    off.set('a', rejected('a'), 1000);
    expect(off.size).to.equal(0);
    const cache = new InMemoryIdentityCache(clock);
    cache.set('a', rejected('a'), 0);
    cache.set('b', rejected('b'), Number.NaN);
    expect(cache.size).to.equal(0);
  });

  it('keeps exactly the most recently used entries through any sequence of sets and gets', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.tuple(fc.constantFrom('get', 'set'), fc.integer({ min: 0, max: 9 })), { maxLength: 200 }),
        (maxEntries, steps) => {
          const cache = new InMemoryIdentityCache(clock, { maxEntries });
          const model: string[] = [];
          for (const [action, n] of steps) {
            const key = `k${n}`;
            if (action === 'set') {
              cache.set(key, rejected(key), 1000);
              model.splice(model.indexOf(key) >>> 0, model.includes(key) ? 1 : 0);
              model.push(key);
              if (model.length > maxEntries) model.shift();
            } else {
              const found = cache.get(key) !== undefined;
              expect(found).to.equal(model.includes(key));
              if (found) model.push(...model.splice(model.indexOf(key), 1));
            }
          }
          expect(cache.size).to.equal(model.length);
        },
      ),
      { numRuns: 300 },
    );
  });
});
