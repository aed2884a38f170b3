// The Graph view's model: the engine's call graph (pprof's trimming and texts), written as DOT
// without its legend box (the header shows the legend) and laid out to SVG by Graphviz in the
// shared worker, with each node's name and values so the browser can wire clicks to them. When
// Graphviz runs out of time, it names a node count that would lay out quickly instead.

import type { Profile } from '../pprof/index.js';
import {
  buildCallGraph,
  callGraphNodeTexts,
  effectiveOptions,
  formatDot,
  joinChunks,
  type CallGraph,
  type QueryOptions,
  type TimeZone,
  withOptions,
} from '../query/index.js';
import { GraphLayoutTimeLimitError, type GraphLayout } from './graph-layout.js';
import { GraphTooLargeError } from './viewer-errors.js';
import type { GraphReduction, GraphViewModel } from './view-models.js';

/**
 * The most edges a suggested node count may draw. Graphviz's time depends on the edges far more
 * than on the nodes: ~150 edges lay out in well under a second, 250–450 take 1–7 s and the ~2000
 * edges of a large CPU profile at pprof's default 80 nodes take minutes.
 */
export const GRAPH_EDGE_BUDGET = 150;

/**
 * Above this many edges at pprof's default node count (no `n` in the URL), the view draws the
 * suggested smaller graph at once and says so, rather than making the user wait for the time
 * limit: pprof's own `dot` runs for minutes there. An explicit `n` is always honoured.
 */
export const GRAPH_DEFAULT_EDGE_LIMIT = 300;

export interface GraphLayoutSettings {
  readonly layout: GraphLayout;
  readonly timeLimitMs: number;
  /** Whose layouts these are (the session): the layout workers serve owners in turn. */
  readonly owner?: object;
}

/** The Graph view's answer before a search marks nodes in it. */
export type LaidOutGraph = Omit<GraphViewModel, 'matchedNodes'>;

/** Builds and lays out the call graph `go tool pprof -dot` would print for these options. */
export async function layOutCallGraph(
  profile: Profile,
  options: QueryOptions,
  settings: GraphLayoutSettings,
  timeZone: TimeZone,
): Promise<LaidOutGraph> {
  let graph = buildCallGraph(profile, options, { timeZone });
  let reducedFrom: GraphReduction | undefined;
  if (options.nodeCount === -1 && graph.edges.count > GRAPH_DEFAULT_EDGE_LIMIT) {
    const smaller = largestGraphWithinBudget(profile, options, graph.nodes.length, timeZone);
    reducedFrom = {
      defaultNodeCount: effectiveOptions(options, 'graph').nodeCount,
      nodes: graph.nodes.length,
      edges: graph.edges.count,
      nodeCount: smaller.nodeCount,
    };
    graph = smaller.graph;
  }
  const names = graph.frameNodes.nodes.printableName;
  const nodes = Array.from(graph.nodes, (n, i) => {
    const { flatText, flatPercent, cumText, cumPercent } = callGraphNodeTexts(graph, n);
    // formatDot draws node i as N(i+1) with id="node(i+1)".
    return { id: `node${i + 1}`, name: names[n]!, flatText, flatPercent, cumText, cumPercent };
  });
  let svg: string;
  try {
    svg = await settings.layout.layout(
      joinChunks(formatDot({ ...graph, legend: [] })),
      settings.timeLimitMs,
      settings.owner,
    );
  } catch (error) {
    if (!(error instanceof GraphLayoutTimeLimitError)) throw error;
    const suggested = suggestNodeCount(profile, options, graph.nodes.length, timeZone);
    throw new GraphTooLargeError(graph.nodes.length, graph.edges.count, settings.timeLimitMs, suggested, {
      cause: error,
    });
  }
  // pprof ends the legend with "\nSee https://git.io/JfYMW ...": one line each, as the DOT box shows them.
  const legend = graph.legend.flatMap((line) => line.split('\n'));
  return {
    legend,
    svg,
    nodes,
    edgeCount: graph.edges.count,
    warnings: graph.warnings,
    ...(reducedFrom === undefined ? {} : { reducedFrom }),
  };
}

/**
 * The largest node count below `shownNodes` whose graph has at most GRAPH_EDGE_BUDGET edges (edges
 * grow with nodes, so a binary search over a few cheap graph builds; Graphviz is not run).
 */
export function suggestNodeCount(
  profile: Profile,
  options: QueryOptions,
  shownNodes: number,
  timeZone: TimeZone,
): number {
  return largestGraphWithinBudget(profile, options, shownNodes, timeZone).nodeCount;
}

/** suggestNodeCount's search, keeping the graph it found so it need not be built again. */
function largestGraphWithinBudget(
  profile: Profile,
  options: QueryOptions,
  shownNodes: number,
  timeZone: TimeZone,
): { readonly nodeCount: number; readonly graph: CallGraph } {
  const build = (nodeCount: number) => buildCallGraph(profile, withOptions(options, { nodeCount }), { timeZone });
  let best: { nodeCount: number; graph: CallGraph } | undefined;
  let low = 2;
  let high = shownNodes - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const graph = build(middle);
    if (graph.edges.count <= GRAPH_EDGE_BUDGET) {
      best = { nodeCount: middle, graph };
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return best ?? { nodeCount: 1, graph: build(1) };
}
