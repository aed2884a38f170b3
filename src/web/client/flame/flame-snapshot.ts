// The flame graph on screen, as the store holds it for what acts on it from outside its view:
// the exports draw the same layout and zoom as SVG or PNG.

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

/** True when two snapshots show the same thing (a redraw on hover changes nothing the exports use). */
export function sameSnapshot(a: FlameSnapshot | undefined, b: FlameSnapshot | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return (
    a.query === b.query &&
    a.layout === b.layout &&
    a.zoom === b.zoom &&
    a.orientation === b.orientation &&
    a.widthPx === b.widthPx
  );
}
