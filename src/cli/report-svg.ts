// `go-profiler svg`: the call graph of `dot` (the same DOT text, node for node) laid out by
// Graphviz compiled to WebAssembly (@viz-js/viz), where `go tool pprof -svg` runs the dot binary.

import { instance } from '@viz-js/viz';
import type { Profile } from '../pprof/index.js';
import { buildCallGraph, formatDot, joinChunks, type QueryOptions, type TimeZone } from '../query/index.js';

/** Graphviz could not lay out the graph; the message carries Graphviz's own. */
export class SvgLayoutError extends Error {
  override readonly name = 'SvgLayoutError';
  constructor(reason: string, options?: { cause?: unknown }) {
    super(`lay out call graph: ${reason}`, options);
  }
}

// Graphviz's `<svg width="Wpt" height="Hpt" viewBox="...">`, as pprof's massageSVG finds it.
const SVG_SIZE = /<svg\s*width="[^"]+"\s*height="[^"]+"/;

/**
 * Dot's SVG sized as pprof sizes it (width and height 100%), the viewBox kept so that a browser
 * fits the whole graph to its window. pprof also embeds the svgpan script for panning; we do not
 * ship that third-party code, and a browser's own zoom serves (docs/decisions.md).
 */
export function sizeSvgToWindow(svg: string): string {
  return svg.replace(SVG_SIZE, '<svg width="100%" height="100%"');
}

/** The SVG of `go tool pprof -svg`: warnings go to `warn`, as the dot report's do. */
export async function renderSvgReport(
  profile: Profile,
  options: QueryOptions,
  timeZone: TimeZone,
  warn: (warnings: readonly string[]) => void,
): Promise<string> {
  const graph = buildCallGraph(profile, options, { timeZone });
  warn(graph.warnings);
  // Graphviz reads UTF-8: names keep U+FFFD for bytes that are no text (formatDot's default).
  const dot = joinChunks(formatDot(graph));
  const viz = await instance();
  const result = viz.render(dot, { format: 'svg', engine: 'dot' });
  if (result.status !== 'success') {
    throw new SvgLayoutError(result.errors.map((error) => error.message.trim()).join('; ') || 'Graphviz failed');
  }
  return sizeSvgToWindow(result.output);
}
