// SPEC §5 "Names in the call graph": function names, file names, label values, units and the
// binary's name crafted to close a DOT string never add a node or break the layout. The DOT is
// laid out by the viewer's real Graphviz worker and the SVG's nodes are counted.

import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { ProfileBuilder, type BuilderLabel } from '../pprof/profile-builder.js';
import {
  buildCallGraph,
  DEFAULT_QUERY_OPTIONS,
  escapeForDot,
  formatDot,
  joinChunks,
  UTC_TIME_ZONE,
} from '../query/index.js';
import { WorkerGraphLayout } from './graph-layout.js';

const INJECTION = '"]; evil [label="x';

/** main → each hostile function, one sample each, with a hostile label set. */
function hostileProfile(functionNames: readonly string[], labels: readonly BuilderLabel[]) {
  const builder = new ProfileBuilder({ sampleTypes: [{ type: 'samples', unit: `count${INJECTION}` }] });
  const mapping = builder.addMapping({
    memoryStart: 0x1000n,
    memoryLimit: 0x2000n,
    fileOffset: 0n,
    filename: `/bin/app${INJECTION}`,
    buildId: '',
    hasFunctions: true,
    hasFilenames: true,
    hasLineNumbers: true,
    hasInlineFrames: false,
  });
  const main = builder.addLocation(
    [{ function: builder.addFunction('main.main', '/src/main.go'), line: 3 }],
    0n,
    mapping,
  );
  functionNames.forEach((name, i) => {
    const leaf = builder.addLocation(
      [{ function: builder.addFunction(name, `/src/${name}.go`), line: 10 + i }],
      0n,
      mapping,
    );
    builder.addSample([leaf, main], [100 + i], labels);
  });
  return builder.build();
}

/** The DOT names (each group's `<title>`) of the SVG's nodes and edges, sorted. */
function drawnNames(svg: string): { nodes: string[]; edges: string[] } {
  const titles = (kind: string) =>
    [...svg.matchAll(new RegExp(`<g id="[^"]*" class="${kind}">\\s*<title>([^<]*)</title>`, 'g'))]
      .map((match) => match[1]!.replaceAll('&#45;&gt;', '->'))
      .sort();
  return { nodes: titles('node'), edges: titles('edge') };
}

const layout = new WorkerGraphLayout();
after(() => layout.close());

describe('names in the call graph', () => {
  const functionNames = [
    INJECTION,
    'quote"back\\slash',
    'b\\"; N99 [label="y"]; N1 -> N99; "',
    'line\nbreak\r\nand more',
    '<html>{record|fields}</html>',
    'nul\u0000byte',
    'bell\u0007escape\u001bdel\u007f',
    'trailing backslash\\',
    'lone \ud800 surrogate',
    'tab\there',
  ];
  const labels: BuilderLabel[] = [
    { key: 'route', value: INJECTION },
    { key: `key${INJECTION}`, value: 'v\\n\\"\n}' },
    { key: 'bytes', number: 1024, unit: `bytes${INJECTION}` },
  ];

  it('lays out exactly the expected nodes and edges, whatever the names', async () => {
    const profile = hostileProfile(functionNames, labels);
    const graph = buildCallGraph(profile, DEFAULT_QUERY_OPTIONS, { timeZone: UTC_TIME_ZONE });
    assert.equal(graph.nodes.length, functionNames.length + 1, 'main and each hostile function');
    // Laid out as the Graph view does, without the legend box; with it, one node more.
    const svg = await layout.layout(joinChunks(formatDot({ ...graph, legend: [] })), 60_000);

    // Node 1 is main; each hostile function has its label-set nodelet N<i>_0, which has its
    // numeric nodelet (pprof names it NN<i>_0_0).
    const hostile = functionNames.map((_, i) => i + 2);
    const expectedNodes = ['N1', ...hostile.flatMap((n) => [`N${n}`, `N${n}_0`, `NN${n}_0_0`])].sort();
    const expectedEdges = hostile.flatMap((n) => [`N1->N${n}`, `N${n}->N${n}_0`, `N${n}_0->NN${n}_0_0`]).sort();
    assert.deepEqual(drawnNames(svg), { nodes: expectedNodes, edges: expectedEdges });
    // XML 1.0 (the browser parses the SVG as XML) allows no control characters but tab, CR and LF.
    // eslint-disable-next-line no-control-regex -- matching control characters is the point
    assert.doesNotMatch(svg, /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
    // The hostile texts are drawn as text.
    assert.match(svg, />route:&quot;\]; evil \[label=&quot;x<\/text>/);
    assert.match(svg, />nul\\x00byte<\/text>/);

    const withLegend = await layout.layout(joinChunks(formatDot(graph)), 60_000);
    assert.equal(drawnNames(withLegend).nodes.length, expectedNodes.length + 1);
  });

  it("escapes as pprof's escapeForDot, and control characters and lone surrogates beyond it", () => {
    // go tool pprof -dot on the goldens (src/cli/report-golden.test.ts) checks the ordinary case.
    assert.equal(escapeForDot('main.(*T).run'), 'main.(*T).run');
    assert.equal(escapeForDot(INJECTION), '\\"]; evil [label=\\"x');
    assert.equal(escapeForDot('a\\b\nc'), 'a\\\\b\\lc');
    assert.equal(escapeForDot('nul\u0000 esc\u001b tab\t'), 'nul\\\\x00 esc\\\\x1b tab\t');
    assert.equal(escapeForDot('\ud800x\udc00 \ud83d\ude00'), '\ufffdx\ufffd \ud83d\ude00');
  });
});
