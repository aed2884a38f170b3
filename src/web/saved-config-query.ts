// What a saved config (pprof's Config menu) holds and how it applies, shared by the server, which
// checks what it stores, and the browser client, which links each config to the current view. A
// config is a query of refine options; applying it sets every one of them, as pprof's makeURL does,
// so options the config leaves unset go back to their defaults.

import {
  DEFAULT_QUERY_OPTIONS,
  QueryOptionError,
  URL_PARAMETERS,
  formatQueryOptions,
  parseQueryOptions,
  withOptions,
  type QueryOptions,
} from '../query/index.js';

/**
 * Every option but the sample type (pprof does not save it either: a config is applied to profiles
 * of other types) and the diff base (a capture under one data root, meaningless elsewhere).
 */
export const CONFIG_OPTION_KEYS: readonly (keyof QueryOptions)[] = (
  Object.keys(URL_PARAMETERS) as (keyof QueryOptions)[]
).filter((key) => key !== 'sampleIndex' && key !== 'base');

const CONFIG_PARAMETERS: ReadonlySet<string> = new Set(CONFIG_OPTION_KEYS.map((key) => URL_PARAMETERS[key]));

function configOptionsOf(options: QueryOptions): Partial<QueryOptions> {
  return Object.fromEntries(CONFIG_OPTION_KEYS.map((key) => [key, options[key]]));
}

/** The config `options` make: their config options as URL parameters, defaults left out, in one order. */
export function configQueryOf(options: QueryOptions): string {
  return formatQueryOptions(withOptions(DEFAULT_QUERY_OPTIONS, configOptionsOf(options))).toString();
}

/**
 * The canonical form of a query a user saves; a parameter a config cannot hold (the sample type,
 * `base`, the view's own `q`, `zoom`, `orient`, anything unknown) or a bad value throws a
 * QueryOptionError naming the parameter.
 */
export function canonicalConfigQuery(query: string): string {
  const params = new URLSearchParams(query);
  for (const name of new Set(params.keys())) {
    if (!CONFIG_PARAMETERS.has(name)) {
      throw new QueryOptionError(name, 'not a refine option a config can hold');
    }
  }
  return configQueryOf(parseQueryOptions(params));
}

/** `options` with the config applied: its options set, every other config option back to its default. */
export function applyConfigQuery(options: QueryOptions, query: string): QueryOptions {
  return withOptions(options, configOptionsOf(parseQueryOptions(new URLSearchParams(query))));
}

/** True when applying the config would change nothing (pprof marks that config as the current one). */
export function isConfigApplied(options: QueryOptions, query: string): boolean {
  return configQueryOf(options) === configQueryOf(applyConfigQuery(options, query));
}
