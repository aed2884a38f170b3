// The one options type every query, CLI flag and viewer URL shares, modelled on pprof's driver
// config (internal/driver/config.go in Go 1.19's vendored pprof): same names, same defaults.
// Their names and defaults are written once, in option-fields.ts.

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

/** `base` with `changes` applied, frozen like every options value. */
export function withOptions(base: QueryOptions, changes: Partial<QueryOptions>): QueryOptions {
  return Object.freeze({ ...base, ...changes });
}
