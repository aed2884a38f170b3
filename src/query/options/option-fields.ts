// Every query option's names and default in one table, as pprof's configFieldMap
// (internal/driver/config.go): the QueryOptions field, the viewer's URL parameter, the report
// commands' CLI flag, and the default. The URL parser and printer (parse-query-options.ts) and the
// CLI's flag definitions (src/cli/report-flags.ts) read it.

import type { QueryOptions } from './query-options.js';

/** How the report commands spell an option as a flag. */
export interface OptionFlag {
  /**
   * pprof's name for the flag (`sample_index`, `show_from`): the CLI spells it `--sample-index`,
   * pprof `-sample_index`.
   */
  readonly name: string;
  /** The flag's argument (`<regexp>`); absent for a switch. */
  readonly argument?: string;
  /** The value a switch sets: `--cum` sets sort to "cum"; absent: a boolean switch sets true. */
  readonly sets?: string;
  /** 'load': a flag of profile loading, which `view` takes too (`--normalize`); else reports only. */
  readonly scope?: 'load';
}

export interface OptionField<T> {
  /** The URL parameter: pprof's web UI name (`si`, `f`), or ours (`p`, `base`, `tagroot`, `tagleaf`). */
  readonly url: string;
  readonly default: T;
  /** The CLI flag; absent when the CLI has none (the viewer's own options, -trim, -call_tree). */
  readonly flag?: OptionFlag;
}

/**
 * The table. Its order is the order of URL parameters and of the CLI's flags in --help. Flag help
 * texts are the CLI's (src/cli/report-flags.ts), as pprof keeps configHelp apart from configFieldMap.
 */
export const OPTION_FIELDS: { readonly [K in keyof QueryOptions]: OptionField<QueryOptions[K]> } = Object.freeze({
  sampleIndex: { url: 'si', default: '', flag: { name: 'sample_index', argument: '<name|n>' } },
  mean: { url: 'mean', default: false, flag: { name: 'mean' } },
  normalize: { url: 'norm', default: false, flag: { name: 'normalize', scope: 'load' } },
  granularity: { url: 'g', default: 'functions', flag: { name: 'granularity', argument: '<g>' } },
  sort: { url: 'sort', default: 'flat', flag: { name: 'cum', sets: 'cum' } },
  nodeCount: { url: 'n', default: -1, flag: { name: 'nodecount', argument: '<n>' } },
  nodeFraction: { url: 'nf', default: 0.005, flag: { name: 'nodefraction', argument: '<f>' } },
  edgeFraction: { url: 'ef', default: 0.001, flag: { name: 'edgefraction', argument: '<f>' } },
  trim: { url: 'trim', default: true },
  focus: { url: 'f', default: '', flag: { name: 'focus', argument: '<regexp>' } },
  ignore: { url: 'i', default: '', flag: { name: 'ignore', argument: '<regexp>' } },
  hide: { url: 'h', default: '', flag: { name: 'hide', argument: '<regexp>' } },
  show: { url: 's', default: '', flag: { name: 'show', argument: '<regexp>' } },
  showFrom: { url: 'sf', default: '', flag: { name: 'show_from', argument: '<regexp>' } },
  pruneFrom: { url: 'prunefrom', default: '', flag: { name: 'prune_from', argument: '<regexp>' } },
  tagFocus: { url: 'tf', default: '', flag: { name: 'tagfocus', argument: '<filter>' } },
  tagIgnore: { url: 'ti', default: '', flag: { name: 'tagignore', argument: '<filter>' } },
  tagShow: { url: 'ts', default: '', flag: { name: 'tagshow', argument: '<regexp>' } },
  tagHide: { url: 'th', default: '', flag: { name: 'taghide', argument: '<regexp>' } },
  tagRoot: { url: 'tagroot', default: '', flag: { name: 'tagroot', argument: '<keys>' } },
  tagLeaf: { url: 'tagleaf', default: '', flag: { name: 'tagleaf', argument: '<keys>' } },
  relativePercentages: { url: 'rel', default: false, flag: { name: 'relative_percentages' } },
  unit: { url: 'unit', default: 'minimum', flag: { name: 'unit', argument: '<unit>' } },
  callTree: { url: 'calltree', default: false },
  dropNegative: { url: 'dropneg', default: false, flag: { name: 'drop_negative' } },
  noInlines: { url: 'noinlines', default: false, flag: { name: 'noinlines' } },
  pivot: { url: 'p', default: '' },
  base: { url: 'base', default: '' },
});

/** The option fields in table order. */
export const OPTION_KEYS = Object.freeze(Object.keys(OPTION_FIELDS) as (keyof QueryOptions)[]);

/** One column of the table, as an object keyed by option. */
function column<T>(pick: (field: OptionField<QueryOptions[keyof QueryOptions]>) => T): Record<keyof QueryOptions, T> {
  return Object.freeze(Object.fromEntries(OPTION_KEYS.map((key) => [key, pick(OPTION_FIELDS[key])]))) as Record<
    keyof QueryOptions,
    T
  >;
}

// Each field's default has its field's type (the table's type says so), so the column is a QueryOptions.
export const DEFAULT_QUERY_OPTIONS = column((field) => field.default) as unknown as QueryOptions;

/** Each option's URL parameter. */
export const URL_PARAMETERS: Readonly<Record<keyof QueryOptions, string>> = column((field) => field.url);
