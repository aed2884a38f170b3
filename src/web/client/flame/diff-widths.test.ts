import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { flameGraphOfRows, type FlameRow } from './flame-graph-rows.js';
import { diffWidths } from './diff-widths.js';

/** Rows of `[depth, cum, flat]`: names do not matter to widths. */
const tree = (rows: readonly (readonly [number, number, number])[]) =>
  flameGraphOfRows(rows.map(([depth, cum, flat], i): FlameRow => [depth, `f${i}`, cum, flat]));

describe('diff flame graph widths', () => {
  it('size each frame by the absolute change under it, so growth and shrinkage both take room', () => {
    // root → main (net +4) → a (+6), c (-2); root → b (+5)
    const widths = diffWidths(
      tree([
        [0, 9, 0],
        [1, 4, 0],
        [2, 6, 6],
        [2, -2, -2],
        [1, 5, 5],
      ]),
    );
    assert.deepEqual([...widths], [13, 8, 6, 2, 5]);
  });

  it('never make a callee wider than its caller, even where changes cancel', () => {
    // main nets to 0: one callee grew by 3, the other shrank by 3.
    const widths = diffWidths(
      tree([
        [0, 0, 0],
        [1, 0, 0],
        [2, 3, 3],
        [2, -3, -3],
      ]),
    );
    assert.deepEqual([...widths], [6, 6, 3, 3]);
  });

  it('keep what the server pruned as its net change', () => {
    // a's callees were pruned: cum -4 of which flat +1, so -5 is in pruned callees.
    const widths = diffWidths(
      tree([
        [0, -4, 0],
        [1, -4, 1],
      ]),
    );
    assert.deepEqual([...widths], [6, 6]);
  });
});
