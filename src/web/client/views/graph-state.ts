// The Graph view's state and its pure functions: which layout a URL state needs (a new search
// needs no new layout), what a request for it is, and the texts around the drawing.

import type { GraphViewModel } from '../../view-models.js';
import { optionsQuery, viewQueryOf, type ViewState } from '../url-state.js';

export interface GraphState {
  readonly url: ViewState;
  /** The query asked for last (undefined after a failure, so the same state asks again). */
  readonly requestedKey: string | undefined;
  /** The refine options of the drawing shown (undefined: none). */
  readonly drawnLayoutKey: string | undefined;
}

export function initialGraphState(url: ViewState): GraphState {
  return { url, requestedKey: undefined, drawnLayoutKey: undefined };
}

/** What a URL state needs: nothing new, a new search over the same drawing, or a new layout. */
export type GraphStep =
  | { readonly kind: 'none' }
  | { readonly kind: 'request'; readonly key: string; readonly layoutKey: string; readonly relayout: boolean };

export function graphStep(state: GraphState, url: ViewState): GraphStep {
  const key = viewQueryOf(url);
  if (key === state.requestedKey) return { kind: 'none' };
  const layoutKey = optionsQuery(url.options);
  return { kind: 'request', key, layoutKey, relayout: state.drawnLayoutKey !== layoutKey };
}

export function withRequest(state: GraphState, url: ViewState, key: string | undefined): GraphState {
  return { ...state, url, requestedKey: key };
}

export function withDrawing(state: GraphState, layoutKey: string | undefined): GraphState {
  return { ...state, drawnLayoutKey: layoutKey };
}

export function graphStatusText(graph: GraphViewModel): string {
  return graph.nodes.length === 0
    ? 'No nodes to show: the total is 0 or every node was filtered out.'
    : `${graph.nodes.length} nodes, ${graph.edgeCount} edges. Click a node to refine.`;
}

/** The nodes the search marks (undefined: none), and the search's outcome. */
export function graphMatches(search: string, graph: GraphViewModel): { marked?: readonly number[]; status: string } {
  const matched = graph.matchedNodes;
  if (search === '') return { status: '' };
  return {
    marked: matched,
    status: matched === undefined ? '' : `${matched.length} of ${graph.nodes.length} nodes match`,
  };
}

/** Says that fewer nodes than pprof's default are drawn (undefined when the default was drawn). */
export function reductionText(graph: GraphViewModel): string | undefined {
  const from = graph.reducedFrom;
  if (from === undefined) return undefined;
  return (
    `Showing n=${from.nodeCount} (${graph.nodes.length} nodes): pprof's default n=${from.defaultNodeCount} keeps ` +
    `${from.nodes} nodes and ${from.edges} edges here, which Graphviz did not lay out within its time limit. `
  );
}

/** The node count the server suggests after its layout time limit, from its 422 answer. */
export function suggestedNodeCount(status: number, body: Readonly<Record<string, unknown>> | undefined) {
  const suggested = body?.suggestedNodeCount;
  return status === 422 && typeof suggested === 'number' ? suggested : undefined;
}
