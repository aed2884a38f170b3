import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { QueryCache } from './query-cache.js';

describe('QueryCache', () => {
  it('computes once per key and evicts the least recently used', () => {
    const cache = new QueryCache<string>(2);
    const computed: string[] = [];
    const get = (key: string) =>
      cache.get(key, () => {
        computed.push(key);
        return key.toUpperCase();
      });
    assert.equal(get('a'), 'A');
    assert.equal(get('b'), 'B');
    assert.equal(get('a'), 'A'); // a is now the most recent
    assert.equal(get('c'), 'C'); // evicts b
    assert.equal(get('a'), 'A');
    assert.equal(get('b'), 'B'); // recomputed
    assert.deepEqual(computed, ['a', 'b', 'c', 'b']);
    assert.equal(cache.size, 2);
  });
});
