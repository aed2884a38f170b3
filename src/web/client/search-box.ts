// The header's search box: a Go regexp highlighted in every view (`q`, written to the URL as the
// user types, replacing the history entry), which Enter turns into a focus as in pprof; and the
// view's search status, which the shell shows whole in the bar under the header (at 1280 px the
// header has no room left for it beside the box).

import type { AppState } from './app-state.js';
import { h } from './dom.js';
import type { Navigation } from './navigation.js';
import { watch, type Store } from './store.js';

/** How long typing pauses before the search is applied. */
const TYPING_PAUSE_MS = 200;

export interface SearchBox {
  readonly element: HTMLElement;
  readonly input: HTMLInputElement;
  /** What the view says about the search (`Matched 74.53MB (85.29%) of 87.39MB`); empty without one. */
  readonly status: HTMLElement;
}

export function mountSearchBox(store: Store<AppState>, navigation: Pick<Navigation, 'navigate'>): SearchBox {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const input = h('input', {
    id: 'search',
    attrs: {
      type: 'search',
      placeholder: 'Search regexp (Enter: focus)',
      autocomplete: 'off',
      autocapitalize: 'none',
      spellcheck: 'false',
      'aria-label': 'Search function names (regular expression); Enter focuses on them',
    },
    on: {
      input: () => {
        clearTimeout(timer);
        timer = setTimeout(() => navigation.navigate({ search: input.value }, { replace: true }), TYPING_PAUSE_MS);
      },
      keydown: (event) => {
        if (event.key !== 'Enter' || input.value === '') return;
        event.preventDefault();
        clearTimeout(timer);
        // As in pprof: Enter turns the search into a focus.
        navigation.navigate({ options: { focus: input.value }, search: '' });
        input.value = '';
      },
    },
  });
  const status = h('span', { id: 'search-status', attrs: { role: 'status', 'aria-live': 'polite' } });
  watch(
    store,
    (state) => state.location,
    (location) => {
      // What the user is typing stays as typed; back, forward and links show their search.
      if (document.activeElement !== input) input.value = location.state.search;
    },
  );
  watch(
    store,
    (state) => state.searchStatus,
    ({ text, isError }) => {
      status.textContent = text;
      status.classList.toggle('error', isError);
    },
  );
  return { element: h('div', { className: 'search' }, input), input, status };
}
