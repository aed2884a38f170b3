// The Sandwich view's pure parts: the function list's query (every function of the options, by
// cum: the pivot changes nothing in Top; values each in its own unit, as the flame graphs beside
// it print them; the focus sent as the search too, so the server marks the names it matches), the
// list filtered by what the user types, each function's pivot, the function a focus (`f`) picks
// when none is, and the prompt shown before one is picked.

import type { TopRowModel } from '../../view-models.js';
import { exactNamesRegexp } from '../refine/apply-refine.js';
import { formatQueryOptions } from '../query-options.js';
import type { ViewState } from '../url-state.js';

/**
 * Top's query for the list. Its values are printed each in its own unit (pprof's `unit=auto`,
 * unless the URL names one): pprof's one unit per report is picked from the smallest value shown,
 * so a focus would change the unit a function's value reads in, and it would differ from the
 * flame graphs'. The focus goes as the search (`q`) as well: the server marks the rows whose names
 * it matches, with Go's regexp syntax, for focusPick.
 */
export function listQueryOf(url: ViewState): string {
  const { options } = url;
  const params = formatQueryOptions({
    ...options,
    pivot: '',
    sort: 'cum',
    unit: options.unit === 'minimum' ? 'auto' : options.unit,
  });
  if (options.focus !== '') params.set('q', options.focus);
  return params.toString();
}

/** The rows whose name holds the filter's text, case aside. */
export function filterRows(rows: readonly TopRowModel[], filter: string): readonly TopRowModel[] {
  const needle = filter.toLowerCase();
  return needle === '' ? rows : rows.filter((row) => row.name.toLowerCase().includes(needle));
}

/** The pivot (`p`) that centres the sandwich on one function. */
export function pivotOf(name: string): string {
  return exactNamesRegexp([name]);
}

export function promptOf(url: ViewState): string {
  return url.options.pivot === ''
    ? 'Pick a function on the left (or “Sandwich” in any right-click menu) to see its callers and callees.'
    : '';
}

/**
 * The function `/sandwich?f=X` centres on when no pivot is set: the heaviest listed function whose
 * name the focus matches, as the server marked the rows (`matched`: the focus is the list's search,
 * compiled as the Go regexp it is); undefined when there is no focus, a pivot already, or no match.
 */
export function focusPick(rows: readonly TopRowModel[], url: ViewState): string | undefined {
  const { focus, pivot } = url.options;
  if (focus === '' || pivot !== '') return undefined;
  return rows.find((row) => row.matched === true)?.name;
}

/** Break opportunities in a function name after each `/` and `.`, so it wraps between its parts. */
export function nameParts(name: string): string[] {
  return name.split(/(?<=[/.])/);
}
