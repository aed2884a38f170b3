// The viewer's whole state lives in the URL: the route names the view, pprof's parameters the
// refine options (parsed by the same module the server and CLI use), plus five of ours (`q`, the
// search; `orient`, the flame graph's orientation; `zoom`, its zoomed call path; `leaf`, its
// leaf-first variant; `detail`, a zoom with all detail). Reload and back/forward reproduce the view.

import { setVariantParams, variantOfParams } from '../flame-graph-variant.js';
import { VIEW_ROUTES } from '../page-routes.js';
import {
  DEFAULT_QUERY_OPTIONS,
  formatQueryOptions,
  parseQueryOptions,
  withOptions,
  type QueryOptions,
} from './query-options.js';

/**
 * Each route under the base path, as the server serves the page (page-routes.ts): '' is the flame
 * graph, as at pprof's `/`; `replicas` ranks a replica session's; `goroutines`, a dump's groups.
 */
export const ROUTES = VIEW_ROUTES;
export type Route = (typeof ROUTES)[number];
export type ViewName = Exclude<Route, ''>;

export type Orientation = 'icicle' | 'flame';

export interface ViewState {
  readonly route: Route;
  readonly options: QueryOptions;
  /** Search regexp (Go syntax) highlighted in the views; ours, `q`. */
  readonly search: string;
  /** Flame graph orientation: icicle (root on top, pprof's) or flame (root at the bottom); ours, `orient`. */
  readonly orientation: Orientation;
  /**
   * The flame graph's zoomed call path (ours, `zoom`; src/web/zoom-path.ts's format), so back and
   * forward undo a zoom; absent or "" when not zoomed.
   */
  readonly zoom?: string;
  /**
   * The flame graph leaf first (every stack reversed, merged at the leaves; ours, `leaf=1`), root
   * first (`leaf=0`), or absent: the profile's default (src/web/flame-graph-default.ts).
   */
  readonly leafFirst?: boolean;
  /** The zoom built without the size limit below the zoomed frame (ours, `detail=all`). */
  readonly allDetail?: boolean;
}

/** A move to another state: what changes; the rest stays. */
export interface StateChange {
  readonly route?: Route;
  readonly options?: Partial<QueryOptions>;
  readonly search?: string;
  readonly orientation?: Orientation;
  /** The flame graph's zoom path; "" zooms out. Moving to another view drops it. */
  readonly zoom?: string;
  /** Leaf first or root first; 'default' leaves it to the profile (no `leaf` in the URL). */
  readonly leafFirst?: boolean | 'default';
  /** All detail for the zoom; any other zoom drops it unless it says so. */
  readonly allDetail?: boolean;
}

export interface ParsedLocation {
  readonly state: ViewState;
  /**
   * `/` or `/ui/`, then `replica/NAME/` on one replica of a replica session: where the routes live,
   * so links stay under the prefix the user came in by.
   */
  readonly basePath: string;
  /** A parameter that could not be parsed (the view then shows this instead of data). */
  readonly error?: string;
}

export function viewOf(route: Route): ViewName {
  return route === '' ? 'flamegraph' : route;
}

/**
 * The session's own base path (`/` or `/ui/`) from a replica's (`/replica/NAME/`, `/ui/replica/NAME/`)
 * or a bundle profile's (`/profile/NAME/`).
 */
export function sessionRootOf(basePath: string): string {
  return basePath.replace(/(?:replica|profile)\/[^/]+\/$/, '');
}

export function parseLocation(pathname: string, search: string): ParsedLocation {
  const basePath = `${/^(?:\/ui(?=\/|$))?(?:\/(?:replica|profile)\/[^/]+(?=\/|$))?/.exec(pathname)![0]}/`;
  const rest = pathname.slice(basePath.length);
  const route: Route = (ROUTES as readonly string[]).includes(rest) ? (rest as Route) : '';
  const params = new URLSearchParams(search);
  const orientation: Orientation = params.get('orient') === 'flame' ? 'flame' : 'icicle';
  const variant = variantOfParams(params);
  const base = {
    route,
    search: params.get('q') ?? '',
    orientation,
    zoom: params.get('zoom') ?? '',
    ...(variant.leafFirst === undefined ? {} : { leafFirst: variant.leafFirst }),
    allDetail: variant.allDetail === true,
  };
  try {
    return { state: { ...base, options: parseQueryOptions(params) }, basePath };
  } catch (error) {
    return {
      state: { ...base, options: DEFAULT_QUERY_OPTIONS },
      basePath,
      error: error instanceof Error ? error.message : String(error),
    };
  }
}

/** The query string of the refine options alone (what the API routes take). */
export function optionsQuery(options: QueryOptions): string {
  return formatQueryOptions(options).toString();
}

/** The API query of a table view's state: the refine options and the search (`q`), which marks matches. */
export function viewQueryOf(state: ViewState): string {
  const params = formatQueryOptions(state.options);
  if (state.search !== '') params.set('q', state.search);
  return params.toString();
}

export function formatLocation(state: ViewState, basePath: string): string {
  const params = formatQueryOptions(state.options);
  if (state.search !== '') params.set('q', state.search);
  if (state.orientation !== 'icicle') params.set('orient', state.orientation);
  if ((state.zoom ?? '') !== '') params.set('zoom', state.zoom ?? '');
  setVariantParams(params, state);
  const query = params.toString();
  return `${basePath}${state.route}${query === '' ? '' : `?${query}`}`;
}

/** The state a change leads to: options merged, the zoom dropped when the view changes. */
export function applyChange(state: ViewState, change: StateChange): ViewState {
  const viewChanged = change.route !== undefined && viewOf(change.route) !== viewOf(state.route);
  return {
    route: change.route ?? state.route,
    options: change.options === undefined ? state.options : withOptions(state.options, change.options),
    search: change.search ?? state.search,
    orientation: change.orientation ?? state.orientation,
    zoom: change.zoom ?? (viewChanged ? '' : state.zoom),
    ...leafFirstAfter(state.leafFirst, change.leafFirst),
    allDetail: change.allDetail ?? (change.zoom !== undefined || viewChanged ? false : (state.allDetail ?? false)),
  };
}

function leafFirstAfter(now: boolean | undefined, change: boolean | 'default' | undefined): { leafFirst?: boolean } {
  const next = change === undefined ? now : change === 'default' ? undefined : change;
  return next === undefined ? {} : { leafFirst: next };
}
