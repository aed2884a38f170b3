// The URL side of the store: a move to a new state is a history entry (or replaces the current
// one) and then the store's new location, parsed back from the URL so the URL stays the truth;
// back and forward set the location the same way.

import { navigated, type AppState } from './app-state.js';
import type { Store } from './store.js';
import { applyChange, formatLocation, parseLocation, type StateChange } from './url-state.js';

export interface NavigateOptions {
  /** Replace the current history entry instead of adding one (a search typed letter by letter). */
  readonly replace?: boolean;
}

export interface Navigation {
  /** Moves to a new state: a new history entry, or the current one replaced. */
  navigate(change: StateChange, options?: NavigateOptions): void;
  /** The URL of a state, for real links (open in a new tab, copy). */
  hrefOf(change: StateChange): string;
  /** Stops following back and forward. */
  stop(): void;
}

/** The location the browser shows now. */
export function currentLocation() {
  return parseLocation(location.pathname, location.search);
}

export function installNavigation(store: Store<AppState>): Navigation {
  const hrefOf = (change: StateChange) => {
    const { state, basePath } = store.get().location;
    return formatLocation(applyChange(state, change), basePath);
  };
  const onPopState = () => store.update(navigated(currentLocation()));
  window.addEventListener('popstate', onPopState);
  return {
    hrefOf,
    navigate(change, options = {}) {
      const url = hrefOf(change);
      if (options.replace === true) history.replaceState(null, '', url);
      else history.pushState(null, '', url);
      store.update(navigated(currentLocation()));
    },
    stop: () => window.removeEventListener('popstate', onPopState),
  };
}
