// The Graph view's pan and zoom as pure arithmetic on the SVG's viewBox: the box always has the
// stage's aspect ratio, so one scale (pixels per SVG unit) maps it onto the stage with no
// letterboxing, and zooming about a point keeps that point under the pointer.

export interface ViewBox {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface StageSize {
  readonly width: number;
  readonly height: number;
}

/** Pixels per SVG unit between these limits: from a whole 2000-node graph to a few nodes filling the view. */
export const MIN_SCALE = 0.01;
export const MAX_SCALE = 8;
/** A fitted small graph is not blown up past this (Graphviz units are points: 1.33 px at 100%). */
export const MAX_FIT_SCALE = 1.5;

/** The scale at which `box` fills the stage. */
export function scaleOf(box: ViewBox, stage: StageSize): number {
  return stage.width / box.width;
}

/** The whole `bounds`, centred, with a small margin, at most MAX_FIT_SCALE. */
export function fitViewBox(bounds: ViewBox, stage: StageSize, marginPx = 8): ViewBox {
  const inner = { width: Math.max(stage.width - 2 * marginPx, 1), height: Math.max(stage.height - 2 * marginPx, 1) };
  const scale = Math.min(inner.width / bounds.width, inner.height / bounds.height, MAX_FIT_SCALE);
  return centredViewBox(bounds.x + bounds.width / 2, bounds.y + bounds.height / 2, scale, stage);
}

/**
 * The first view of a graph: its full width, top first (where the roots are), so a tall graph
 * opens readable rather than as a thumbnail; a graph that fits whole is shown whole.
 */
export function initialViewBox(bounds: ViewBox, stage: StageSize, marginPx = 8): ViewBox {
  const scale = Math.min(Math.max(stage.width - 2 * marginPx, 1) / bounds.width, MAX_FIT_SCALE);
  if (bounds.height * scale <= stage.height - 2 * marginPx) return fitViewBox(bounds, stage, marginPx);
  const box = centredViewBox(bounds.x + bounds.width / 2, 0, scale, stage);
  return { ...box, y: bounds.y - marginPx / scale };
}

/** The smallest node label on screen at the first view, in pixels (Graphviz's 8 pt labels). */
export const READABLE_LABEL_PX = 11;

/**
 * The first view of a graph too large to read whole: the scale at which its smallest node label
 * (`minFontSize`, in SVG units) is READABLE_LABEL_PX on screen, centred on `focus` (the heaviest
 * node). A graph readable whole opens as initialViewBox opens it.
 */
export function readableViewBox(
  bounds: ViewBox,
  stage: StageSize,
  focus: { readonly x: number; readonly y: number },
  minFontSize: number,
): ViewBox {
  const first = initialViewBox(bounds, stage);
  const readable = Math.min(READABLE_LABEL_PX / Math.max(minFontSize, 1), MAX_SCALE);
  if (scaleOf(first, stage) >= readable) return first;
  return centredViewBox(focus.x, focus.y, readable, stage);
}

/** The box of the stage's size at `scale`, centred on (cx, cy). */
export function centredViewBox(cx: number, cy: number, scale: number, stage: StageSize): ViewBox {
  const width = stage.width / scale;
  const height = stage.height / scale;
  return { x: cx - width / 2, y: cy - height / 2, width, height };
}

/**
 * Zooms by `factor` (> 1 zooms in) about the stage point (px, py) in pixels from its top left,
 * which stays where it is; the scale is kept within MIN_SCALE..MAX_SCALE.
 */
export function zoomViewBox(box: ViewBox, stage: StageSize, factor: number, px: number, py: number): ViewBox {
  const scale = scaleOf(box, stage);
  const next = Math.min(Math.max(scale * factor, MIN_SCALE), MAX_SCALE);
  // The SVG point under (px, py) before and after must be the same.
  const ux = box.x + px / scale;
  const uy = box.y + py / scale;
  return { x: ux - px / next, y: uy - py / next, width: stage.width / next, height: stage.height / next };
}

/** Moves the view by (dx, dy) pixels: content follows a drag. */
export function panViewBox(box: ViewBox, stage: StageSize, dx: number, dy: number): ViewBox {
  const scale = scaleOf(box, stage);
  return { ...box, x: box.x - dx / scale, y: box.y - dy / scale };
}

/** The same top left corner and scale on a stage of a new size (more or less shows below and right). */
export function resizeViewBox(box: ViewBox, before: StageSize, after: StageSize): ViewBox {
  const scale = scaleOf(box, before);
  return { x: box.x, y: box.y, width: after.width / scale, height: after.height / scale };
}

/** What a key on the focused stage does: pan by pixels, zoom about the middle, fit, or nothing. */
export type KeyStep =
  | { readonly kind: 'pan'; readonly dxPx: number; readonly dyPx: number }
  | { readonly kind: 'zoom'; readonly factor: number }
  | { readonly kind: 'fit' }
  | undefined;

/** One zoom step of the buttons and the + and − keys. */
export const ZOOM_STEP_FACTOR = 1.25;
/** How far an arrow key moves the graph. */
export const KEY_PAN_PX = 60;

export function keyStep(key: string): KeyStep {
  switch (key) {
    case 'ArrowLeft':
      return { kind: 'pan', dxPx: KEY_PAN_PX, dyPx: 0 };
    case 'ArrowRight':
      return { kind: 'pan', dxPx: -KEY_PAN_PX, dyPx: 0 };
    case 'ArrowUp':
      return { kind: 'pan', dxPx: 0, dyPx: KEY_PAN_PX };
    case 'ArrowDown':
      return { kind: 'pan', dxPx: 0, dyPx: -KEY_PAN_PX };
    case '+':
    case '=':
      return { kind: 'zoom', factor: ZOOM_STEP_FACTOR };
    case '-':
      return { kind: 'zoom', factor: 1 / ZOOM_STEP_FACTOR };
    case '0':
      return { kind: 'fit' };
    default:
      return undefined;
  }
}
