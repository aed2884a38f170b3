// The pivot's state (the flame graph with `p`, and the Sandwich view's right side) and the pure
// functions that change it: each half's zoom and hovered frame, what a click on a frame does, and
// the texts around the two halves. pivot-pair.ts renders it.

import type { WireFlameGraph } from '../../flame-graph-wire.js';
import type { FlameLayout } from '../flame/flame-layout.js';
import { exactNamesRegexp } from '../refine/apply-refine.js';
import { optionsQuery, type StateChange, type ViewState } from '../url-state.js';

export type Part = 'callers' | 'callees';
export const PARTS: readonly Part[] = ['callers', 'callees'];

/** What a click on a frame does: zoom into it (flame graph) or make it the new pivot (sandwich). */
export type FrameClick = 'zoom' | 'repivot';

/** The callers half leaves out its root and pivot rows (the callees half draws the pivot once). */
export const SKIP_DEPTH: Readonly<Record<Part, number>> = { callers: 2, callees: 1 };

export interface PartState {
  readonly zoom: number;
  readonly hovered: number;
}

export interface PivotState {
  /** The refine options' query of the halves shown (undefined: none). */
  readonly loadedQuery: string | undefined;
  readonly parts: Readonly<Record<Part, PartState>>;
}

const UNZOOMED: PartState = { zoom: 0, hovered: -1 };

export const INITIAL_PIVOT_STATE: PivotState = {
  loadedQuery: undefined,
  parts: { callers: UNZOOMED, callees: UNZOOMED },
};

/** The API query of the halves a state needs, or undefined without a pivot. */
export function pivotQueryOf(url: ViewState): string | undefined {
  return url.options.pivot === '' ? undefined : optionsQuery(url.options);
}

/** New halves arrived: both unzoomed. */
export function withHalves(state: PivotState, query: string | undefined): PivotState {
  return { loadedQuery: query, parts: { callers: UNZOOMED, callees: UNZOOMED } };
}

export function withPart(state: PivotState, part: Part, change: Partial<PartState>): PivotState {
  const old = state.parts[part];
  const next = { ...old, ...change };
  if (next.zoom === old.zoom && next.hovered === old.hovered) return state;
  return { ...state, parts: { ...state.parts, [part]: next } };
}

export function withZoomsReset(state: PivotState): PivotState {
  return withPart(withPart(state, 'callers', { zoom: 0 }), 'callees', { zoom: 0 });
}

export function isZoomed(state: PivotState): boolean {
  return PARTS.some((part) => state.parts[part].zoom !== 0);
}

/** What a click on `node` of a half does: a new pivot (sandwich, below the pivot row) or a zoom (toggled). */
export function clickStep(
  click: FrameClick,
  layout: FlameLayout,
  node: number,
  zoom: number,
): { readonly kind: 'navigate'; readonly change: StateChange } | { readonly kind: 'zoom'; readonly node: number } {
  const { graph } = layout;
  if (click === 'repivot' && graph.depth[node]! >= 2) {
    return {
      kind: 'navigate',
      change: { options: { pivot: exactNamesRegexp([graph.names[graph.nameIndex[node]!]!]) } },
    };
  }
  return { kind: 'zoom', node: node === zoom ? 0 : node };
}

/** The pivot frames: the callees half's depth-1 frames. */
export function pivotNames(graph: WireFlameGraph): string[] {
  const names: string[] = [];
  for (let i = 1; i < graph.nodeCount; i++) if (graph.depth[i] === 1) names.push(graph.names[graph.nameIndex[i]!]!);
  return names;
}

export interface PivotTexts {
  readonly headings: Readonly<Record<Part, string>>;
  /** Why nothing is shown, or "". */
  readonly message: string;
  readonly searchStatus: string;
}

export function pivotTexts(pivots: readonly string[], url: ViewState): PivotTexts {
  const subject = pivots.length === 1 ? pivots[0]! : `${pivots.length} functions matching ${url.options.pivot}`;
  return {
    headings: { callers: `▲ Callers of ${subject}`, callees: `▼ Callees of ${subject}` },
    message:
      pivots.length === 0
        ? `p=${url.options.pivot} matches no function shown with these options: nothing to pivot on.`
        : '',
    searchStatus: url.search === '' ? '' : 'The search highlights frames in the flame graph without a pivot',
  };
}
