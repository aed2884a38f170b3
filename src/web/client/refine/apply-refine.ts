// The refine actions as pprof's web UI applies them (internal/driver/html/common.js), as pure
// functions of the options: the chosen functions become one escaped, anchored regexp
// (`^main\.foo$|^main\.bar$`); focus, show and show from replace their parameter, ignore and
// hide add to it (the new expression first, joined with "|", as pprof's updater does); reset
// clears every refine option. The label actions and the Go presets follow the same rules.

import { DEFAULT_QUERY_OPTIONS, withOptions, type Granularity, type QueryOptions } from '../../../query/index.js';

export const REFINE_ACTIONS = ['focus', 'ignore', 'hide', 'show', 'show-from', 'pivot', 'reset'] as const;
export type RefineAction = (typeof REFINE_ACTIONS)[number];

/** The option each regexp action writes; `pivot` is ours (`p`). */
const OPTION_OF: Readonly<
  Record<Exclude<RefineAction, 'reset'>, 'focus' | 'ignore' | 'hide' | 'show' | 'showFrom' | 'pivot'>
> = {
  focus: 'focus',
  ignore: 'ignore',
  hide: 'hide',
  show: 'show',
  'show-from': 'showFrom',
  pivot: 'pivot',
};

/** Actions that add to the existing expression rather than replace it (pprof: ignore and hide). */
const ADDING: ReadonlySet<RefineAction> = new Set(['ignore', 'hide']);

/** pprof's quotemeta (the same characters as Go's regexp.QuoteMeta). */
export function quoteMeta(text: string): string {
  return text.replace(/[\\.?+*[\](){}|^$]/g, '\\$&');
}

/** One regexp matching exactly these names: `^a$|^b$` (duplicates once, in the given order). */
export function exactNamesRegexp(names: readonly string[]): string {
  return [...new Set(names)].map((name) => `^${quoteMeta(name)}$`).join('|');
}

/**
 * Everything the refine options leave as they were on reset: the sample type and the way values
 * are shown are not refinements.
 */
const KEPT_ON_RESET: readonly (keyof QueryOptions)[] = ['sampleIndex', 'mean', 'unit', 'base'];

/**
 * Applies a refine action to the functions named `functionNames` (function names as the filters
 * match them; see refineSubjectOf). An action without names changes nothing, but reset.
 */
export function applyRefine(
  options: QueryOptions,
  action: RefineAction,
  functionNames: readonly string[],
): QueryOptions {
  return applyRefineRegexp(options, action, exactNamesRegexp(functionNames));
}

/** Applies a refine action with a regexp of its own (pprof's "regexp mode": the search box's text). */
export function applyRefineRegexp(options: QueryOptions, action: RefineAction, expression: string): QueryOptions {
  if (action === 'reset') {
    const kept: Partial<Record<keyof QueryOptions, unknown>> = {};
    for (const key of KEPT_ON_RESET) kept[key] = options[key];
    return withOptions(DEFAULT_QUERY_OPTIONS, kept as Partial<QueryOptions>);
  }
  if (expression === '') return options;
  const option = OPTION_OF[action];
  const old = options[option];
  const value = ADDING.has(action) && old !== '' ? `${expression}|${old}` : expression;
  return withOptions(options, { [option]: value });
}

/**
 * The function a frame or Top row stands for, as the refine regexps should match it. Names are
 * pprof's printable names, which at finer granularities carry an address and a file:line
 * (`00000000004b2f10 main.foo /src/main.go:12`); pprof's filters match function names (and file
 * names), so those parts are dropped. At `files` granularity the name is the file itself.
 */
export function refineSubjectOf(name: string, granularity: Granularity): string {
  if (granularity === 'functions' || granularity === 'files') return name;
  let rest = granularity === 'addresses' ? name.replace(/^[0-9a-f]{16} /, '') : name;
  // The file (with its line) is the last space-separated part; Go function names have no spaces.
  const space = rest.lastIndexOf(' ');
  if (space > 0) rest = rest.slice(0, space);
  return rest;
}

/**
 * The `f` regexp that peeks at (or lists the source of) these frames. Peek matches pprof's
 * printable names and `f` is also the focus, which matches function names: at functions (and
 * files) granularity one exact name is both; at finer ones (`main.foo main.go:12`) the function
 * part, bounded by spaces or the ends, matches both.
 */
export function peekRegexpOf(names: readonly string[], granularity: Granularity): string {
  if (granularity === 'functions' || granularity === 'files') return exactNamesRegexp(names);
  const functions = [...new Set(names.map((name) => refineSubjectOf(name, granularity)))];
  return functions.map((name) => `(^| )${quoteMeta(name)}( |$)`).join('|');
}

/** pprof's tag filter escape: a value regexp, anchored, with "," (pprof's list separator) as \x2c. */
function tagValueRegexp(value: string): string {
  return `^${quoteMeta(value).replaceAll(',', '\\x2c')}$`;
}

/**
 * Tag focus / tag ignore on one label value (`tf=key=^value$`). pprof's tag filters take one
 * key: another value of the same key joins the list (any of them matches), another key replaces
 * the filter.
 */
export function applyTagRefine(
  options: QueryOptions,
  action: 'tag-focus' | 'tag-ignore',
  key: string,
  value: string,
): QueryOptions {
  const option = action === 'tag-focus' ? 'tagFocus' : 'tagIgnore';
  const regexp = tagValueRegexp(value);
  const old = options[option];
  const prefix = `${key}=`;
  if (old.startsWith(prefix)) {
    const values = old.slice(prefix.length).split(',');
    if (values.includes(regexp)) return options;
    return withOptions(options, { [option]: `${old},${regexp}` });
  }
  return withOptions(options, { [option]: `${prefix}${regexp}` });
}

/** Adds or removes a label key in tagroot / tagleaf (comma-separated, the first key outermost). */
export function toggleLabelGroup(options: QueryOptions, where: 'root' | 'leaf', key: string): QueryOptions {
  const option = where === 'root' ? 'tagRoot' : 'tagLeaf';
  const keys = options[option].split(',').filter((k) => k !== '');
  const next = keys.includes(key) ? keys.filter((k) => k !== key) : [...keys, key];
  return withOptions(options, { [option]: next.join(',') });
}

/** The Go presets: hiding runtime frames adds to `h`; the main module's frames replace `s`. */
export function applyPreset(
  options: QueryOptions,
  preset: 'hide-runtime' | 'main-module',
  regexp: string,
): QueryOptions {
  if (regexp === '') return options;
  if (preset === 'main-module') return withOptions(options, { show: regexp });
  const old = options.hide;
  if (old.includes(regexp)) return options;
  return withOptions(options, { hide: old === '' ? regexp : `${regexp}|${old}` });
}
