// The flame graph view's state and the pure functions that change it: which graph a URL state
// needs, whether a zoom shows at once from the graph at hand or needs the server's subtree, what
// a load does when that graph is on its way or kept, the search's highlight, and the view's
// texts. The view (flame-graph-view.ts) renders the state and runs the requests it asks for.

import type { WireFlameGraph } from '../../flame-graph-wire.js';
import type { AggregateMatchModel, SearchViewModel } from '../../view-models.js';
import { formatZoomPath, parseZoomPath } from '../../zoom-path.js';
import { pathTo, type FlameLayout } from '../flame/flame-layout.js';
import { findPath, graphQuery } from '../flame/flame-zoom.js';
import { optionsQuery, type ViewState } from '../url-state.js';

export interface LoadedGraph {
  /** The API query it answers: the refine options, plus `zoom` for a zoomed graph. */
  readonly query: string;
  /** The refine options alone. */
  readonly optionsQuery: string;
  /** The zoom path it was built for ("" for the whole graph). */
  readonly zoomPath: string;
  readonly layout: FlameLayout;
}

export interface Highlight {
  /** The graph query the matched names index into. */
  readonly query: string;
  /** Per name index of that graph: 1 when the search matches it. */
  readonly names: Uint8Array;
  /** Per node of that graph: the matched value inside it when it is an aggregate hiding a match. */
  readonly aggregates: ReadonlyMap<number, AggregateMatchModel>;
}

export interface FlameGraphState {
  /** The URL's state the view shows. */
  readonly url: ViewState;
  readonly loaded: LoadedGraph | undefined;
  /** The query of the graph on its way from the server. */
  readonly loadingQuery: string | undefined;
  /** The frame drawn full width (0: the root). */
  readonly zoom: number;
  readonly hovered: number;
  readonly highlight: Highlight | undefined;
  /** The graph query and search the highlight was asked for ("" for none). */
  readonly searchKey: string;
}

export function initialFlameGraphState(url: ViewState): FlameGraphState {
  return {
    url,
    loaded: undefined,
    loadingQuery: undefined,
    zoom: 0,
    hovered: -1,
    highlight: undefined,
    searchKey: '',
  };
}

/**
 * The graph a URL state needs: its API query, the refine options alone (with the leaf-first
 * flag: the other orientation of the stacks is another graph), and the zoom path.
 */
export function wantedGraph(url: ViewState): { query: string; optionsQuery: string; zoomPath: string } {
  const options = graphQuery(optionsQuery(url.options), '', { leafFirst: url.leafFirst });
  const zoomPath = url.zoom ?? '';
  const query = graphQuery(options, zoomPath, { leafFirst: url.leafFirst, allDetail: url.allDetail === true });
  return { query, optionsQuery: options, zoomPath };
}

/** What the view does for a new URL state. */
export interface UrlStep {
  /** The frame to zoom into at once, in the graph at hand (undefined: none). */
  readonly zoomTo: number | undefined;
  /** Whether the graph at hand serves the state fully (no load; the search is asked again). */
  readonly served: boolean;
}

/**
 * A zoom shows at once in the graph at hand when that graph holds the frame with all it was sent
 * for it (the whole graph, or inside a zoomed one's subtree); only a pruned graph needs the
 * server's detail.
 */
export function urlStep(state: FlameGraphState, url: ViewState): UrlStep {
  const { loaded } = state;
  const wanted = wantedGraph(url);
  // All detail is the server's to build: never served from a graph at hand.
  if (
    loaded === undefined ||
    loaded.query === wanted.query ||
    loaded.optionsQuery !== wanted.optionsQuery ||
    url.allDetail === true
  ) {
    return { zoomTo: undefined, served: false };
  }
  const { graph } = loaded.layout;
  const node = findPath(loaded.layout, parseZoomPath(wanted.zoomPath));
  const zoomedFrom = graph.info.zoomNode ?? 0;
  const complete =
    node >= 0 && (wanted.zoomPath === '' ? loaded.zoomPath === '' : graph.depth[node]! >= graph.depth[zoomedFrom]!);
  if (!complete) return { zoomTo: undefined, served: false };
  return { zoomTo: node, served: graph.droppedNodes === 0 && loaded.zoomPath === '' };
}

/** What loading a graph query does. */
export type LoadStep =
  /** It is on its way already. */
  | { readonly kind: 'wait' }
  /** It is the graph at hand (the user came back before another arrived): show its own zoom. */
  | { readonly kind: 'own-zoom'; readonly node: number }
  /** It is one of the recent graphs kept. */
  | { readonly kind: 'recent' }
  | { readonly kind: 'fetch' };

export function loadStep(state: FlameGraphState, query: string, kept: boolean): LoadStep {
  if (query === state.loadingQuery) return { kind: 'wait' };
  if (state.loaded !== undefined && query === state.loaded.query) {
    return { kind: 'own-zoom', node: state.loaded.layout.graph.info.zoomNode ?? 0 };
  }
  return kept ? { kind: 'recent' } : { kind: 'fetch' };
}

export function withUrl(state: FlameGraphState, url: ViewState): FlameGraphState {
  return { ...state, url };
}

export function withZoom(state: FlameGraphState, node: number): FlameGraphState {
  return { ...state, zoom: node, hovered: -1 };
}

export function withHovered(state: FlameGraphState, node: number): FlameGraphState {
  return node === state.hovered ? state : { ...state, hovered: node };
}

export function withLoading(state: FlameGraphState, query: string | undefined): FlameGraphState {
  return { ...state, loadingQuery: query };
}

/** A graph arrived (or came from the recent ones): it is shown at its own zoom. */
export function withLoaded(state: FlameGraphState, loaded: LoadedGraph): FlameGraphState {
  return { ...state, loaded, loadingQuery: undefined, zoom: loaded.layout.graph.info.zoomNode ?? 0, hovered: -1 };
}

/** The name of a node of the graph at hand. */
export function nameOf(layout: FlameLayout, node: number): string {
  const { graph } = layout;
  return graph.names[graph.nameIndex[node]!]!;
}

/** The zoom path (`zoom`) of a node: its ancestors' names from the root's child down, and its own. */
export function zoomPathTo(layout: FlameLayout, node: number): string {
  return formatZoomPath(
    node === 0
      ? []
      : pathTo(layout, node)
          .slice(1)
          .map((n) => nameOf(layout, n)),
  );
}

/** What the refine menu of the header acts on: the zoomed frame. */
export function selectionOf(state: FlameGraphState): readonly string[] {
  return state.zoom === 0 || state.loaded === undefined ? [] : [nameOf(state.loaded.layout, state.zoom)];
}

/** What a search needs: nothing (asked already), clearing, or a request for the matched names. */
export type SearchStep =
  | { readonly kind: 'none' }
  | { readonly kind: 'clear'; readonly key: string }
  | { readonly kind: 'request'; readonly key: string; readonly query: string; readonly params: string };

export function searchStep(state: FlameGraphState): SearchStep {
  // Matched names are indices into the drawn graph's names: ask about that graph (zoom included).
  const query = state.loaded?.query ?? wantedGraph(state.url).query;
  const key = `${query}\n${state.url.search}`;
  if (key === state.searchKey) return { kind: 'none' };
  if (state.url.search === '') return { kind: 'clear', key };
  const params = new URLSearchParams(query);
  params.set('q', state.url.search);
  return { kind: 'request', key, query, params: params.toString() };
}

export function withSearchKey(state: FlameGraphState, key: string): FlameGraphState {
  return { ...state, searchKey: key, ...(state.url.search === '' ? { highlight: undefined } : {}) };
}

/**
 * The search's answer for the graph `query`: the names it matched, by index into that graph's
 * names, and the aggregates hiding a match.
 */
export function withMatches(
  state: FlameGraphState,
  query: string,
  matched: readonly number[],
  matchedAggregates: readonly AggregateMatchModel[] = [],
): FlameGraphState {
  const names = new Uint8Array(state.loaded?.query === query ? state.loaded.layout.graph.names.length : 0);
  for (const index of matched) if (index < names.length) names[index] = 1;
  const aggregates = new Map(names.length === 0 ? [] : matchedAggregates.map((match) => [match.node, match]));
  return { ...state, highlight: { query, names, aggregates } };
}

/** The search failed: no highlight, and the next state asks again. */
export function withSearchFailed(state: FlameGraphState): FlameGraphState {
  return { ...state, searchKey: '', highlight: undefined };
}

/** The highlight of the graph drawn, if the search is about it. */
export function drawnHighlight(state: FlameGraphState): Highlight | undefined {
  const { highlight, loaded } = state;
  return highlight !== undefined && highlight.query === loaded?.query ? highlight : undefined;
}

export function searchStatusOf(result: SearchViewModel): string {
  return `Matched ${result.matchedText} (${result.matchedPercent}) of ${result.reportTotalText}`;
}

/** Says what the server left out, so nobody mistakes a pruned graph for the whole profile. */
export function droppedNote(graph: WireFlameGraph): string {
  if (graph.droppedNodes === 0) return '';
  const hatched = 'drawn as hatched aggregates (click one for its detail)';
  if (graph.info.minFraction === 0) {
    return `${graph.droppedNodes} call subtrees beyond the ${graph.info.maxNodes} widest frames are ${hatched}.`;
  }
  const capped = graph.nodeCount >= graph.info.maxNodes ? ` or beyond the ${graph.info.maxNodes} widest frames` : '';
  const of = graph.info.zoomNode === undefined ? 'the total' : 'the zoomed frame';
  return `${graph.droppedNodes} call subtrees under ${graph.info.minFraction * 100}% of ${of}${capped} are ${hatched}.`;
}

/** The legend in the details panel: pprof's lines, and what was not drawn. */
export function legendOf(graph: WireFlameGraph): readonly string[] {
  const note = droppedNote(graph);
  return note === '' ? graph.info.legend : [...graph.info.legend, note];
}

/** Why nothing is drawn, or "" when something is. */
export function emptyMessage(layout: FlameLayout): string {
  // A diff is empty when nothing changed (its widths are changes), not when its net is 0.
  if (layout.width[0] !== 0) return '';
  return layout.graph.baseCum === undefined
    ? 'This profile has no samples of this type: the total is 0, so there is nothing to draw.'
    : 'The two captures do not differ in this sample type, so there is no change to draw.';
}

/** The toolbar's label: the zoomed frame, and that its callees were pruned when it looks like a leaf. */
export function zoomLabelOf(layout: FlameLayout, zoom: number): string {
  if (zoom === 0) return '';
  const { graph } = layout;
  let label = `Zoomed into ${nameOf(layout, zoom)}${graph.info.allDetail === true ? ', all detail' : ''}`;
  // A frame whose callees were all pruned on the server looks like a leaf: say it is not one.
  const callees = graph.cum[zoom]! - graph.flat[zoom]!;
  if (layout.end[zoom] === zoom + 1 && callees !== 0) {
    const of = graph.info.zoomNode === zoom ? 'of this frame' : 'of the total';
    label += `; its callees are each under ${graph.info.minFraction * 100}% ${of} and are not drawn`;
  }
  return label;
}

/**
 * What the Leaf first button asks for: the other shape than the one drawn, and no `leaf` in the
 * URL when that other shape is the profile's default (defaults stay out of URLs).
 */
export function leafFirstToggle(graph: WireFlameGraph): boolean | 'default' {
  const next = graph.info.leafFirst !== true;
  return next === (graph.info.defaultLeafFirst !== undefined) ? 'default' : next;
}

/** Why the graph opened leaf first, when the URL left the shape to the profile; "" otherwise. */
export function leafFirstReasonOf(url: ViewState, graph: WireFlameGraph): string {
  const { leafFirst, defaultLeafFirst } = graph.info;
  if (url.leafFirst !== undefined || leafFirst !== true || defaultLeafFirst === undefined) return '';
  return `Opened leaf first: ${defaultLeafFirst}`;
}

export function orientationButtonText(url: ViewState): string {
  return url.orientation === 'icicle' ? 'Flame (root at bottom)' : 'Icicle (root on top)';
}
