// The flame graph as a PNG image: the canvas renderer drawing the whole graph (every row, not
// just the scrolled window) at the zoom and orientation on screen, on the theme's background.

import type { Theme } from '../theme-name.js';
import type { FlameLayout } from './flame-layout.js';
import { FlameGraphRenderer, type FlameView } from './flame-renderer.js';

/** Browsers refuse canvases taller than about 32k pixels; deeper graphs are cut at the leaves. */
const MAX_HEIGHT_PX = 16_000;

const PAGE: Readonly<Record<Theme, string>> = { light: '#ffffff', dark: '#0d1117' };

export interface FlamePngOptions {
  readonly zoom: number;
  readonly orientation: FlameView['orientation'];
  readonly widthPx: number;
  readonly theme: Theme;
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
    highlight: undefined,
    hovered: -1,
    widthPx: options.widthPx,
    heightPx: height,
    // A cut flame keeps its root (at the bottom); a cut icicle keeps its top.
    scrollTopPx: options.orientation === 'flame' ? content - height : 0,
  });
  const ctx = canvas.getContext('2d');
  if (ctx !== null) {
    ctx.globalCompositeOperation = 'destination-over';
    ctx.fillStyle = PAGE[options.theme];
    ctx.fillRect(0, 0, canvas.width, canvas.height);
  }
  return new Promise((resolve, reject) =>
    canvas.toBlob(
      (blob) => (blob === null ? reject(new FlamePngError('the canvas is too large')) : resolve(blob)),
      'image/png',
    ),
  );
}
