// Reads the call graph out of `go tool pprof -dot` text and out of the SVG Graphviz draws from
// our DOT, into one shape, so tests compare what pprof would draw with what the viewer drew:
// function nodes with their label lines, and the edges between them with their weights.

import { goToolPprof } from './go-pprof.js';

export interface DrawnNode {
  /** pprof's node number: N3 is 3. */
  readonly id: number;
  /** The label's lines (`main`, `runPath`, `0.05s (0.83%)`, `of 4.99s (83.03%)`). */
  readonly lines: readonly string[];
}

export interface DrawnEdge {
  readonly source: number;
  readonly target: number;
  /** The label's lines (` 0.64s`, and ` (inline)` for inlined calls). */
  readonly lines: readonly string[];
}

export interface DrawnGraph {
  readonly nodes: readonly DrawnNode[];
  readonly edges: readonly DrawnEdge[];
}

export interface PprofDot extends DrawnGraph {
  /** The legend box's lines. */
  readonly legend: readonly string[];
  /** Node number → full function name (from the tooltip). */
  readonly names: ReadonlyMap<number, string>;
}

function unescapeDot(text: string): string {
  return text.replace(/\\(.)/g, '$1');
}

/** Splits a DOT label at its `\n` (centred) and `\l` (left-justified) line ends. */
function dotLabelLines(label: string): string[] {
  const lines = label.split(/\\[nl]/).map(unescapeDot);
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

/** Function nodes and the edges between them in pprof's DOT text (tag nodelets left out). */
export function readPprofDot(dot: string): PprofDot {
  const legendLabel = /subgraph cluster_L \{ ".*?" \[shape=box fontsize=16 label="((?:[^"\\]|\\.)*)"/.exec(dot)?.[1];
  const nodes: DrawnNode[] = [];
  const names = new Map<number, string>();
  const edges: DrawnEdge[] = [];
  for (const line of dot.split('\n')) {
    const node = /^N(\d+) \[label="((?:[^"\\]|\\.)*)" id="node\d+" .*? tooltip="((?:[^"\\]|\\.)*) \([^()]*\)"/.exec(
      line,
    );
    if (node !== null) {
      nodes.push({ id: Number(node[1]), lines: dotLabelLines(node[2]!) });
      names.set(Number(node[1]), unescapeDot(node[3]!));
      continue;
    }
    const edge = /^N(\d+) -> N(\d+) \[label="((?:[^"\\]|\\.)*)"/.exec(line);
    if (edge !== null) edges.push({ source: Number(edge[1]), target: Number(edge[2]), lines: dotLabelLines(edge[3]!) });
  }
  return { legend: legendLabel === undefined ? [] : dotLabelLines(legendLabel), nodes, names, edges };
}

/** `go tool pprof -dot FLAGS FILE`, read. */
export async function runPprofDot(file: string, flags: readonly string[] = []): Promise<PprofDot> {
  return readPprofDot(await goToolPprof(['-dot', ...flags, file]));
}

function unescapeXml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|lt|gt|amp|quot|apos);/gi, (_, entity: string) => {
    if (entity.startsWith('#x')) return String.fromCodePoint(parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(Number(entity.slice(1)));
    return { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }[entity.toLowerCase()]!;
  });
}

function textsOf(group: string): string[] {
  return [...group.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((match) => unescapeXml(match[1]!));
}

/** Function nodes (`<g id="nodeN" class="node">`) and the edges between them in Graphviz's SVG. */
export function readGraphvizSvg(svg: string): DrawnGraph {
  const nodes: DrawnNode[] = [];
  const edges: DrawnEdge[] = [];
  // Graphviz writes each node and edge as one group after a comment naming it.
  for (const match of svg.matchAll(
    /<g id="(node\d+|edge\d+)" class="(node|edge)">([\s\S]*?)(?=\n<!-- |\n<\/g>\n<\/svg>)/g,
  )) {
    const body = match[3]!;
    const title = unescapeXml(/<title>([^<]*)<\/title>/.exec(body)?.[1] ?? '');
    if (match[2] === 'node') {
      nodes.push({ id: Number(/^N(\d+)$/.exec(title)?.[1]), lines: textsOf(body) });
    } else {
      const ends = /^N(\d+)->N(\d+)$/.exec(title);
      if (ends !== null) edges.push({ source: Number(ends[1]), target: Number(ends[2]), lines: textsOf(body) });
    }
  }
  return { nodes, edges };
}

/** A graph's nodes and edges in one order, for comparing two drawings. */
export function sortedGraph(graph: DrawnGraph): DrawnGraph {
  return {
    nodes: [...graph.nodes].sort((a, b) => a.id - b.id),
    edges: [...graph.edges].sort((a, b) => a.source - b.source || a.target - b.target),
  };
}
