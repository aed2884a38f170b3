// `go-profiler svg` on dense graphs (the compiled bin, and `renderSvgReport` with a manual clock for
// the time limit): pprof's default 80 nodes laid out in two stages, every node and edge of
// `go tool pprof -dot` drawn, the legend box as pprof's; past the limit, pprof's default falls back
// to fewer nodes as the viewer does, and stderr says which layout drew the graph.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_QUERY_OPTIONS, UTC_TIME_ZONE, withOptions } from '../src/query/index.js';
import { renderSvgReport, SvgLayoutError } from '../src/cli/report-svg.js';
import { loadProfiles } from '../src/cli/load-profiles.js';
import { runGoProfiler } from './support/cli-run.js';
import { fixturePath } from './support/fixtures.js';
import { ManualClock } from './support/manual-clock.js';
import { readGraphvizSvg, runPprofDot, sortedGraph, type DrawnGraph, type PprofDot } from './support/pprof-dot.js';
import { waitFor } from './support/wait-for.js';

const TWO_STAGES = 'in two stages (dot on a 150-edge skeleton of the heaviest calls, the other edges drawn straight)';

/** The function nodes and their edges (the legend box is a node too, titled by its first line). */
function drawnGraph(svg: string): DrawnGraph {
  const drawn = readGraphvizSvg(svg);
  return sortedGraph({ nodes: drawn.nodes.filter((node) => Number.isInteger(node.id)), edges: drawn.edges });
}

/** The legend box's lines as drawn: the texts of the node inside the legend's cluster. */
function drawnLegend(svg: string): string[] {
  const cluster = /<g id="clust\d+" class="cluster">[\s\S]*?<g id="[^"]*" class="node">([\s\S]*?)<\/g>/.exec(svg);
  const texts = [...(cluster?.[1] ?? '').matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((match) => match[1]!);
  return texts.map((text) =>
    text.replaceAll('&#45;', '-').replaceAll('&amp;', '&').replaceAll('&lt;', '<').replaceAll('&gt;', '>'),
  );
}

function assertPprofGraph(svg: string, pprof: PprofDot, counts: readonly [number, number]): void {
  const expected = sortedGraph(pprof);
  assert.deepEqual([expected.nodes.length, expected.edges.length], counts, "pprof's nodes and edges");
  const drawn = drawnGraph(svg);
  assert.deepEqual(drawn.nodes, expected.nodes, 'node labels as drawn');
  assert.deepEqual(drawn.edges, expected.edges, 'edges and their weights as drawn');
  // Graphviz draws no text for the legend's empty line.
  assert.deepEqual(
    drawnLegend(svg),
    pprof.legend.filter((line) => line !== ''),
    'the legend box',
  );
  assert.match(svg, /^<\?xml[\s\S]*<svg width="100%" height="100%"/, 'sized to the window, as pprof sizes it');
}

/** The most layout time (an hour): a busy machine must not make pprof's default graph fall back to fewer nodes. */
const NO_TIME_LIMIT = ['--layout-seconds', '3600'];

describe('go-profiler svg on dense graphs', () => {
  it("draws cpu-large's default 80 nodes and 2182 edges as pprof -dot has them, in two stages", async () => {
    const [result, pprof] = await Promise.all([
      runGoProfiler(['svg', ...NO_TIME_LIMIT, fixturePath('cpu-large.pb.gz')]),
      runPprofDot(fixturePath('cpu-large.pb.gz')),
    ]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stderr, `svg: laid out 80 nodes and 2182 edges ${TWO_STAGES}\n`);
    assertPprofGraph(result.stdout, pprof, [80, 2182]);
  });

  it('draws cpu-medium from a pasted pprof line (-svg), every node and edge of pprof -dot', async () => {
    const [result, pprof] = await Promise.all([
      runGoProfiler(['-svg', ...NO_TIME_LIMIT, fixturePath('cpu-medium.pb.gz')]),
      runPprofDot(fixturePath('cpu-medium.pb.gz')),
    ]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stderr, `svg: laid out 52 nodes and 629 edges ${TWO_STAGES}\n`);
    assertPprofGraph(result.stdout, pprof, [52, 629]);
  });

  it('lays out a graph of a few hundred edges with dot whole, and says so', async () => {
    const result = await runGoProfiler(['svg', ...NO_TIME_LIMIT, '--nodecount', '30', fixturePath('cpu-medium.pb.gz')]);
    assert.equal(result.code, 0, result.stderr);
    const pprof = await runPprofDot(fixturePath('cpu-medium.pb.gz'), ['-nodecount=30']);
    assert.equal(result.stderr, `svg: laid out ${pprof.nodes.length} nodes and ${pprof.edges.length} edges with dot\n`);
    assert.deepEqual(drawnGraph(result.stdout), sortedGraph(pprof));
  });

  it('refuses a --layout-seconds that is not a whole number of seconds, in one line, before reading a file', async () => {
    const result = await runGoProfiler(['svg', '--layout-seconds', '0', fixturePath('no-such-file.pb.gz')]);
    assert.deepEqual(result, {
      code: 1,
      stdout: '',
      stderr: 'go-profiler: read option --layout-seconds: "0" is not a whole number of seconds from 1 to 3600\n',
    });
  });
});

describe('go-profiler svg past its layout time limit', () => {
  // The limit runs on a manual clock: a layout ends past it when the test moves the clock, never
  // because the machine is busy. cpu-medium's default graph takes Graphviz a second or more.
  const profile = loadProfiles({ files: [fixturePath('cpu-medium.pb.gz')], diffBase: [], base: [] });

  /** renderSvgReport with a 300 ms limit that passes when the test says so; its note and warnings. */
  function render(nodeCount: number) {
    const clock = new ManualClock();
    const notes: string[] = [];
    const svg = profile.then((loaded) =>
      renderSvgReport(loaded, withOptions(DEFAULT_QUERY_OPTIONS, { nodeCount }), UTC_TIME_ZONE, () => {}, {
        timeLimitMs: 300,
        worker: { timers: clock },
        note: (line) => notes.push(line),
      }),
    );
    return { clock, notes, svg };
  }

  it("draws pprof -dot -nodecount=51 instead of pprof's default, and says so", async () => {
    const { clock, notes, svg } = render(-1);
    await waitFor(() => clock.pending === 1, "Graphviz to get pprof's default graph");
    clock.advance(300);
    const drawn = await svg;
    const pprof = await runPprofDot(fixturePath('cpu-medium.pb.gz'), ['-nodecount=51']);
    assertPprofGraph(drawn, pprof, [32, 111]);
    assert.deepEqual(notes, [
      "svg: Graphviz took longer than 0.3 s on pprof's default 80 nodes (52 nodes and 629 edges); " +
        'laid out --nodecount=51 instead, 32 nodes and 111 edges with dot',
    ]);
  });

  it('names a --nodecount that would lay out when an explicit one runs past the limit', async () => {
    const { clock, notes, svg } = render(80);
    await waitFor(() => clock.pending === 1, 'Graphviz to get the graph');
    clock.advance(300);
    await assert.rejects(svg, (error: unknown) => {
      assert.ok(error instanceof SvgLayoutError);
      assert.equal(
        error.message,
        'lay out call graph: Graphviz took longer than 0.3 s for 52 nodes and 629 edges; ' +
          'ask for fewer nodes, e.g. --nodecount=51, or allow more --layout-seconds',
      );
      return true;
    });
    assert.deepEqual(notes, []);
  });
});
