// The one options type every query, CLI flag and viewer URL shares, modelled on pprof's driver
// config (internal/driver/config.go in Go 1.19's vendored pprof): same names, same defaults, same
// URL parameters. Defaults are left out of URLs, so links stay short and stable.

import { GoProfilerError } from '../errors/index.js';

export const GRANULARITIES = ['functions', 'filefunctions', 'files', 'lines', 'addresses'] as const;
export type Granularity = (typeof GRANULARITIES)[number];

export const SORT_ORDERS = ['flat', 'cum'] as const;
export type SortOrder = (typeof SORT_ORDERS)[number];

export interface QueryOptions {
  /** Sample type by name (`inuse_space`) or index (`2`); "" = the profile's default. */
  readonly sampleIndex: string;
  /** Show the mean value per sample rather than the sum (pprof `-mean`). */
  readonly mean: boolean;
  /** Scale values so the base profile and this one have the same total (pprof `-normalize`). */
  readonly normalize: boolean;
  readonly granularity: Granularity;
  readonly sort: SortOrder;
  /** Maximum nodes shown; -1 = the view's own default (pprof: 80 for graphs, all for text). */
  readonly nodeCount: number;
  readonly nodeFraction: number;
  readonly edgeFraction: number;
  /** Apply node/edge trimming at all (pprof `-trim`). */
  readonly trim: boolean;
  /** Regular expressions in Go syntax ("" = unset). */
  readonly focus: string;
  readonly ignore: string;
  readonly hide: string;
  readonly show: string;
  readonly showFrom: string;
  readonly pruneFrom: string;
  /** Tag filters in pprof's syntax (`key=value,value` or `value`, numeric ranges `1kb:2mb`). */
  readonly tagFocus: string;
  readonly tagIgnore: string;
  readonly tagShow: string;
  readonly tagHide: string;
  /**
   * Label keys (comma-separated) whose values become pseudo frames at the root / the leaf of every
   * stack, grouping the call tree by label (pprof `-tagroot`/`-tagleaf`; URL `tagroot`/`tagleaf`,
   * ours: pprof's web UI has no parameter for them).
   */
  readonly tagRoot: string;
  readonly tagLeaf: string;
  /** Percentages relative to the shown (focused) total instead of the whole profile (pprof `-relative_percentages`). */
  readonly relativePercentages: boolean;
  /** Unit to show values in; "minimum" picks per value as pprof does. */
  readonly unit: string;
  readonly callTree: boolean;
  readonly dropNegative: boolean;
  readonly noInlines: boolean;
  /** Ours: the function the flame graph pivots on (callers above, callees below); "" = none. */
  readonly pivot: string;
  /** Ours: the stored capture (path relative to the data root) to diff against; "" = none. */
  readonly base: string;
}

export const DEFAULT_QUERY_OPTIONS: QueryOptions = Object.freeze({
  sampleIndex: '',
  mean: false,
  normalize: false,
  granularity: 'functions',
  sort: 'flat',
  nodeCount: -1,
  nodeFraction: 0.005,
  edgeFraction: 0.001,
  trim: true,
  focus: '',
  ignore: '',
  hide: '',
  show: '',
  showFrom: '',
  pruneFrom: '',
  tagFocus: '',
  tagIgnore: '',
  tagShow: '',
  tagHide: '',
  tagRoot: '',
  tagLeaf: '',
  relativePercentages: false,
  unit: 'minimum',
  callTree: false,
  dropNegative: false,
  noInlines: false,
  pivot: '',
  base: '',
});

/** Each option's URL parameter: pprof's short names, plus ours (`p`, `base`, `tagroot`, `tagleaf`). */
export const URL_PARAMETERS: Readonly<Record<keyof QueryOptions, string>> = Object.freeze({
  sampleIndex: 'si',
  mean: 'mean',
  normalize: 'norm',
  granularity: 'g',
  sort: 'sort',
  nodeCount: 'n',
  nodeFraction: 'nf',
  edgeFraction: 'ef',
  trim: 'trim',
  focus: 'f',
  ignore: 'i',
  hide: 'h',
  show: 's',
  showFrom: 'sf',
  pruneFrom: 'prunefrom',
  tagFocus: 'tf',
  tagIgnore: 'ti',
  tagShow: 'ts',
  tagHide: 'th',
  tagRoot: 'tagroot',
  tagLeaf: 'tagleaf',
  relativePercentages: 'rel',
  unit: 'unit',
  callTree: 'calltree',
  dropNegative: 'dropneg',
  noInlines: 'noinlines',
  pivot: 'p',
  base: 'base',
});

/** An option value that cannot be used; `key` names the URL parameter or flag. */
export class QueryOptionError extends GoProfilerError {
  override readonly name = 'QueryOptionError';
  constructor(
    readonly key: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`parse option ${key}`, reason, options);
  }
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Builds options from pprof-style URL parameters; unknown parameters are ignored, bad values throw. */
export function parseQueryOptions(params: URLSearchParams): QueryOptions {
  const options: Mutable<QueryOptions> = { ...DEFAULT_QUERY_OPTIONS };
  for (const key of Object.keys(URL_PARAMETERS) as (keyof QueryOptions)[]) {
    const param = URL_PARAMETERS[key];
    const raw = params.get(param);
    if (raw === null) continue;
    setOption(options, key, raw, param);
  }
  return options;
}

/** Sets one option from its text form (a URL parameter value or a CLI flag argument). */
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
    if (!(GRANULARITIES as readonly string[]).includes(raw)) {
      throw new QueryOptionError(label, `${JSON.stringify(raw)} is not one of ${GRANULARITIES.join(', ')}`);
    }
    options.granularity = raw as Granularity;
  } else if (key === 'sort') {
    if (!(SORT_ORDERS as readonly string[]).includes(raw)) {
      throw new QueryOptionError(label, `${JSON.stringify(raw)} is not one of ${SORT_ORDERS.join(', ')}`);
    }
    options.sort = raw as SortOrder;
  } else {
    (options as Record<string, unknown>)[key] = raw;
  }
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
  for (const key of Object.keys(URL_PARAMETERS) as (keyof QueryOptions)[]) {
    const value = options[key];
    if (value === DEFAULT_QUERY_OPTIONS[key]) continue;
    params.set(URL_PARAMETERS[key], String(value));
  }
  return params;
}

export function withOptions(base: QueryOptions, changes: Partial<QueryOptions>): QueryOptions {
  return Object.freeze({ ...base, ...changes });
}
