// What every view gets from the app (the API, navigation, the shared header's slots) and what it
// gives back (update on a new state, destroy when the user leaves it).

import type { QueryOptions } from '../../../query/index.js';
import type { ProfileSummary } from '../../view-models.js';
import type { ApiClient } from '../api-client.js';
import type { Orientation, Route, ViewState } from '../url-state.js';

export interface StateChange {
  readonly route?: Route;
  readonly options?: Partial<QueryOptions>;
  readonly search?: string;
  readonly orientation?: Orientation;
  /** The flame graph's zoom path; "" zooms out. Moving to another view drops it. */
  readonly zoom?: string;
}

export interface ViewContext {
  readonly api: ApiClient;
  readonly summary: ProfileSummary;
  /** Moves to a new state: a new history entry, or the current one replaced. */
  navigate(change: StateChange, options?: { readonly replace?: boolean }): void;
  /** The URL of a state, for real links (open in a new tab, copy). */
  hrefOf(change: StateChange): string;
  /** pprof's legend lines for what the view shows (File, Type, Time, Showing ...). */
  setLegend(lines: readonly string[]): void;
  /** The search's outcome in this view, e.g. "Matched 1.2MB (12%)". */
  setSearchStatus(text: string, isError?: boolean): void;
  /** A failure to show in place of the view's data; undefined clears it. */
  showError(message: string | undefined): void;
}

export interface View {
  update(state: ViewState): void;
  destroy(): void;
}

export type ViewFactory = (container: HTMLElement, context: ViewContext, state: ViewState) => View;

/** True for errors from an aborted fetch (the user moved on), which are not failures. */
export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

/** The text to show for a failure. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
