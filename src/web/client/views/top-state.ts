// The Top view's state and the pure functions that change it: the rows loaded for a query, the
// order they are shown in (the server's flat or cum order, or by name here), the rows the user
// selected for the Refine menu, and the texts around the table.

import type { TopRowModel, TopViewModel } from '../../view-models.js';
import type { RefineTarget } from '../refine/refine-menu-items.js';
import { optionsQuery, viewQueryOf, type StateChange, type ViewState } from '../url-state.js';

export type Column = 'flat' | 'cum' | 'name';

export interface TopState {
  readonly url: ViewState;
  /** The API query of the rows shown, and their refine options alone. */
  readonly loadedKey: string | undefined;
  readonly loadedOptions: string | undefined;
  readonly data: TopViewModel | undefined;
  /** Sorting by name only reorders the rows here (sum% then means nothing, so it is left blank). */
  readonly sortByName: boolean;
  /** Selected rows by name, in the order they were picked. */
  readonly selected: readonly string[];
}

export function initialTopState(url: ViewState): TopState {
  return { url, loadedKey: undefined, loadedOptions: undefined, data: undefined, sortByName: false, selected: [] };
}

/** A new URL state; a new server order (`sort`) ends sorting by name. */
export function withUrl(state: TopState, url: ViewState): TopState {
  const sortChanged = url.options.sort !== state.url.options.sort;
  return { ...state, url, sortByName: sortChanged ? false : state.sortByName };
}

/** Whether the rows shown answer the URL state (else they are loaded for `viewQueryOf`). */
export function isLoaded(state: TopState): boolean {
  return state.loadedKey === viewQueryOf(state.url);
}

/** Rows arrived for `key`; other refine options mean other rows, so the selection is dropped. */
export function withRows(state: TopState, key: string, data: TopViewModel): TopState {
  const options = optionsQuery(state.url.options);
  const selected = options === state.loadedOptions ? state.selected : [];
  return { ...state, loadedKey: key, loadedOptions: options, data, selected };
}

/** What a click on a column's header does. */
export type SortStep =
  { readonly kind: 'render'; readonly state: TopState } | { readonly kind: 'navigate'; readonly change: StateChange };

export function sortStep(state: TopState, column: Column): SortStep {
  if (column === 'name') return { kind: 'render', state: { ...state, sortByName: true } };
  if (state.url.options.sort === column) return { kind: 'render', state: { ...state, sortByName: false } };
  return { kind: 'navigate', change: { options: { sort: column } } };
}

/** The column the rows are ordered by. */
export function activeColumn(state: TopState): Column {
  return state.sortByName ? 'name' : state.url.options.sort;
}

export function rowsOf(state: TopState): readonly TopRowModel[] {
  const rows = state.data?.rows ?? [];
  return state.sortByName ? [...rows].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)) : rows;
}

/** A row's cells: flat, flat%, sum% (blank when sorted by name), cum, cum%, the name with pprof's inline mark. */
export function cellsOf(row: TopRowModel, sortByName: boolean): readonly string[] {
  return [
    row.flatText,
    row.flatPercent,
    sortByName ? '' : row.sumPercent,
    row.cumText,
    row.cumPercent,
    row.inlineLabel === '' ? row.name : `${row.name} ${row.inlineLabel}`,
  ];
}

export function toggleSelected(state: TopState, name: string): TopState {
  const selected = state.selected.includes(name)
    ? state.selected.filter((other) => other !== name)
    : [...state.selected, name];
  return { ...state, selected };
}

/** A right-click outside the selection acts on that row alone, as in file managers. */
export function selectForMenu(state: TopState, name: string): TopState {
  return state.selected.includes(name) ? state : { ...state, selected: [name] };
}

/** The refine menu of a row acts on the selection when the row is in it, else on the row. */
export function refineTargetFor(state: TopState, name: string): RefineTarget {
  return { names: state.selected.includes(name) ? [...state.selected] : [name] };
}

export function statusText(data: TopViewModel): string {
  return data.rows.length === 0 ? 'No nodes to show: the total is 0 or every node was filtered out.' : '';
}

export function searchStatusText(state: TopState): string {
  const rows = state.data?.rows ?? [];
  if (state.url.search === '') return '';
  return `${rows.filter((row) => row.matched === true).length} of ${rows.length} rows match`;
}
