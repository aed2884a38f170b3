// The flame graph as a PNG image: the canvas renderer drawing the whole graph (every row, not
// just the scrolled window) at the zoom and orientation on screen, on the theme's background,
// under pprof's legend (file, type, time, totals), as the SVG export has it.

import type { Theme } from '../theme-name.js';
import { EXPORT_PAGE, LEGEND_LINE_PX, legendHeightPx } from './export-page.js';
import type { FlameLayout } from './flame-layout.js';
import { FONT_FAMILY, FlameGraphRenderer, type FlameView } from './flame-renderer.js';

/** Browsers refuse canvases taller than about 32k pixels; deeper graphs are cut at the leaves. */
const MAX_HEIGHT_PX = 16_000;

export interface FlamePngOptions {
  readonly zoom: number;
  readonly orientation: FlameView['orientation'];
  readonly widthPx: number;
  readonly theme: Theme;
  /** Lines printed above the graph (pprof's legend). */
  readonly legend: readonly string[];
}

/** Failing to encode the image (the browser's canvas gave no PNG). */
export class FlamePngError extends Error {
  override readonly name = 'FlamePngError';
  constructor(reason: string) {
    super(`export flame graph as PNG: ${reason}`);
  }
}

export function renderFlameGraphPng(layout: FlameLayout, options: FlamePngOptions): Promise<Blob> {
  const canvas = document.createElement('canvas');
  const renderer = new FlameGraphRenderer(canvas, layout);
  const content = renderer.contentHeightPx();
  const height = Math.min(content, MAX_HEIGHT_PX);
  renderer.draw({
    zoom: options.zoom,
    orientation: options.orientation,
    theme: options.theme,
    highlight: undefined,
    hovered: -1,
    widthPx: options.widthPx,
    heightPx: height,
    // A cut flame keeps its root (at the bottom); a cut icicle keeps its top.
    scrollTopPx: options.orientation === 'flame' ? content - height : 0,
  });
  const page = withLegend(canvas, options);
  return new Promise((resolve, reject) =>
    page.toBlob(
      (blob) => (blob === null ? reject(new FlamePngError('the canvas is too large')) : resolve(blob)),
      'image/png',
    ),
  );
}

/** A new canvas: the legend on the theme's page, the drawn graph under it. */
function withLegend(graph: HTMLCanvasElement, options: FlamePngOptions): HTMLCanvasElement {
  // The renderer draws at the device pixel ratio; the legend follows it.
  const scale = graph.width / options.widthPx;
  const legendHeight = Math.ceil(legendHeightPx(options.legend.length) * scale);
  const page = document.createElement('canvas');
  page.width = graph.width;
  page.height = graph.height + legendHeight;
  const ctx = page.getContext('2d');
  if (ctx === null) throw new FlamePngError('the browser gave no 2D canvas');
  const colors = EXPORT_PAGE[options.theme];
  ctx.fillStyle = colors.page;
  ctx.fillRect(0, 0, page.width, page.height);
  ctx.drawImage(graph, 0, legendHeight);
  ctx.scale(scale, scale);
  ctx.fillStyle = colors.text;
  ctx.font = `12px ${FONT_FAMILY}`;
  ctx.textBaseline = 'alphabetic';
  options.legend.forEach((line, i) => ctx.fillText(line, 4, (i + 1) * LEGEND_LINE_PX));
  return page;
}
