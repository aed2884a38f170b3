// The browser's one door to the engine's options (`query/`): every client module imports them
// from here. `query/index.ts` also reaches modules that read files and gunzip (node:fs,
// node:zlib), which the browser bundle cannot hold, so this names the options module itself;
// once the index is browser-safe, this one line changes to import from it.

export {
  DEFAULT_QUERY_OPTIONS,
  GRANULARITIES,
  URL_PARAMETERS,
  formatQueryOptions,
  parseQueryOptions,
  withOptions,
  type Granularity,
  type QueryOptions,
} from '../../query/query-options.js';
