import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { flameGraphOfRows } from './flame-graph-rows.js';
import { layoutFlameGraph, pathTo } from './flame-layout.js';

// root(10) → a(7) → [b(4), c(2)];  root → d(3)
const graph = flameGraphOfRows([
  [0, 'root', 10, 0],
  [1, 'a', 7, 1],
  [2, 'b', 4, 4],
  [2, 'c', 2, 2],
  [1, 'd', 3, 3],
]);

describe('flame graph layout', () => {
  it('places children side by side from their parent left edge, in the engine order', () => {
    const layout = layoutFlameGraph(graph);
    assert.deepEqual([...layout.x0], [0, 0, 0, 4, 7]);
    assert.deepEqual([...layout.width], [10, 7, 4, 2, 3]);
    assert.equal(layout.maxDepth, 2);
  });

  it('knows where each subtree ends and the path to each node', () => {
    const layout = layoutFlameGraph(graph);
    assert.deepEqual([...layout.end], [5, 4, 3, 4, 5]);
    assert.deepEqual(pathTo(layout, 3), [0, 1, 3]);
    assert.deepEqual(pathTo(layout, 0), [0]);
  });

  it('lays a diff out by absolute change, so a shrunk callee takes room beside a grown one', () => {
    const diff = flameGraphOfRows(
      [
        [0, 'root', 0, 0],
        [1, 'grew', 3, 3],
        [1, 'shrank', -3, -3],
      ],
      [6, 1, 4],
    );
    const layout = layoutFlameGraph(diff);
    assert.deepEqual([...layout.width], [6, 3, 3]);
    assert.deepEqual([...layout.x0], [0, 0, 3]);
  });
});
