import { TtlCache } from '../../src/shared/ttl-cache';

describe('a time-bounded cache', () => {
  let clock = 0;
  const now = () => clock;
  beforeEach(() => {
    clock = 1_000;
  });

  it('answers until the entry expires, then forgets it', () => {
    const cache = new TtlCache<string>(100, 10, now);
    cache.set('a', 'A');
    clock += 99;
    expect(cache.get('a')).toBe('A');
    clock += 1;
    expect(cache.get('a')).toBeUndefined();
  });

  it('when full, drops the oldest entries one by one, not everything', () => {
    const cache = new TtlCache<number>(1_000, 3, now);
    for (const [i, key] of ['a', 'b', 'c', 'd'].entries()) {
      cache.set(key, i);
      clock += 1;
    }
    expect(cache.size).toBe(3);
    expect(['a', 'b', 'c', 'd'].map((k) => cache.get(k))).toEqual([undefined, 1, 2, 3]);
  });

  it('a key set again counts as new: it is not the next to go', () => {
    const cache = new TtlCache<number>(1_000, 2, now);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('a', 3);
    cache.set('c', 4);
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([3, undefined, 4]);
  });

  it('sweeps expired entries as new ones arrive, so a quiet key does not hold memory', () => {
    const cache = new TtlCache<number>(10, 100, now);
    cache.set('old', 1);
    clock += 10;
    cache.set('new', 2);
    expect(cache.size).toBe(1);
  });

  it('with a ttl of 0 keeps nothing', () => {
    const cache = new TtlCache<number>(0, 10, now);
    cache.set('a', 1);
    expect(cache.get('a')).toBeUndefined();
  });
});
