// Draws a flame graph on a canvas and answers "which frame is under this point". Only what is
// visible is touched: subtrees narrower than MIN_FRAME_PX are skipped whole (the pre-order layout
// gives their end; consecutive skipped siblings are drawn as one hatched band), rows outside the scrolled window are not painted, and no DOM node is made
// per frame. Narrow frames of one colour side by side in a row are filled as one strip. The zoomed frame fills the width; its ancestors are drawn full width above it.

import type { Orientation } from '../url-state.js';
import type { Theme } from '../theme-name.js';
import { diffFrameColors } from './diff-colors.js';
import {
  MATCH_COLOR,
  MATCH_TEXT_COLOR,
  aggregateColorsOf,
  frameColorsOf,
  hoverOutlineOf,
  type FrameColors,
} from './frame-colors.js';
import { displayNameOf, pathTo, type FlameLayout } from './flame-layout.js';

export const ROW_HEIGHT_PX = 18;
/** Frames narrower than this are neither drawn nor listed (their subtrees are narrower still). */
export const MIN_FRAME_PX = 0.35;
const LABEL_MIN_PX = 22;
export const FONT_FAMILY = 'ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace';
const FONT = `12px ${FONT_FAMILY}`;

/** A frame's label cut to fit `widthPx` (with an ellipsis), or undefined when the frame is too narrow for one. */
export function fitLabel(name: string, widthPx: number, charWidthPx: number): string | undefined {
  if (widthPx < LABEL_MIN_PX) return undefined;
  const maxChars = Math.floor((widthPx - 6) / charWidthPx);
  return name.length <= maxChars ? name : `${name.slice(0, Math.max(maxChars - 1, 1))}…`;
}

export interface FlameView {
  /** The frame shown full width. */
  readonly zoom: number;
  readonly orientation: Orientation;
  /** The palette to paint in (the store's theme). */
  readonly theme: Theme;
  /** Per name index: 1 when the search matches it; undefined when there is no search. */
  readonly highlight: Uint8Array | undefined;
  /** The aggregates (by node) hiding a search match; drawn in the match colour, still hatched. */
  readonly matchedAggregates?: ReadonlyMap<number, unknown>;
  readonly hovered: number;
  /** Canvas size in CSS pixels and the scroll offset of its window into the whole graph. */
  readonly widthPx: number;
  readonly heightPx: number;
  readonly scrollTopPx: number;
  /** Rows above this depth are not drawn (a pivot's halves leave out their root, one its pivot row too); default 0. */
  readonly skipDepth?: number;
}

/**
 * The context's fill and alpha as last set: a draw sets them per frame, and most frames repeat
 * the previous frame's, so only a change reaches the canvas (each set parses a colour).
 */
class Pen {
  private fillStyle = '';
  private globalAlpha = -1;

  constructor(readonly ctx: CanvasRenderingContext2D) {}

  fill(style: string): void {
    if (style === this.fillStyle) return;
    this.fillStyle = style;
    this.ctx.fillStyle = style;
  }

  alpha(value: number): void {
    if (value === this.globalAlpha) return;
    this.globalAlpha = value;
    this.ctx.globalAlpha = value;
  }
}

/**
 * Frames too narrow for a gap, merged with their same-coloured neighbour on the left in their
 * row: a medium profile paints some 25,000 frames, mostly under a pixel wide, and each fillRect
 * costs about a microsecond. Frames never overlap, so filling a merged strip later draws the same.
 */
class NarrowStrips {
  /** Per row top: the strip still open there. */
  private readonly open = new Map<number, { x: number; w: number; style: string }>();

  constructor(private readonly pen: Pen) {}

  add(x: number, top: number, w: number, style: string): void {
    const strip = this.open.get(top);
    if (strip !== undefined && strip.style === style && Math.abs(strip.x + strip.w - x) < 1e-6) {
      strip.w = x + w - strip.x;
      return;
    }
    if (strip !== undefined) this.fill(strip, top);
    this.open.set(top, { x, w, style });
  }

  flush(): void {
    for (const [top, strip] of this.open) this.fill(strip, top);
    this.open.clear();
  }

  private fill(strip: { x: number; w: number; style: string }, top: number): void {
    this.pen.alpha(1);
    this.pen.fill(strip.style);
    this.pen.ctx.fillRect(strip.x, top, strip.w, ROW_HEIGHT_PX - 1);
  }
}

export class FlameGraphRenderer {
  /** Per name index (per node in a diff), for `colorsTheme`. */
  private colors: (FrameColors | undefined)[] = [];
  private colorsTheme: Theme | undefined;
  private charWidthPx = 7.2;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    readonly layout: FlameLayout,
  ) {}

  /** Height of the whole graph in CSS pixels (without the `skipDepth` rows not drawn). */
  contentHeightPx(skipDepth = 0): number {
    return Math.max(this.layout.maxDepth + 1 - skipDepth, 0) * ROW_HEIGHT_PX;
  }

  private rowTop(depth: number, view: FlameView): number {
    const skip = view.skipDepth ?? 0;
    if (view.orientation === 'icicle') return (depth - skip) * ROW_HEIGHT_PX - view.scrollTopPx;
    // Flame: the root sits at the bottom of the content (or of the canvas, when the graph is short).
    const bottom = Math.max(this.contentHeightPx(skip), view.heightPx);
    return bottom - (depth - skip + 1) * ROW_HEIGHT_PX - view.scrollTopPx;
  }

  private depthAt(yPx: number, view: FlameView): number {
    const skip = view.skipDepth ?? 0;
    const y = yPx + view.scrollTopPx;
    if (view.orientation === 'icicle') return Math.floor(y / ROW_HEIGHT_PX) + skip;
    const bottom = Math.max(this.contentHeightPx(skip), view.heightPx);
    return Math.floor((bottom - y) / ROW_HEIGHT_PX) + skip;
  }

  /** Horizontal extent of a node in CSS pixels; ancestors of the zoomed frame span the width. */
  private extent(node: number, view: FlameView, scale: number): [number, number] {
    const { x0, width, graph } = this.layout;
    if (graph.depth[node]! < graph.depth[view.zoom]!) return [0, view.widthPx];
    return [(x0[node]! - x0[view.zoom]!) * scale, width[node]! * scale];
  }

  private scaleOf(view: FlameView): number {
    const zoomWidth = this.layout.width[view.zoom]!;
    return zoomWidth > 0 ? view.widthPx / zoomWidth : 0;
  }

  /** A frame's colours in `theme`: by package, or in a diff by its change (diff-colors.ts). */
  colorsOf(node: number, theme: Theme): FrameColors {
    if (theme !== this.colorsTheme) {
      this.colors = [];
      this.colorsTheme = theme;
    }
    const { graph } = this.layout;
    const key = graph.baseCum === undefined ? graph.nameIndex[node]! : node;
    let colors = this.colors[key];
    if (colors === undefined) {
      colors =
        graph.baseCum === undefined
          ? frameColorsOf(graph.names[key]!, theme)
          : diffFrameColors(graph.cum[node]!, graph.baseCum[node]!, theme);
      this.colors[key] = colors;
    }
    return colors;
  }

  /**
   * The frames this view draws, widest first, at most `cap`: the zoomed frame's ancestors and
   * its descendants at least MIN_FRAME_PX wide, whatever the vertical scroll.
   */
  visibleFrames(view: FlameView, cap: number): number[] {
    const { end, width } = this.layout;
    const frames = pathTo(this.layout, view.zoom);
    const scale = this.scaleOf(view);
    for (let i = view.zoom + 1; i < end[view.zoom]!;) {
      if (width[i]! * scale < MIN_FRAME_PX) {
        i = end[i]!;
        continue;
      }
      frames.push(i);
      i++;
    }
    const skip = view.skipDepth ?? 0;
    return frames
      .filter((node) => this.layout.graph.depth[node]! >= skip)
      .sort((a, b) => width[b]! - width[a]! || a - b)
      .slice(0, cap);
  }

  /** Paints the view; returns how many frames were painted. */
  draw(view: FlameView): number {
    const dpr = window.devicePixelRatio || 1;
    const pixelWidth = Math.round(view.widthPx * dpr);
    const pixelHeight = Math.round(view.heightPx * dpr);
    if (this.canvas.width !== pixelWidth || this.canvas.height !== pixelHeight) {
      this.canvas.width = pixelWidth;
      this.canvas.height = pixelHeight;
    }
    const ctx = this.canvas.getContext('2d');
    if (ctx === null) return 0;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, view.widthPx, view.heightPx);
    ctx.font = FONT;
    ctx.textBaseline = 'middle';
    this.charWidthPx = ctx.measureText('m').width || this.charWidthPx;

    const { graph, end, width } = this.layout;
    const scale = this.scaleOf(view);
    const theme = view.theme;
    let painted = 0;
    const skip = view.skipDepth ?? 0;
    const pen = new Pen(ctx);
    const strips = new NarrowStrips(pen);
    const paint = (node: number, context: boolean) => {
      if (graph.depth[node]! < skip) return;
      const top = this.rowTop(graph.depth[node]!, view);
      if (top + ROW_HEIGHT_PX < 0 || top > view.heightPx) return;
      const [x, w] = this.extent(node, view, scale);
      this.paintFrame(pen, strips, node, x, top, w, view, context, theme);
      painted++;
    };
    const ancestors = pathTo(this.layout, view.zoom);
    ancestors.pop();
    for (const node of ancestors) paint(node, true);
    // Siblings each too narrow to draw are drawn together as one hatched band (no label), so a
    // frame's width is never left blank however many tiny callees fill it.
    let run: { parent: number; depth: number; x: number; w: number } | undefined;
    const flush = () => {
      if (run !== undefined && run.w >= MIN_FRAME_PX && run.depth >= skip) {
        const top = this.rowTop(run.depth, view);
        if (top + ROW_HEIGHT_PX >= 0 && top <= view.heightPx) this.paintNarrowRun(pen, run.x, top, run.w, view, theme);
      }
      run = undefined;
    };
    for (let i = view.zoom; i < end[view.zoom]!;) {
      if (width[i]! * scale < MIN_FRAME_PX) {
        const parent = graph.parent[i]!;
        const [x, w] = this.extent(i, view, scale);
        if (run !== undefined && run.parent === parent) run.w += w;
        else {
          flush();
          run = { parent, depth: graph.depth[i]!, x, w };
        }
        i = end[i]!;
        continue;
      }
      flush();
      paint(i, false);
      i++;
    }
    flush();
    strips.flush();
    pen.alpha(1);
    if (view.hovered >= 0 && view.hovered < graph.nodeCount) {
      const [x, w] = this.extent(view.hovered, view, scale);
      const top = this.rowTop(graph.depth[view.hovered]!, view);
      ctx.strokeStyle = hoverOutlineOf(theme);
      ctx.lineWidth = 1.5;
      ctx.strokeRect(x + 0.75, top + 0.75, Math.max(w - 1.5, 1), ROW_HEIGHT_PX - 2.5);
    }
    return painted;
  }

  private paintFrame(
    pen: Pen,
    strips: NarrowStrips,
    node: number,
    x: number,
    top: number,
    w: number,
    view: FlameView,
    context: boolean,
    theme: Theme,
  ): void {
    const graph = this.layout.graph;
    const aggregate = graph.aggregated[node]! > 0;
    const colors = aggregate ? aggregateColorsOf(theme) : this.colorsOf(node, theme);
    const matched = aggregate
      ? view.matchedAggregates?.has(node) === true
      : view.highlight !== undefined && view.highlight[graph.nameIndex[node]!] === 1;
    const fill = matched ? MATCH_COLOR : view.highlight !== undefined ? colors.muted : colors.normal;
    if (w <= 3 && !aggregate && !context) return strips.add(x, top, w, fill);
    pen.alpha(context ? 0.55 : 1);
    pen.fill(fill);
    // A 1px gap between frames keeps neighbours apart once they are wide enough to see one.
    const fillWidth = w > 3 ? w - 1 : w;
    pen.ctx.fillRect(x, top, fillWidth, ROW_HEIGHT_PX - 1);
    if (aggregate) this.hatch(pen, x, top, fillWidth, aggregateColorsOf(theme).hatch);
    // Most frames are too narrow for a label: name them only when one may fit.
    if (w < LABEL_MIN_PX) return;
    // Labels use pprof's short names (package path dropped); the tooltip shows the full one.
    const label = fitLabel(displayNameOf(this.layout, node, true), w, this.charWidthPx);
    if (label !== undefined) {
      pen.fill(matched ? MATCH_TEXT_COLOR : colors.text);
      pen.ctx.fillText(label, x + 3, top + (ROW_HEIGHT_PX - 1) / 2);
    }
  }

  /** A run of frames too narrow to draw one by one: an aggregate's fill and stripes, no label. */
  private paintNarrowRun(pen: Pen, x: number, top: number, w: number, view: FlameView, theme: Theme): void {
    const colors = aggregateColorsOf(theme);
    pen.alpha(1);
    pen.fill(view.highlight !== undefined ? colors.muted : colors.normal);
    pen.ctx.fillRect(x, top, w, ROW_HEIGHT_PX - 1);
    this.hatch(pen, x, top, w, colors.hatch);
  }

  /** Diagonal stripes over an aggregate, so it never passes for one function's frame. */
  private hatch(pen: Pen, x: number, top: number, w: number, color: string): void {
    const { ctx } = pen;
    const height = ROW_HEIGHT_PX - 1;
    ctx.save();
    ctx.beginPath();
    ctx.rect(x, top, w, height);
    ctx.clip();
    ctx.strokeStyle = color;
    ctx.lineWidth = 1;
    ctx.beginPath();
    for (let from = x - height; from < x + w; from += 6) {
      ctx.moveTo(from, top + height);
      ctx.lineTo(from + height, top);
    }
    ctx.stroke();
    // restore() brings back the fill and alpha saved above: the pen's record of them still holds.
    ctx.restore();
  }

  /** Where a frame is drawn: CSS pixels from the canvas's top-left corner. */
  frameBox(view: FlameView, node: number): { x: number; y: number; width: number; height: number } {
    const [x, width] = this.extent(node, view, this.scaleOf(view));
    return { x, y: this.rowTop(this.layout.graph.depth[node]!, view), width, height: ROW_HEIGHT_PX - 1 };
  }

  /** The frame drawn at (x, y) in CSS pixels of the canvas, or -1. */
  hitTest(view: FlameView, xPx: number, yPx: number): number {
    const { graph, end } = this.layout;
    const depth = this.depthAt(yPx, view);
    if (depth < (view.skipDepth ?? 0) || xPx < 0 || xPx > view.widthPx) return -1;
    const zoomDepth = graph.depth[view.zoom]!;
    if (depth <= zoomDepth) return pathTo(this.layout, view.zoom)[depth] ?? -1;
    const scale = this.scaleOf(view);
    let node = view.zoom;
    while (graph.depth[node]! < depth) {
      let found = -1;
      for (let child = node + 1; child < end[node]!; child = end[child]!) {
        const [x, w] = this.extent(child, view, scale);
        if (xPx >= x && xPx < x + w) {
          found = child;
          break;
        }
      }
      if (found < 0) return -1;
      node = found;
    }
    const [, w] = this.extent(node, view, scale);
    return w >= MIN_FRAME_PX ? node : -1;
  }
}
