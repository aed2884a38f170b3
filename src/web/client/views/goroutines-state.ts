// The Goroutines view's state: which groups it shows (the search `q` and the state filter), the
// text of each row, and the flame graph link to a group's stack. No DOM here.

import type { GoroutineGroupModel, GoroutineReportModel } from '../../goroutine-view-model.js';
import { formatZoomPath } from '../../zoom-path.js';
import type { GoRegexp } from '../search-regexp.js';
import type { StateChange } from '../url-state.js';

/** The state filter's "every state" value. */
export const ALL_STATES = '';

export interface GoroutineRowView {
  readonly group: GoroutineGroupModel;
  readonly rank: number;
  readonly countText: string;
  /** `+98 from 2`, `new`, `gone (was 5)`; "" without a base. */
  readonly growthText: string;
  /** The leaf frame's function: what the goroutines wait in. */
  readonly topFrame: string;
  readonly createdByText: string;
  readonly idsText: string;
  /** The flame graph zoomed to this stack; undefined when Go elided frames. */
  readonly flame?: StateChange;
}

/** The states present, by goroutine count, for the filter. */
export function statesOf(model: GoroutineReportModel): string[] {
  const counts = new Map<string, number>();
  for (const group of model.groups) counts.set(group.state, (counts.get(group.state) ?? 0) + group.count);
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([state]) => state);
}

/**
 * The search as the view applies it: `q` compiled as the server compiles it (Go's syntax, case
 * rules and errors: `compileSearch`), tested on a group's state, frames and creator. Undefined
 * (no search) keeps every group.
 */
export function searchMatcher(search: GoRegexp | undefined): (group: GoroutineGroupModel) => boolean {
  if (search === undefined) return () => true;
  const test = (text: string) => search.test(text);
  return (group) =>
    test(group.state) ||
    group.frames.some((frame) => test(frame.function) || test(frame.where)) ||
    (group.createdBy !== undefined && test(group.createdBy.function));
}

/** The rows shown: the model's order (its ranking), filtered by state and search. */
export function goroutineRowsOf(
  model: GoroutineReportModel,
  search: GoRegexp | undefined,
  state: string,
): GoroutineRowView[] {
  const matches = searchMatcher(search);
  const rows: GoroutineRowView[] = [];
  model.groups.forEach((group, index) => {
    if (state !== ALL_STATES && group.state !== state) return;
    if (!matches(group)) return;
    rows.push({
      group,
      rank: index + 1,
      countText: String(group.count),
      growthText: growthTextOf(group),
      topFrame: group.frames[0]?.function ?? '(no frames)',
      createdByText: group.createdBy === undefined ? 'the runtime' : group.createdBy.function,
      idsText: idsTextOf(group),
      ...(group.zoomPath === undefined ? {} : { flame: { route: 'flamegraph', zoom: formatZoomPath(group.zoomPath) } }),
    });
  });
  return rows;
}

function growthTextOf(group: GoroutineGroupModel): string {
  if (group.growth === undefined || group.baseCount === undefined) return '';
  if (group.count === 0) return `gone (was ${group.baseCount})`;
  if (group.baseCount === 0) return `new (+${group.count})`;
  if (group.growth === 0) return 'same';
  return `${group.growth > 0 ? '+' : ''}${group.growth} from ${group.baseCount}`;
}

function idsTextOf(group: GoroutineGroupModel): string {
  const more = group.count - group.ids.length;
  return `${group.ids.join(' ')}${more > 0 ? ` … and ${more} more` : ''}`;
}
