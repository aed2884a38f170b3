// `go-profiler svg`: the call graph of `dot` (the same DOT text, node for node) laid out by
// Graphviz compiled to WebAssembly (@viz-js/viz) in a worker thread, where `go tool pprof -svg`
// runs the dot binary. The viewer's Graph view lays out the same way (web/call-graph-view.ts): a
// dense graph in two stages, a time limit, and past it pprof's default falls back to fewer nodes.

import { GoProfilerError } from '../errors/index.js';
import type { Profile } from '../pprof/index.js';
import type { QueryOptions, TimeZone } from '../query/index.js';
import { layOutCallGraph, type LaidOutGraph } from '../web/call-graph-view.js';
import {
  GRAPH_LAYOUT_TIME_LIMIT_MS,
  WorkerGraphLayout,
  type GraphLayout,
  type WorkerGraphLayoutOptions,
} from '../web/graph-layout.js';
import { isDenseGraph, SKELETON_EDGES } from '../web/graph-layout-plan.js';
import { GraphTooLargeError } from '../web/viewer-errors.js';

/** Graphviz could not lay out the graph in time, or at all; the message says which and what to do. */
export class SvgLayoutError extends GoProfilerError {
  override readonly name = 'SvgLayoutError';
  constructor(reason: string, options?: { cause?: unknown }) {
    super('lay out call graph', reason, options);
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

export interface SvgLayoutSettings {
  /** How long Graphviz may take on one graph; default the viewer's GRAPH_LAYOUT_TIME_LIMIT_MS. */
  readonly timeLimitMs?: number;
  /** The layout workers; default one of our own, ended when the SVG is drawn. */
  readonly layout?: GraphLayout;
  /** Options of our own layout worker (tests pass a manual clock for the time limit). */
  readonly worker?: WorkerGraphLayoutOptions;
  /** Where the line saying which layout was used goes (the CLI: stderr). */
  readonly note?: (line: string) => void;
}

/**
 * The SVG of `go tool pprof -svg`: warnings go to `warn`, as the dot report's do, and one line to
 * `settings.note` says how the graph was laid out (and, past the time limit, what was drawn instead).
 */
export async function renderSvgReport(
  profile: Profile,
  options: QueryOptions,
  timeZone: TimeZone,
  warn: (warnings: readonly string[]) => void,
  settings: SvgLayoutSettings = {},
): Promise<string> {
  const timeLimitMs = settings.timeLimitMs ?? GRAPH_LAYOUT_TIME_LIMIT_MS;
  const own = settings.layout === undefined ? new WorkerGraphLayout({ maxWorkers: 1, ...settings.worker }) : undefined;
  const layout = settings.layout ?? own!;
  let graph: LaidOutGraph;
  try {
    // Graphviz reads UTF-8: names keep U+FFFD for bytes that are no text (formatDot's default).
    graph = await layOutCallGraph(profile, options, { layout, timeLimitMs, legend: true }, timeZone);
  } catch (error) {
    throw svgErrorOf(error);
  } finally {
    await own?.close();
  }
  warn(graph.warnings);
  settings.note?.(layoutNote(graph, timeLimitMs));
  return sizeSvgToWindow(graph.svg);
}

/** The one line saying which layout drew the graph. */
export function layoutNote(graph: LaidOutGraph, timeLimitMs: number): string {
  const shown = `${graph.nodes.length} nodes and ${graph.edgeCount} edges`;
  const how = isDenseGraph(graph.edgeCount)
    ? `in two stages (dot on a ${SKELETON_EDGES}-edge skeleton of the heaviest calls, the other edges drawn straight)`
    : 'with dot';
  const reduced = graph.reducedFrom;
  if (reduced === undefined) return `svg: laid out ${shown} ${how}`;
  return (
    `svg: Graphviz took longer than ${timeLimitMs / 1000} s on pprof's default ${reduced.defaultNodeCount} nodes ` +
    `(${reduced.nodes} nodes and ${reduced.edges} edges); laid out --nodecount=${reduced.nodeCount} instead, ${shown} ${how}`
  );
}

/** The viewer's 422 in the CLI's words: the flag, not the URL parameter. */
function svgErrorOf(error: unknown): unknown {
  if (error instanceof GraphTooLargeError) {
    return new SvgLayoutError(
      `Graphviz took longer than ${error.timeLimitMs / 1000} s for ${error.nodeCount} nodes and ${error.edgeCount} edges; ` +
        `ask for fewer nodes, e.g. --nodecount=${error.suggestedNodeCount}, or allow more --layout-seconds`,
      { cause: error },
    );
  }
  if (error instanceof GoProfilerError && error.name === 'GraphLayoutError') {
    return new SvgLayoutError(error.message.replace(/^lay out graph: /, ''), { cause: error });
  }
  return error;
}
