import fs from 'node:fs';
import path from 'node:path';
import { TtlCache } from '../../src/shared/ttl-cache';

describe('a time-bounded cache', () => {
  let clock = 0;
  const now = () => clock;
  beforeEach(() => {
    clock = 0;
  });

  it('answers until the entry expires, then forgets it', () => {
    const cache = new TtlCache<string>(100, 10, now);
    cache.set('a', 'A');
    clock += 100;
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

  it('never holds more than its bound, expired entries included', () => {
    const cache = new TtlCache<number>(10, 3, now);
    for (let i = 0; i < 100; i += 1) {
      cache.set(`k${i}`, i);
      clock += 5;
    }
    expect(cache.size).toBe(3);
    expect(cache.get('k99')).toBe(99);
    expect(cache.get('k97')).toBeUndefined();
  });

  it('keeps the entries read most recently when full (least recently used goes first)', () => {
    const cache = new TtlCache<number>(1_000, 2, now);
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1);
    cache.set('c', 3);
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([1, undefined, 3]);
  });

  it('with an infinite ttl keeps an entry until it is pushed out or deleted', () => {
    const cache = new TtlCache<string>(Infinity, 2, now);
    cache.set('a', 'A');
    clock += 10 ** 12;
    expect(cache.get('a')).toBe('A');
    cache.delete('a');
    expect(cache.get('a')).toBeUndefined();
  });

  it('shares one pending load between readers, and drops a failed one so the next reader tries again', async () => {
    const cache = new TtlCache<Promise<number>>(1_000, 10, now);
    let loads = 0;
    const failing = () => {
      loads += 1;
      return Promise.reject(new Error('down'));
    };
    const first = cache.getOrLoad('a', failing);
    const second = cache.getOrLoad('a', failing);
    expect(second).toBe(first);
    await expect(first).rejects.toThrow('down');
    const third = cache.getOrLoad('a', () => {
      loads += 1;
      return Promise.resolve(7);
    });
    await expect(third).resolves.toBe(7);
    expect(loads).toBe(2);
    expect(cache.getOrLoad('a', failing)).toBe(third);
  });

  it('with a ttl of 0 keeps nothing', () => {
    const cache = new TtlCache<number>(0, 10, now);
    cache.set('a', 1);
    expect(cache.get('a')).toBeUndefined();
  });
});

describe('the pure domain keeps nothing between calls', () => {
  const files = (dir: string): string[] =>
    fs
      .readdirSync(dir, { withFileTypes: true })
      .flatMap((d) => (d.isDirectory() ? files(path.join(dir, d.name)) : [path.join(dir, d.name)]));

  it('no module-level Map, WeakMap or cache in src/domain', () => {
    const root = path.join(__dirname, '..', '..');
    const found = files(path.join(root, 'src', 'domain')).flatMap((f) =>
      fs
        .readFileSync(f, 'utf8')
        .split('\n')
        .filter((line) => /^(export )?(const|let) \w+ = new (Weak)?Map\b|TtlCache|LRUCache/.test(line))
        .map((line) => `${path.relative(root, f)}: ${line}`),
    );
    expect(found).toEqual([]);
  });
});
