// The browser's one door to the engine's options and Go regexps (`query/`): every client module imports them
// from here. `query/index.ts` is browser-safe (its index test bundles it for the browser platform
// and finds no node: module), so this re-exports from the layer's public surface.

export {
  DEFAULT_QUERY_OPTIONS,
  GRANULARITIES,
  GoRegexpSyntaxError,
  URL_PARAMETERS,
  formatQueryOptions,
  parseQueryOptions,
  compileGoRegexp,
  withOptions,
  type GoRegexp,
  type Granularity,
  type QueryOptions,
} from '../../query/index.js';
