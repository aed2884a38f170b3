// The flame graphs a viewer opens on (default options, whole: root first, and leaf first when that
// is how it opens, flame-graph-default.ts), built as soon as its profile is decoded, before the
// session's queries exist: in the query pool's worker it runs while the processor stores the
// capture and starts the viewer, so the page's first data request finds it.

import type { Profile } from '../pprof/index.js';
import { DEFAULT_QUERY_OPTIONS, formatQueryOptions, type QueryOptions } from '../query/index.js';
import { buildDefaultFlameGraphs, type DefaultFlameGraphs } from './flame-graph-default.js';
import type { FlameGraphVariant } from './flame-graph-variant.js';
import { FLAME_GRAPH_LIMITS } from './viewer-queries.js';

/** Flame graphs built ahead, and the options they answer. */
export interface PrebuiltFlameGraph {
  readonly options: QueryOptions;
  readonly graphs: DefaultFlameGraphs;
}

/** Builds the flame graphs `/` may show first, exactly as ViewerQueries.flameGraph would. */
export function prebuildFlameGraph(profile: Profile): PrebuiltFlameGraph {
  return {
    options: DEFAULT_QUERY_OPTIONS,
    graphs: buildDefaultFlameGraphs(profile, DEFAULT_QUERY_OPTIONS, FLAME_GRAPH_LIMITS),
  };
}

/**
 * Whether a flame graph query asks for that first view: default options (none in its URL), whole,
 * and the profile's default shape (no `leaf` in the URL: an explicit `leaf=0` or `leaf=1` may be the
 * other shape than the one kept).
 */
export function isFirstFlameView(options: QueryOptions, zoom: readonly string[], variant?: FlameGraphVariant): boolean {
  return (
    zoom.length === 0 &&
    variant?.leafFirst === undefined &&
    variant?.allDetail !== true &&
    formatQueryOptions(options).toString() === ''
  );
}
