// Plans how Graphviz lays out a call graph's DOT: a graph of a few hundred edges goes to `dot` whole;
// a denser one (pprof's default 80 nodes on a CPU profile carry ~2000 edges, which `dot` takes
// minutes over) in two stages: `dot` ranks and orders the nodes along a skeleton of the heaviest
// edges, then `nop2` keeps those positions and draws every other edge as a straight line. Every node
// and edge of the DOT is drawn, with its label; only the lightest edges lose their routed curves.

/** Above this many edges, `dot` alone takes many seconds (its time grows steeply with edges). */
export const DENSE_GRAPH_EDGES = 300;

/** Whether a graph of this many edges is laid out in two stages (planTwoStageLayout's test). */
export function isDenseGraph(edgeCount: number): boolean {
  return edgeCount > DENSE_GRAPH_EDGES;
}

/** The edges `dot` lays out in the first stage: ~150 take about a second. */
export const SKELETON_EDGES = 150;

/**
 * `dot`'s settings for the skeleton: fewer network-simplex and crossing-minimisation passes than its
 * defaults, which bound its time on any skeleton at little cost in crossings (decisions.md has the
 * measurements and pictures).
 */
export const SKELETON_GRAPH_ATTRIBUTES = 'graph [mclimit=0.5 nslimit=5 nslimit1=5 remincross=false]';

/** The second stage draws the edges left out of the skeleton straight: routing 2000 splines takes 7 s. */
export const REST_GRAPH_ATTRIBUTES: Readonly<Record<string, string>> = { splines: 'false' };

/** A dense graph's two stages: the skeleton's DOT for `dot`, and the edge lines it left out. */
export interface TwoStageLayout {
  readonly skeleton: string;
  readonly rest: readonly string[];
}

const EDGE_LINE = /^(N\d+) -> (N\d+) \[/;

/**
 * The two stages for a dense graph, or undefined for one `dot` lays out whole. The DOT is
 * formatDot's: one statement a line, edges heaviest first (as pprof writes them).
 */
export function planTwoStageLayout(dot: string): TwoStageLayout | undefined {
  const lines = dot.split('\n');
  const edges: { readonly line: number; readonly source: string; readonly target: string }[] = [];
  lines.forEach((text, line) => {
    const ends = EDGE_LINE.exec(text);
    if (ends !== null) edges.push({ line, source: ends[1]!, target: ends[2]! });
  });
  if (!isDenseGraph(edges.length)) return undefined;
  // Every node keeps its heaviest edge in and out, so each is ranked by the calls that matter most;
  // then the heaviest of the rest, up to the skeleton's size.
  const kept = new Set<number>();
  const seenIn = new Set<string>();
  const seenOut = new Set<string>();
  for (const edge of edges) {
    if (!seenIn.has(edge.target) || !seenOut.has(edge.source)) kept.add(edge.line);
    seenIn.add(edge.target);
    seenOut.add(edge.source);
  }
  for (const edge of edges) {
    if (kept.size >= SKELETON_EDGES) break;
    kept.add(edge.line);
  }
  const skeleton = lines.filter((text, line) => !EDGE_LINE.test(text) || kept.has(line));
  const open = skeleton.findIndex((text) => text.startsWith('digraph '));
  skeleton.splice(open + 1, 0, SKELETON_GRAPH_ATTRIBUTES);
  return {
    skeleton: skeleton.join('\n'),
    rest: edges.filter((edge) => !kept.has(edge.line)).map((edge) => lines[edge.line]!),
  };
}

/** The skeleton as `dot` laid it out (its `-Tdot` output), with the left-out edges added for `nop2`. */
export function withRestEdges(laidOut: string, rest: readonly string[]): string {
  const close = laidOut.lastIndexOf('}');
  return `${laidOut.slice(0, close)}${rest.join('\n')}\n}\n`;
}
