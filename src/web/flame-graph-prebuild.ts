// The flame graph a viewer opens on (default options, whole, root first), built as soon as its
// profile is decoded, before the session's queries exist: in the query pool's worker it runs while
// the processor stores the capture and starts the viewer, so the page's first data request finds it.

import type { Profile } from '../pprof/index.js';
import {
  buildFlameGraph,
  DEFAULT_QUERY_OPTIONS,
  formatQueryOptions,
  type FlameGraph,
  type QueryOptions,
} from '../query/index.js';
import type { FlameGraphVariant } from './flame-graph-variant.js';
import { FLAME_GRAPH_LIMITS } from './viewer-queries.js';

/** A flame graph built ahead, and the options it answers. */
export interface PrebuiltFlameGraph {
  readonly options: QueryOptions;
  readonly graph: FlameGraph;
}

/** Builds the flame graph `/` shows first, exactly as ViewerQueries.flameGraph would. */
export function prebuildFlameGraph(profile: Profile): PrebuiltFlameGraph {
  return { options: DEFAULT_QUERY_OPTIONS, graph: buildFlameGraph(profile, DEFAULT_QUERY_OPTIONS, FLAME_GRAPH_LIMITS) };
}

/** Whether a flame graph query asks for that first view: default options (none in its URL), whole, root first. */
export function isFirstFlameView(options: QueryOptions, zoom: readonly string[], variant?: FlameGraphVariant): boolean {
  return (
    zoom.length === 0 &&
    variant?.leafFirst !== true &&
    variant?.allDetail !== true &&
    formatQueryOptions(options).toString() === ''
  );
}
