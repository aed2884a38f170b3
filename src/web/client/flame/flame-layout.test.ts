import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { WireFlameGraph } from '../../flame-graph-wire.js';
import { layoutFlameGraph, pathTo } from './flame-layout.js';

// root(10) → a(7) → [b(4), c(2)];  root → d(3)
const graph: WireFlameGraph = {
  sampleType: { type: 'samples', unit: 'count' },
  total: 10,
  reportTotal: 10,
  names: ['root', 'a', 'b', 'c', 'd'],
  nodeCount: 5,
  nameIndex: Uint32Array.of(0, 1, 2, 3, 4),
  depth: Uint16Array.of(0, 1, 2, 2, 1),
  parent: Int32Array.of(-1, 0, 1, 1, 0),
  cum: Float64Array.of(10, 7, 4, 2, 3),
  flat: Float64Array.of(0, 1, 4, 2, 3),
  droppedNodes: 0,
  info: { legend: [], minFraction: 0, maxNodes: 10, outputUnit: '', warnings: [] },
};

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
});
