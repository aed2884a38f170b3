import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SampleKeys } from './sample-keys.js';

const stacks = [[1, 2, 3], [1, 2], [3, 2, 1], [1, 2, 3, 4], [], [7]];

describe('sample keys', () => {
  for (const [name, keys] of [
    ['the default hash', () => new SampleKeys()],
    // Every stack hashes alike and the table starts tiny: only the full comparison tells samples apart.
    ['a hash that always collides', () => new SampleKeys({ expected: 1, hash: () => 7 })],
  ] as const) {
    it(`gives equal stacks and label sets one id, and different ones different ids (${name})`, () => {
      const table = keys();
      const ids = stacks.map((stack) => table.intern(stack, 0, stack.length, 0));
      assert.deepEqual(ids, [0, 1, 2, 3, 4, 5]);
      assert.deepEqual(
        stacks.map((stack) => table.intern(stack, 0, stack.length, 0)),
        ids,
      );
      // The same stack with other labels is another sample.
      assert.equal(table.intern([1, 2, 3], 0, 3, 1), 6);
      // A stack read from the middle of a larger array.
      assert.equal(table.intern([9, 1, 2, 3, 9], 1, 4, 0), 0);
      assert.deepEqual(Array.from(table.stackOf(3)), [1, 2, 3, 4]);
      assert.equal(table.size, 7);
    });
  }

  it('keeps every sample through many growths of the table', () => {
    const table = new SampleKeys({ expected: 1 });
    for (let i = 0; i < 5000; i++) assert.equal(table.intern([i % 100, Math.floor(i / 100)], 0, 2, 0), i);
    for (let i = 0; i < 5000; i++) assert.equal(table.intern([i % 100, Math.floor(i / 100)], 0, 2, 0), i);
  });
});
