// The Graph view's model: the engine's call graph (pprof's trimming and texts), written as DOT
// without its legend box (the header shows the legend) and laid out to SVG by Graphviz in the
// shared worker, with each node's name and values so the browser can wire clicks to them. pprof's
// default graph is laid out whole (a dense one in two stages, graph-layout-plan.ts); past the time
// limit the view draws a smaller node count instead and says so. When Graphviz runs out of time on
// an explicit node count, it names a node count that would lay out quickly instead.

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
 * edges of a large CPU profile at pprof's default 80 nodes take minutes in one stage.
 */
export const GRAPH_EDGE_BUDGET = 150;

export interface GraphLayoutSettings {
  readonly layout: GraphLayout;
  readonly timeLimitMs: number;
  /** Whose layouts these are (the session): the layout workers serve owners in turn. */
  readonly owner?: object;
  /** Draw pprof's legend box, as `go tool pprof -svg` does (the CLI's svg); the viewer shows it in its header. */
  readonly legend?: boolean;
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
  const graph = buildCallGraph(profile, options, { timeZone });
  const tooLarge = (shown: CallGraph, cause: unknown) => {
    if (!(cause instanceof GraphLayoutTimeLimitError)) return cause;
    const suggested = largestGraphWithinBudget(profile, options, shown.nodes.length, timeZone).nodeCount;
    return new GraphTooLargeError(shown.nodes.length, shown.edges.count, settings.timeLimitMs, suggested, { cause });
  };
  try {
    return { ...graphModel(graph), svg: await layOut(graph, settings) };
  } catch (error) {
    // pprof's default (no `n` in the URL) falls back to the largest graph within the edge budget;
    // an explicit `n` is the user's choice: they get the time-limit answer and a suggestion.
    const fallBack =
      error instanceof GraphLayoutTimeLimitError && options.nodeCount === -1 && graph.edges.count > GRAPH_EDGE_BUDGET;
    if (!fallBack) throw tooLarge(graph, error);
  }
  const smaller = largestGraphWithinBudget(profile, options, graph.nodes.length, timeZone);
  const reducedFrom: GraphReduction = {
    defaultNodeCount: effectiveOptions(options, 'graph').nodeCount,
    nodes: graph.nodes.length,
    edges: graph.edges.count,
    nodeCount: smaller.nodeCount,
  };
  try {
    return { ...graphModel(smaller.graph), svg: await layOut(smaller.graph, settings), reducedFrom };
  } catch (error) {
    throw tooLarge(smaller.graph, error);
  }
}

/** The SVG Graphviz draws for the graph's DOT (formatDot draws node i as N(i+1), id="node(i+1)"). */
function layOut(graph: CallGraph, settings: GraphLayoutSettings): Promise<string> {
  const dot = joinChunks(formatDot(settings.legend === true ? graph : { ...graph, legend: [] }));
  return settings.layout.layout(dot, settings.timeLimitMs, settings.owner);
}

/** Everything of the view's model but the drawing. */
function graphModel(graph: CallGraph): Omit<LaidOutGraph, 'svg' | 'reducedFrom'> {
  const names = graph.frameNodes.nodes.printableName;
  const nodes = Array.from(graph.nodes, (n, i) => {
    const { flatText, flatPercent, cumText, cumPercent } = callGraphNodeTexts(graph, n);
    return { id: `node${i + 1}`, name: names[n]!, flatText, flatPercent, cumText, cumPercent };
  });
  // pprof ends the legend with "\nSee https://git.io/JfYMW ...": one line each, as the DOT box shows them.
  const legend = graph.legend.flatMap((line) => line.split('\n'));
  return { legend, nodes, edgeCount: graph.edges.count, warnings: graph.warnings };
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
