import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { encodeProfile } from '../../pprof/index.js';
import { goToolPprof, pprofTotal } from '../../../test/support/go-pprof.js';
import {
  SPREAD_LEAVES,
  SPREAD_PATH_BYTES,
  SPREAD_TOTAL_BYTES,
  emptyStackGoroutineProfile,
  spreadHeapProfile,
} from '../../../test/support/spread-profiles.js';
import { DEFAULT_QUERY_OPTIONS } from '../options/option-fields.js';
import { compileOptionRegexp } from '../regexp/go-regexp.js';
import { computeAggregateMatches } from './aggregate-matches.js';
import { buildFlameGraph } from './build-flame-graph.js';
import type { FlameGraph } from './flame-graph.js';
import { buildZoomedFlameGraph } from './zoomed-flame-graph.js';

/** The viewer's limits (src/web/viewer-queries.ts's FLAME_GRAPH_LIMITS). */
const LIMITS = { minFraction: 0.0001, maxNodes: 60_000 };

const rowsOf = (graph: FlameGraph) =>
  Array.from(
    { length: graph.nodeCount },
    (_, i) => `${graph.depth[i]} ${graph.names[graph.nameIndex[i]!]} ${graph.cum[i]} ${graph.aggregated[i]}`,
  );

const scratch = mkdtempSync(path.join(tmpdir(), 'flame-aggregates-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

describe('hidden weight in the flame graph', () => {
  const spread = spreadHeapProfile();

  it('stands one aggregate, its true width, for 12,000 pruned call paths', () => {
    const graph = buildFlameGraph(spread, DEFAULT_QUERY_OPTIONS, LIMITS);
    assert.deepEqual(rowsOf(graph), [
      `0 root ${SPREAD_TOTAL_BYTES} 0`,
      `1 main.main ${SPREAD_TOTAL_BYTES} 0`,
      '2 main.visible 4096000 0',
      '3 runtime.mallocgc 4096000 0',
      '2 (smaller frames) 98304000 12000',
    ]);
    assert.equal(graph.droppedNodes, 12_000);
  });

  it('leaf first, the four leaves are the widest frames below the root', () => {
    const graph = buildFlameGraph(spread, DEFAULT_QUERY_OPTIONS, LIMITS, { leafFirst: true });
    const byWidth = Array.from({ length: graph.nodeCount }, (_, i) => i)
      .filter((i) => i > 0 && graph.aggregated[i] === 0)
      .sort((a, b) => graph.cum[b]! - graph.cum[a]! || a - b)
      .slice(0, 5)
      .map((i) => `${graph.names[graph.nameIndex[i]!]} ${graph.cum[i]}`);
    assert.deepEqual(byWidth, [
      'main.allocIndex 30720000',
      'main.allocBuffer 28672000',
      'strings.(*Builder).grow 22528000',
      'main.allocRecords 16384000',
      'runtime.mallocgc 4096000',
    ]);
    assert.equal(graph.total, SPREAD_TOTAL_BYTES);
    // Each leaf's 2,000-3,750 callers are tiny: one aggregate under each leaf.
    assert.deepEqual(
      rowsOf(graph).filter((row) => row.startsWith('2 (smaller frames)')),
      [
        '2 (smaller frames) 28672000 3500',
        '2 (smaller frames) 30720000 3750',
        '2 (smaller frames) 16384000 2000',
        '2 (smaller frames) 22528000 2750',
      ],
    );
  });

  it('finds a search inside the aggregates that hide it, with the matched value', () => {
    const graph = buildFlameGraph(spread, DEFAULT_QUERY_OPTIONS, LIMITS);
    const matches = (pattern: string) => {
      const regexp = compileOptionRegexp('q', pattern);
      return computeAggregateMatches(spread, DEFAULT_QUERY_OPTIONS, graph, (name) => regexp.test(name));
    };
    assert.deepEqual(matches('allocIndex'), [{ node: 4, value: SPREAD_LEAVES[0].paths * SPREAD_PATH_BYTES }]);
    assert.deepEqual(matches('^main\\.handler7$'), [{ node: 4, value: SPREAD_PATH_BYTES }]);
    assert.deepEqual(matches('alloc(Index|Buffer)'), [{ node: 4, value: 7250 * SPREAD_PATH_BYTES }]);
    // A frame drawn above the aggregate is not inside it.
    assert.deepEqual(matches('^main\\.main$'), []);
    assert.deepEqual(matches('mallocgc'), []);
  });

  it('zooms into a parent with all its detail, aggregates gone when the budget allows', () => {
    const { graph, zoomNode } = buildZoomedFlameGraph(spread, DEFAULT_QUERY_OPTIONS, ['main.main'], {
      ...LIMITS,
      minFraction: 0,
    });
    assert.equal(zoomNode, 1);
    assert.equal(
      graph.nodeCount,
      2 + 2 + 12_000 * 2,
      'root, main.main, the visible path and every handler with its leaf',
    );
    assert.equal(Array.from(graph.aggregated).filter((a) => a > 0).length, 0);
    const capped = buildZoomedFlameGraph(spread, DEFAULT_QUERY_OPTIONS, ['main.main'], {
      minFraction: 0,
      maxNodes: 1000,
    }).graph;
    const aggregates = rowsOf(capped).filter((row) => row.includes('(smaller frames)'));
    assert.equal(capped.nodeCount - aggregates.length, 1000, 'the budget holds the frames; aggregates come on top');
    // The budget keeps 996 handlers (equal weights: the shallower first), each leaf cut into an
    // aggregate of one; the 11,004 handlers left out stand as one aggregate under main.main.
    assert.equal(aggregates.length, 997);
    assert.equal(aggregates.filter((row) => row === `3 (smaller frames) ${SPREAD_PATH_BYTES} 1`).length, 996);
    assert.equal(aggregates.at(-1), `2 (smaller frames) ${11_004 * SPREAD_PATH_BYTES} 11004`);
    assert.equal(capped.droppedNodes, 12_000);
  });

  it("roots a goroutine profile with an empty stack at pprof's total", async () => {
    const profile = emptyStackGoroutineProfile();
    const file = path.join(scratch, 'goroutine-empty-stack.pb.gz');
    writeFileSync(file, encodeProfile(profile));
    assert.equal(pprofTotal(await goToolPprof(['-top', file])), '30011');
    const graph = buildFlameGraph(profile, DEFAULT_QUERY_OPTIONS, LIMITS);
    assert.deepEqual(rowsOf(graph), [
      '0 root 30011 0',
      '1 main.main 30010 0',
      '2 main.serve 10 0',
      '3 runtime.gopark 10 0',
      '2 main.wait 30000 0',
      '3 runtime.gopark 30000 0',
    ]);
    assert.equal(graph.flat[0], 1, 'the empty stack is the root’s own');
    const zoomed = buildZoomedFlameGraph(profile, DEFAULT_QUERY_OPTIONS, ['main.main'], LIMITS).graph;
    assert.equal(zoomed.cum[0], 30011);
  });
});
