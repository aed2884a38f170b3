// Options from and to their text forms: URL parameters (pprof's short names) and flag arguments,
// as option-fields.ts names them. Defaults are left out of URLs, so links stay short and stable.

import { QueryOptionError } from '../errors/query-option-error.js';
import { DEFAULT_QUERY_OPTIONS, OPTION_KEYS, URL_PARAMETERS } from './option-fields.js';
import { GRANULARITIES, SORT_ORDERS, type Granularity, type QueryOptions, type SortOrder } from './query-options.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Builds options from pprof-style URL parameters; unknown parameters are ignored, bad values throw. */
export function parseQueryOptions(params: URLSearchParams): QueryOptions {
  const options: Mutable<QueryOptions> = { ...DEFAULT_QUERY_OPTIONS };
  for (const key of OPTION_KEYS) {
    const param = URL_PARAMETERS[key];
    const raw = params.get(param);
    if (raw === null) continue;
    setOption(options, key, raw, param);
  }
  return options;
}

/** Sets one option from its text form (a URL parameter value or a CLI flag argument); `label` names it in errors. */
export function setOption(options: Mutable<QueryOptions>, key: keyof QueryOptions, raw: string, label: string): void {
  const defaultValue = DEFAULT_QUERY_OPTIONS[key];
  if (typeof defaultValue === 'boolean') {
    (options as Record<string, unknown>)[key] = parseBoolean(raw, label);
  } else if (typeof defaultValue === 'number') {
    const value = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(value))
      throw new QueryOptionError(label, `${JSON.stringify(raw)} is not a number`);
    // pprof reads the node count with strconv.Atoi: decimal digits, within 64 bits (here, exact in a double).
    if (key === 'nodeCount' && !(/^[+-]?\d+$/.test(raw.trim()) && Number.isSafeInteger(value))) {
      throw new QueryOptionError(label, `${JSON.stringify(raw)} is not an integer`);
    }
    (options as Record<string, unknown>)[key] = value;
  } else if (key === 'granularity') {
    options.granularity = oneOf(GRANULARITIES, raw, label) as Granularity;
  } else if (key === 'sort') {
    options.sort = oneOf(SORT_ORDERS, raw, label) as SortOrder;
  } else {
    (options as Record<string, unknown>)[key] = raw;
  }
}

function oneOf(choices: readonly string[], raw: string, label: string): string {
  if (!choices.includes(raw))
    throw new QueryOptionError(label, `${JSON.stringify(raw)} is not one of ${choices.join(', ')}`);
  return raw;
}

function parseBoolean(raw: string, label: string): boolean {
  // pprof writes booleans as "true"/"false"; a bare parameter (`?mean`) means true.
  if (raw === '' || raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new QueryOptionError(label, `${JSON.stringify(raw)} is not true or false`);
}

/** Prints options as URL parameters, leaving out every value equal to its default. */
export function formatQueryOptions(options: QueryOptions): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of OPTION_KEYS) {
    const value = options[key];
    if (value === DEFAULT_QUERY_OPTIONS[key]) continue;
    params.set(URL_PARAMETERS[key], String(value));
  }
  return params;
}
