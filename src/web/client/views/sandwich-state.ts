// The Sandwich view's pure parts: the function list's query (every function of the options, by
// cum: the pivot changes nothing in Top), the list filtered by what the user types, each
// function's pivot, the function a focus (`f`) picks when none is, and the prompt shown before one is picked.

import type { TopRowModel } from '../../view-models.js';
import { exactNamesRegexp } from '../refine/apply-refine.js';
import { optionsQuery, type ViewState } from '../url-state.js';

export function listQueryOf(url: ViewState): string {
  return optionsQuery({ ...url.options, pivot: '', sort: 'cum' });
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
 * The function `/sandwich?f=X` centres on when no pivot is set: the heaviest listed function
 * whose name the focus matches (a Go regexp, read as a JavaScript one: the names' syntax is the
 * same); undefined when there is no focus, a pivot already, no match, or a pattern JS refuses.
 */
export function focusPick(rows: readonly TopRowModel[], url: ViewState): string | undefined {
  const { focus, pivot } = url.options;
  if (focus === '' || pivot !== '') return undefined;
  let pattern: RegExp;
  try {
    pattern = new RegExp(focus);
  } catch {
    // A Go-only construct: no pick, the list still shows the focused functions.
    return undefined;
  }
  return rows.find((row) => pattern.test(row.name))?.name;
}

/** Break opportunities in a function name after each `/` and `.`, so it wraps between its parts. */
export function nameParts(name: string): string[] {
  return name.split(/(?<=[/.])/);
}
