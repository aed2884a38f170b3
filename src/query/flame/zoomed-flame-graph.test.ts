import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { profileFromCollapsed } from '../../pprof/index.js';
import { loadFixture } from '../../../test/support/fixtures.js';
import { buildFlameGraph } from './build-flame-graph.js';
import type { FlameGraph } from './flame-graph.js';
import { buildZoomedFlameGraph } from './zoomed-flame-graph.js';
import { DEFAULT_QUERY_OPTIONS } from '../options/option-fields.js';
import { withOptions } from '../options/query-options.js';

/** Each node's root-to-node path of names, joined with ";". */
function pathsOf(graph: FlameGraph): string[] {
  const out: string[] = [];
  for (let i = 0; i < graph.nodeCount; i++) {
    const p = graph.parent[i]!;
    const name = graph.names[graph.nameIndex[i]!]!;
    out[i] = i === 0 ? '' : p === 0 ? name : `${out[p]};${name}`;
  }
  return out;
}

function valuesByPath(graph: FlameGraph): Map<string, { cum: number; flat: number }> {
  const paths = pathsOf(graph);
  return new Map(paths.map((p, i) => [p, { cum: graph.cum[i]!, flat: graph.flat[i]! }]));
}

describe('buildZoomedFlameGraph', () => {
  it('keeps the ancestors as a chain and the zoomed subtree whole', () => {
    const profile = profileFromCollapsed('main;a;b 30\nmain;a;c 10\nmain;d 5\nmain;a 2\nmain 1');
    const { graph, zoomNode } = buildZoomedFlameGraph(profile, DEFAULT_QUERY_OPTIONS, ['main', 'a']);
    assert.equal(zoomNode, 2);
    assert.deepEqual(pathsOf(graph), ['', 'main', 'main;a', 'main;a;b', 'main;a;c']);
    assert.deepEqual(Array.from(graph.cum), [48, 48, 42, 30, 10]);
    assert.deepEqual(Array.from(graph.flat), [0, 1, 2, 30, 10]);
    assert.deepEqual(Array.from(graph.depth), [0, 1, 2, 3, 3]);
    assert.equal(graph.total, 48);
  });

  it('zooms into the deepest frame of the path that exists', () => {
    const profile = profileFromCollapsed('main;a;b 30\nmain;d 5');
    const partial = buildZoomedFlameGraph(profile, DEFAULT_QUERY_OPTIONS, ['main', 'a', 'gone']);
    assert.equal(partial.zoomNode, 2);
    assert.deepEqual(pathsOf(partial.graph), ['', 'main', 'main;a', 'main;a;b']);
    const none = buildZoomedFlameGraph(profile, DEFAULT_QUERY_OPTIONS, ['elsewhere']);
    assert.equal(none.zoomNode, 0);
    assert.equal(none.graph.nodeCount, buildFlameGraph(profile, DEFAULT_QUERY_OPTIONS).nodeCount);
  });

  it("prunes relative to the zoomed frame, with the unpruned graph's values", () => {
    const profile = loadFixture('heap-medium.pb.gz');
    const limits = { minFraction: 0.0001, maxNodes: 60_000 };
    const pruned = buildFlameGraph(profile, DEFAULT_QUERY_OPTIONS, limits);
    // A frame with callees the whole-profile pruning dropped.
    const paths = pathsOf(pruned);
    let target = -1;
    for (let i = 1; i < pruned.nodeCount && target < 0; i++) {
      const callees = pruned.cum[i]! - pruned.flat[i]!;
      // Its first child is its aggregate, which comes last: it is the only one.
      const onlyAggregate = pruned.parent[i + 1] === i && pruned.aggregated[i + 1]! > 0;
      if (callees > 0 && onlyAggregate && paths[i]!.split(';').length >= 3) target = i;
    }
    assert.equal(
      paths[target],
      'gotarget/internal/codec.(*Decoder).ReadFrame;gotarget/internal/codec.(*Decoder).readHeader;main.applyToken.func1',
      'the first frame of heap-medium whose callees are all pruned',
    );
    const { graph, zoomNode } = buildZoomedFlameGraph(
      profile,
      DEFAULT_QUERY_OPTIONS,
      paths[target]!.split(';'),
      limits,
    );
    const zoomedPaths = pathsOf(graph);
    // Unpruned values of every path through the target: focusing on it keeps those samples whole
    // (and keeps the tree small enough to build without a limit).
    const name = graph.names[graph.nameIndex[zoomNode]!]!;
    const focus = `^${name.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&')}$`;
    const whole = valuesByPath(buildFlameGraph(profile, withOptions(DEFAULT_QUERY_OPTIONS, { focus })));
    const prunedValues = valuesByPath(pruned);
    assert.equal(zoomedPaths[zoomNode], paths[target]);
    assert.equal(graph.nodeCount, 692, 'its callees are drawn now');
    for (let i = 1; i < graph.nodeCount; i++) {
      if (graph.aggregated[i]! > 0) continue;
      const expected = (i < zoomNode ? prunedValues : whole).get(zoomedPaths[i]!);
      assert.ok(expected, zoomedPaths[i]);
      assert.equal(graph.cum[i], expected.cum, zoomedPaths[i]);
      if (i >= zoomNode) assert.equal(graph.flat[i], expected.flat, zoomedPaths[i]);
    }
    const limit = Math.abs(graph.cum[zoomNode]!) * limits.minFraction;
    for (let i = zoomNode + 1; i < graph.nodeCount; i++) {
      if (graph.aggregated[i] === 0) assert.ok(Math.abs(graph.cum[i]!) >= limit);
    }
  });
});
