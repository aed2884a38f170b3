// What every view gets from the app (the API, the store, navigation) and what it gives back (a
// teardown). A view reads the URL's state and what it shares from the store, which it subscribes
// to when mounted and unsubscribes from in `destroy`.

import type { ProfileSummary } from '../../view-models.js';
import type { ApiClient } from '../api-client.js';
import type { AppState } from '../app-state.js';
import type { NavigateOptions } from '../navigation.js';
import type { Store } from '../store.js';
import type { StateChange } from '../url-state.js';

export interface ViewContext {
  readonly api: ApiClient;
  readonly summary: ProfileSummary;
  /** The page's one store: the URL's state and what the views share. */
  readonly store: Store<AppState>;
  /** Moves to a new state: a new history entry, or the current one replaced. */
  navigate(change: StateChange, options?: NavigateOptions): void;
  /** The URL of a state, for real links (open in a new tab, copy). */
  hrefOf(change: StateChange): string;
}

export interface View {
  /** Stops the view's subscriptions and requests and empties its container. */
  destroy(): void;
}

export type ViewFactory = (container: HTMLElement, context: ViewContext) => View;

/** True for errors from an aborted fetch (the user moved on), which are not failures. */
export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

/** The text to show for a failure (in ../error-message.ts, which menus outside views/ share). */
export { messageOf } from '../error-message.js';
