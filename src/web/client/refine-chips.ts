// The active refine options under the header, each a chip whose button sets it back to its
// default, and a Reset link for all of them (shell-state.ts says which).

import type { AppState } from './app-state.js';
import { appLink } from './app-link.js';
import { h } from './dom.js';
import type { Navigation } from './navigation.js';
import { RESET_OPTIONS, chipsOf } from './shell-state.js';
import { watch, type Store } from './store.js';

export function mountRefineChips(store: Store<AppState>, navigation: Pick<Navigation, 'navigate' | 'hrefOf'>) {
  const element = h('div', { className: 'refine-chips', attrs: { 'aria-label': 'Active refine options' } });
  watch(
    store,
    (state) => state.location,
    (location) => {
      const items: HTMLElement[] = chipsOf(location.state.options).map((chip) =>
        h(
          'span',
          { className: 'chip', attrs: { 'data-param': chip.param } },
          chip.text,
          h('button', {
            attrs: { type: 'button', 'aria-label': `Remove ${chip.label}` },
            text: '×',
            on: { click: () => navigation.navigate(chip.remove) },
          }),
        ),
      );
      if (items.length > 0) items.push(appLink(navigation, RESET_OPTIONS, 'Reset'));
      element.replaceChildren(...items);
      element.hidden = items.length === 0;
    },
  );
  return element;
}
