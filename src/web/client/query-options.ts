// The browser's one door to the engine's options (`query/`): every client module imports them
// from here. `query/index.ts` is browser-safe (its index test bundles it for the browser platform
// and finds no node: module), so this re-exports from the layer's public surface.

export {
  DEFAULT_QUERY_OPTIONS,
  GRANULARITIES,
  URL_PARAMETERS,
  formatQueryOptions,
  parseQueryOptions,
  withOptions,
  type Granularity,
  type QueryOptions,
} from '../../query/index.js';
