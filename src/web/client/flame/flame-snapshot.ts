// The flame graph on screen, shared with what acts on it from outside its view: the exports draw
// the same layout and zoom as SVG or PNG, and the keyboard shortcuts zoom it out.

import type { Orientation } from '../url-state.js';
import type { FlameLayout } from './flame-layout.js';

export interface FlameSnapshot {
  /** The refine options' query the graph was built for. */
  readonly query: string;
  readonly layout: FlameLayout;
  readonly zoom: number;
  readonly orientation: Orientation;
  /** The canvas's width in CSS pixels. */
  readonly widthPx: number;
}

let shown: FlameSnapshot | undefined;

/** Called by the flame graph view on every draw, and with undefined when it goes away. */
export function publishFlameSnapshot(snapshot: FlameSnapshot | undefined): void {
  shown = snapshot;
}

export function flameSnapshot(): FlameSnapshot | undefined {
  return shown;
}

/** Dispatched on window to zoom the flame graph out one level (`out`) or to the whole graph (`reset`). */
export const FLAME_ZOOM_EVENT = 'go-profiler:flame-zoom';
export type FlameZoomRequest = 'out' | 'reset';

export function requestFlameZoom(request: FlameZoomRequest): void {
  window.dispatchEvent(new CustomEvent<FlameZoomRequest>(FLAME_ZOOM_EVENT, { detail: request }));
}
