// The viewer's Graph route against `go tool pprof -dot` (a real process, hence test/): the same
// nodes and edges, the layout time limit (an injected clock) and the fair Graphviz workers.

import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { fixturePath } from './support/fixtures.js';
import { readGraphvizSvg, runPprofDot, sortedGraph } from './support/pprof-dot.js';
import { buildCallGraph, DEFAULT_QUERY_OPTIONS, formatDot, joinChunks, withOptions } from '../src/query/index.js';
import { GRAPH_EDGE_BUDGET } from '../src/web/call-graph-view.js';
import { DENSE_GRAPH_EDGES } from '../src/web/graph-layout-plan.js';
import { GRAPH_LAYOUT_TIME_LIMIT_MS, GraphLayoutTimeLimitError, WorkerGraphLayout } from '../src/web/graph-layout.js';
import type { GraphTooLargeBody, GraphViewModel } from '../src/web/view-models.js';
import { buildViewerApp } from '../src/web/viewer-server.js';
import { fixtureCapture } from './support/fixture-capture.js';
import { ManualClock } from './support/manual-clock.js';
import { waitFor } from './support/wait-for.js';

const heap = buildViewerApp(fixtureCapture('heap-small.pb.gz', 'Heap'));
const cpu = buildViewerApp(fixtureCapture('cpu-small.pb.gz', 'Profile'));
after(() => Promise.all([heap.close(), cpu.close()]));

async function graphAt(app: typeof heap, url: string): Promise<GraphViewModel> {
  const response = await app.inject({ url });
  assert.equal(response.statusCode, 200, `${url}: ${response.body.slice(0, 300)}`);
  return response.json();
}

describe('the graph route', () => {
  // [case, app, URL, pprof's flags, pprof's node and edge counts]
  for (const [name, app, url, flags, counts] of [
    ['heap-small', heap, '/api/graph', [], [65, 106]],
    [
      'heap-small alloc_space focused',
      heap,
      '/ui/api/graph?si=alloc_space&f=main',
      ['-sample_index=alloc_space', '-focus=main'],
      [60, 91],
    ],
    ['cpu-small', cpu, '/ui/api/graph', [], [80, 135]],
    ['cpu-small n=12 at line granularity', cpu, '/api/graph?n=12&g=lines', ['-nodecount=12', '-lines'], [12, 13]],
  ] as const) {
    it(`draws the nodes and edges of go tool pprof -dot (${name})`, async () => {
      const [graph, pprof] = await Promise.all([
        graphAt(app, url),
        runPprofDot(fixturePath(`${name.split(' ')[0]}.pb.gz`), flags),
      ]);
      const drawn = sortedGraph(readGraphvizSvg(graph.svg));
      const expected = sortedGraph(pprof);
      assert.deepEqual([expected.nodes.length, expected.edges.length], counts, "pprof's nodes and edges");
      assert.deepEqual(drawn.nodes, expected.nodes, 'node labels as drawn');
      assert.deepEqual(drawn.edges, expected.edges, 'edges and their weights as drawn');
      assert.equal(graph.edgeCount, expected.edges.length);
      assert.deepEqual(graph.legend, pprof.legend);
      // The nodes' metadata (what a click refines, what the page lists) names the same functions.
      assert.deepEqual(
        graph.nodes.map((node) => node.id),
        graph.nodes.map((_, i) => `node${i + 1}`),
      );
      assert.deepEqual(
        graph.nodes.map((node) => node.name),
        graph.nodes.map((_, i) => pprof.names.get(i + 1)),
      );
      const first = pprof.nodes.find((node) => node.id === 1)!;
      const { cumText, cumPercent } = graph.nodes[0]!;
      assert.ok(
        first.lines.some((line) => line.endsWith(`${cumText} (${cumPercent})`)),
        first.lines.join('|'),
      );
    });
  }

  it('marks the nodes whose names match the search', async () => {
    const graph = await graphAt(heap, '/api/graph?q=main%5C.alloc');
    const matched = graph.matchedNodes!.map((i) => graph.nodes[i]!.name);
    assert.deepEqual(matched, ['main.allocIndex', 'main.allocRecords', 'main.allocBuffer', 'main.allocString']);
    assert.deepEqual(
      matched,
      graph.nodes.map((node) => node.name).filter((name) => /main\.alloc/.test(name)),
    );
  });

  it('answers for a diff base only when the base is a listed capture', async () => {
    const response = await heap.inject({ url: '/api/graph?base=profilers/go/pprof/x/other.Heap.prof' });
    assert.equal(response.statusCode, 400);
    assert.equal(response.json().key, 'base');
  });

  for (const [query, key] of [
    ['n=many', 'n'],
    ['nf=half', 'nf'],
    ['ef=x', 'ef'],
    ['q=main(', 'q'],
    ['si=no_such_type', 'si'],
  ] as const) {
    it(`refuses ${query} with a 400 naming the parameter`, async () => {
      const response = await cpu.inject({ url: `/api/graph?${query}` });
      assert.equal(response.statusCode, 400, response.body);
      const body = response.json();
      assert.equal(body.key, key);
      assert.match(body.error, /\S+ .*: \S+/);
    });
  }
});

describe('the graph layout time limit', () => {
  // cpu-medium at pprof's default 80 nodes keeps 52 nodes and ~630 edges: dense, so laid out in two
  // stages in a second or two; at the suggested node count a fraction of a second. The limit runs on a
  // manual clock: a layout ends past it when the test moves the clock, never because the machine is busy.
  const clock = new ManualClock();
  const layout = new WorkerGraphLayout({ timers: clock });
  const capture = fixtureCapture('cpu-medium.pb.gz', 'Profile');
  const limited = buildViewerApp(capture, { graphLayout: { layout, timeLimitMs: 300 } });
  const unlimited = buildViewerApp(capture, { graphLayout: { layout, timeLimitMs: 60_000 } });
  after(() => Promise.all([limited.close(), unlimited.close(), layout.close()]));

  it("draws pprof's default 80 nodes of a dense graph, every node and edge of pprof -dot", async () => {
    const [graph, pprof] = await Promise.all([
      graphAt(unlimited, '/api/graph'),
      runPprofDot(fixturePath('cpu-medium.pb.gz')),
    ]);
    assert.deepEqual([pprof.nodes.length, pprof.edges.length, DENSE_GRAPH_EDGES], [52, 629, 300], 'dense');
    assert.equal(graph.reducedFrom, undefined);
    assert.deepEqual(sortedGraph(readGraphvizSvg(graph.svg)), sortedGraph(pprof));
  });

  it("falls back to fewer nodes, as pprof -dot -nodecount draws them, when pprof's default runs past the limit", async () => {
    const whole = buildCallGraph(capture.profile, DEFAULT_QUERY_OPTIONS);
    const answer = graphAt(limited, '/api/graph');
    await waitFor(() => clock.pending === 1, 'Graphviz to get the default graph');
    clock.advance(300);
    const graph = await answer;
    const n = 51;
    assert.deepEqual(graph.reducedFrom, {
      defaultNodeCount: 80,
      nodes: whole.nodes.length,
      edges: whole.edges.count,
      nodeCount: n,
    });
    // Within the edge budget: pprof -nodecount=51 keeps 32 of the 52 nodes.
    assert.deepEqual([graph.edgeCount, GRAPH_EDGE_BUDGET, graph.nodes.length, whole.nodes.length], [111, 150, 32, 52]);
    const pprof = await runPprofDot(fixturePath('cpu-medium.pb.gz'), [`-nodecount=${n}`]);
    assert.deepEqual(sortedGraph(readGraphvizSvg(graph.svg)), sortedGraph(pprof));
    assert.deepEqual(graph.legend, pprof.legend);
  });

  it('answers 422 with a smaller n that lays out when an explicit n is too large, and keeps laying out afterwards', async () => {
    const answer = limited.inject({ url: '/api/graph?n=80' });
    await waitFor(() => clock.pending === 1, 'Graphviz to get the graph');
    clock.advance(300);
    const response = await answer;
    assert.equal(response.statusCode, 422, response.body.slice(0, 300));
    const body: GraphTooLargeBody = response.json();
    const whole = buildCallGraph(capture.profile, DEFAULT_QUERY_OPTIONS);
    assert.equal(body.key, 'n');
    assert.equal(body.nodeCount, whole.nodes.length);
    assert.equal(body.edgeCount, whole.edges.count);
    assert.equal(body.timeLimitMs, 300);
    assert.match(
      body.error,
      new RegExp(
        `^lay out graph: Graphviz took longer than 0.3 s for ${body.nodeCount} nodes and ${body.edgeCount} edges; ask for fewer nodes, e.g. n=${body.suggestedNodeCount}$`,
      ),
    );
    const suggested = buildCallGraph(
      capture.profile,
      withOptions(DEFAULT_QUERY_OPTIONS, { nodeCount: body.suggestedNodeCount }),
    );
    // The largest node count whose graph fits the edge budget (150).
    assert.deepEqual([body.suggestedNodeCount, suggested.edges.count], [51, 111]);

    // The same worker (restarted) lays out the suggested graph.
    const smaller = await graphAt(unlimited, `/api/graph?n=${body.suggestedNodeCount}`);
    assert.equal(readGraphvizSvg(smaller.svg).edges.length, suggested.edges.count);
  });
});

describe('graph layout fairness', () => {
  // Two layout workers, limits on a manual clock: the heavy layouts run until the test ends them.
  const clock = new ManualClock();
  const layout = new WorkerGraphLayout({ maxWorkers: 2, timers: clock });
  const graphLayout = { layout, timeLimitMs: GRAPH_LAYOUT_TIME_LIMIT_MS };
  const light = buildViewerApp(fixtureCapture('heap-small.pb.gz', 'Heap'), { graphLayout });
  after(() => Promise.all([light.close(), layout.close()]));
  // cpu-large's 2182 edges at 80 nodes with quoted node names, which the two-stage plan does not
  // take for formatDot's: `dot` gets them in one stage and runs for minutes, until the clock ends it.
  const cpuLarge = fixtureCapture('cpu-large.pb.gz', 'Profile').profile;
  const heavyDot = joinChunks(formatDot(buildCallGraph(cpuLarge, DEFAULT_QUERY_OPTIONS))).replace(
    /^N(\d+) -> N(\d+) /gm,
    '"N$1" -> "N$2" ',
  );

  it("lays out one session's 2-node graph while another session has two heavy layouts queued", async () => {
    const finished: string[] = [];
    const dense = {};
    const heavy = [1, 2].map((i) =>
      layout.layout(heavyDot, GRAPH_LAYOUT_TIME_LIMIT_MS, dense).then(
        () => finished.push(`heavy ${i} drawn`),
        (error: unknown) => finished.push(error instanceof GraphLayoutTimeLimitError ? `heavy ${i}` : String(error)),
      ),
    );
    await waitFor(() => clock.pending === 1, 'the first heavy layout to start');
    const small = await light.inject({ url: '/api/graph?n=2' });
    finished.push('small');
    assert.deepEqual(finished, ['small']);
    const [drawn, pprof] = [
      small.json() as GraphViewModel,
      await runPprofDot(fixturePath('heap-small.pb.gz'), ['-nodecount=2']),
    ];
    assert.equal(drawn.nodes.length, 2);
    assert.deepEqual(sortedGraph(readGraphvizSvg(drawn.svg)), sortedGraph(pprof));

    // The heavy session's layouts ran one at a time: each ends at its limit, then the next starts.
    clock.advance(GRAPH_LAYOUT_TIME_LIMIT_MS);
    await waitFor(() => finished.length === 2 && clock.pending === 1, 'the second heavy layout to start');
    clock.advance(GRAPH_LAYOUT_TIME_LIMIT_MS);
    await Promise.all(heavy);
    assert.deepEqual(finished, ['small', 'heavy 1', 'heavy 2']);
  });
});
