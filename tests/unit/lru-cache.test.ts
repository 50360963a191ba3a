import { describe, expect, it } from 'vitest';
import { ByteLruCache } from '../../src/shared/lru-cache';

describe('ByteLruCache', () => {
  it('evicts least recently used entries past its byte budget', () => {
    const c = new ByteLruCache<Uint8Array>(10, (v) => v.length);
    c.set('a', new Uint8Array(4));
    c.set('b', new Uint8Array(4));
    c.get('a');
    c.set('c', new Uint8Array(4));
    expect(c.get('b')).toBeUndefined();
    expect(c.get('a')).toBeDefined();
    expect(c.bytes).toBe(8);
  });
  it('does not keep a value larger than the whole budget', () => {
    const c = new ByteLruCache<Uint8Array>(10, (v) => v.length);
    c.set('big', new Uint8Array(11));
    expect(c.size).toBe(0);
  });
  it('replaces values and keeps the byte count right', () => {
    const c = new ByteLruCache<Uint8Array>(100, (v) => v.length);
    c.set('a', new Uint8Array(40));
    c.set('a', new Uint8Array(10));
    expect(c.bytes).toBe(10);
    c.clear();
    expect(c.bytes).toBe(0);
  });
});

describe('ByteLruCache eviction notice', () => {
  it('tells which entries it pushed out to stay within its bytes, least recently used first', async () => {
    const { ByteLruCache } = await import('../../src/shared/lru-cache');
    const evicted: string[] = [];
    const c = new ByteLruCache<number>(
      10,
      (n) => n,
      (k) => evicted.push(k),
    );
    c.set('a', 4);
    c.set('b', 4);
    c.get('a'); // a is now the most recent
    c.set('c', 4);
    expect(evicted).toEqual(['b']);
    c.set('huge', 11); // never fits: refused, and said so
    expect(evicted).toEqual(['b', 'huge']);
    c.delete('a');
    c.clear();
    expect(evicted).toEqual(['b', 'huge']); // explicit removals are not evictions
    expect(c.bytes).toBe(0);
  });
});
