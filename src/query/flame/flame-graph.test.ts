import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { decodeProfile, profileFromCollapsed, type Profile } from '../../pprof/index.js';
import { REPO_ROOT, loadFixture } from '../../../test/support/fixtures.js';
import { buildFlameGraph } from './build-flame-graph.js';
import { buildPivotFlameGraphs } from './pivot-flame-graphs.js';
import type { FlameGraph } from './flame-graph.js';
import { subtractBaseProfile } from '../merge/merge-profiles.js';
import { DEFAULT_QUERY_OPTIONS } from '../options/option-fields.js';
import { withOptions, type QueryOptions } from '../options/query-options.js';

/** Cum per root-to-node path ("a;b;c"), from pprof's -traces output printed in an exact unit. */
function pathsFromTraces(text: string): Map<string, number> {
  const paths = new Map<string, number>();
  const blocks = text.split(/^-{11}\+-+$/m).slice(1);
  for (const block of blocks) {
    const frames: string[] = [];
    let value = 0;
    for (const line of block.split('\n')) {
      const frame = /^(.{10}) {3}(.+)$/.exec(line);
      if (frame === null) continue;
      if (frames.length === 0) value = Number.parseFloat(frame[1]!.trim());
      frames.push(frame[2]!.replace(/ \(inline\)$/, ''));
    }
    frames.reverse();
    for (let depth = 1; depth <= frames.length; depth++) {
      const key = frames.slice(0, depth).join(';');
      paths.set(key, (paths.get(key) ?? 0) + value);
    }
  }
  for (const [key, value] of paths) if (value === 0) paths.delete(key);
  return paths;
}

function pathsFromFlameGraph(graph: FlameGraph): Map<string, number> {
  const paths = new Map<string, number>();
  const pathOf: string[] = [];
  for (let i = 0; i < graph.nodeCount; i++) {
    if (i === 0) continue;
    const parent = graph.parent[i]!;
    const name = graph.names[graph.nameIndex[i]!]!;
    pathOf[i] = parent === 0 ? name : `${pathOf[parent]};${name}`;
    paths.set(pathOf[i]!, graph.cum[i]!);
  }
  for (const [key, value] of paths) if (value === 0) paths.delete(key);
  return paths;
}

function goldenTraces(name: string): string {
  return readFileSync(path.join(REPO_ROOT, 'testdata/golden', `${name}.traces.txt`), 'utf8');
}

function loadProfile(name: string): Profile {
  const local = path.join(REPO_ROOT, 'testdata/profiles', name);
  return existsSync(local) ? decodeProfile(readFileSync(local)) : loadFixture(name);
}

describe('buildFlameGraph', () => {
  // Each case: a -traces golden printed in an exact unit, and the options that produced it.
  const cases: [string, string, Partial<QueryOptions>][] = [
    ['heap-small.unit=b', 'heap-small.pb.gz', {}],
    [
      'heap-sparse.alloc_space.unit=b.focus=encodeJSON',
      'heap-sparse.pb.gz',
      { sampleIndex: 'alloc_space', focus: 'encodeJSON' },
    ],
    ['cpu-small.unit=ns', 'cpu-small.pb.gz', {}],
    ['cpu-small.unit=ns.granularity=lines.hide=runtime', 'cpu-small.pb.gz', { granularity: 'lines', hide: 'runtime' }],
    ['goroutine-sparse', 'goroutine-sparse.pb.gz', {}],
  ];
  for (const [golden, file, changes] of cases) {
    it(`has pprof's value on every call path: ${golden}`, () => {
      const graph = buildFlameGraph(loadProfile(file), withOptions(DEFAULT_QUERY_OPTIONS, changes), {
        maxNodes: Number.POSITIVE_INFINITY,
      });
      const expected = pathsFromTraces(goldenTraces(golden));
      const actual = pathsFromFlameGraph(graph);
      assert.equal(actual.size, expected.size);
      for (const [key, value] of expected) assert.equal(actual.get(key), value, key);
      assert.equal(graph.droppedNodes, 0);
    });
  }

  it('lays nodes out in pre-order with siblings by name, the root holding the total', () => {
    const profile = profileFromCollapsed('main;b;x 5\nmain;a 3\nmain;b;y 2\nmain;b 1\nother 4');
    const graph = buildFlameGraph(profile, DEFAULT_QUERY_OPTIONS);
    const rows = Array.from({ length: graph.nodeCount }, (_, i) => [
      graph.depth[i],
      graph.names[graph.nameIndex[i]!],
      graph.cum[i],
      graph.flat[i],
      graph.parent[i],
    ]);
    assert.deepEqual(rows, [
      [0, 'root', 15, 0, -1],
      [1, 'main', 11, 0, 0],
      [2, 'a', 3, 3, 1],
      [2, 'b', 8, 1, 1],
      [3, 'x', 5, 5, 3],
      [3, 'y', 2, 2, 3],
      [1, 'other', 4, 4, 0],
    ]);
    assert.equal(graph.total, 15);
    assert.equal(graph.shortNames[1], 'main');
  });

  it('keeps recursion as nested frames and stands one aggregate for the children pruned under each parent', () => {
    const profile = profileFromCollapsed('main;f;f;f 90\nmain;g 6\nmain;h 3\nmain;h;i 1');
    const rowsOf = (graph: FlameGraph) =>
      Array.from(
        { length: graph.nodeCount },
        (_, i) => `${graph.depth[i]} ${graph.names[graph.nameIndex[i]!]} ${graph.cum[i]} ${graph.aggregated[i]}`,
      );
    const pruned = buildFlameGraph(profile, DEFAULT_QUERY_OPTIONS, { minFraction: 0.05 });
    assert.deepEqual(rowsOf(pruned), [
      '0 root 100 0',
      '1 main 100 0',
      '2 f 90 0',
      '3 f 90 0',
      '4 f 90 0',
      '2 g 6 0',
      '2 (smaller frames) 4 1',
    ]);
    assert.equal(pruned.droppedNodes, 1, 'h (and its child i, never built) is one pruned subtree');
    const capped = buildFlameGraph(profile, DEFAULT_QUERY_OPTIONS, { maxNodes: 4 });
    assert.equal(capped.droppedNodes, 3, 'g, h and the innermost f are cut where the budget runs out');
    assert.deepEqual(rowsOf(capped), [
      '0 root 100 0',
      '1 main 100 0',
      '2 f 90 0',
      '3 f 90 0',
      '4 (smaller frames) 90 1',
      '2 (smaller frames) 10 2',
    ]);
  });

  it("adds up: every frame's children and flat make its cum, and the root is pprof's total", () => {
    for (const name of ['heap-medium.pb.gz', 'cpu-medium.pb.gz', 'goroutine-medium.pb.gz']) {
      const profile = loadFixture(name);
      const graph = buildFlameGraph(profile, DEFAULT_QUERY_OPTIONS, { minFraction: 0.0001, maxNodes: 60_000 });
      assertAddsUp(graph, name);
      assert.equal(graph.total, graph.reportTotal, `${name}: the root holds every sample`);
      const leafFirst = buildFlameGraph(
        profile,
        DEFAULT_QUERY_OPTIONS,
        { minFraction: 0.0001, maxNodes: 60_000 },
        { leafFirst: true },
      );
      assertAddsUp(leafFirst, `${name} leaf first`);
      assert.equal(leafFirst.total, graph.total);
    }
  });

  it('carries the base profile per node when diffing', () => {
    const now = profileFromCollapsed('main;a 10\nmain;b 5');
    const before = profileFromCollapsed('main;a 4\nmain;c 2');
    const graph = buildFlameGraph(subtractBaseProfile(now, before, { diff: true }), DEFAULT_QUERY_OPTIONS);
    const byName = new Map(
      Array.from({ length: graph.nodeCount }, (_, i) => [
        graph.names[graph.nameIndex[i]!],
        [graph.cum[i], graph.baseCum![i]],
      ]),
    );
    assert.deepEqual(byName.get('main'), [9, 6]);
    assert.deepEqual(byName.get('a'), [6, 4]);
    assert.deepEqual(byName.get('b'), [5, 0]);
    assert.deepEqual(byName.get('c'), [-2, 2]);
  });

  it('pivots on a function: its callers inverted above, its callees below, recursion under the outermost', () => {
    const profile = profileFromCollapsed('main;a;p;x 4\nmain;b;p;p;y 2\nmain;c 7\nother;p 1');
    const { pivotNames, callers, callees } = buildPivotFlameGraphs(
      profile,
      withOptions(DEFAULT_QUERY_OPTIONS, { pivot: '^p$' }),
    );
    assert.deepEqual(pivotNames, ['p']);
    const rows = (graph: FlameGraph) =>
      Array.from(
        { length: graph.nodeCount },
        (_, i) => `${graph.depth[i]} ${graph.names[graph.nameIndex[i]!]} ${graph.cum[i]}`,
      );
    assert.deepEqual(rows(callees), ['0 root 7', '1 p 7', '2 p 2', '3 y 2', '2 x 4']);
    assert.deepEqual(rows(callers), ['0 root 7', '1 p 7', '2 a 4', '3 main 4', '2 b 2', '3 main 2', '2 other 1']);
    assert.throws(
      () => buildPivotFlameGraphs(profile, withOptions(DEFAULT_QUERY_OPTIONS, { pivot: '(' })),
      /parse option p/,
    );
  });
});

/** Children plus flat equal cum at every frame that is not an aggregate (aggregates are leaves with flat 0). */
function assertAddsUp(graph: FlameGraph, what: string): void {
  const sums = new Float64Array(graph.nodeCount);
  for (let i = 1; i < graph.nodeCount; i++) sums[graph.parent[i]!] = sums[graph.parent[i]!]! + graph.cum[i]!;
  for (let i = 0; i < graph.nodeCount; i++) {
    if (graph.aggregated[i]! > 0) {
      assert.equal(graph.flat[i], 0, `${what}: aggregate ${i} has no flat`);
      assert.equal(sums[i], 0, `${what}: aggregate ${i} is a leaf`);
      continue;
    }
    // Sums of many floats: exact for integer counts and bytes (all < 2^53).
    assert.equal(sums[i]! + graph.flat[i]!, graph.cum[i], `${what}: node ${i} ${graph.names[graph.nameIndex[i]!]}`);
  }
}
