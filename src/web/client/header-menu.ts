// A drop-down menu of the header (Config, Diff, Export): a native <details>, so it opens with the
// keyboard and without script. Whether it is open is the store's (`overlay`), so opening another
// thing closes it, and so do Escape, a click elsewhere and choosing an item.

import { closeOverlay, isOpen, openOverlay, type AppState, type HeaderMenuId } from './app-state.js';
import { h } from './dom.js';
import { watch, type Store } from './store.js';

export interface HeaderMenu {
  readonly element: HTMLDetailsElement;
  readonly summary: HTMLElement;
  /** Where the menu's items go. */
  readonly body: HTMLElement;
}

export function makeHeaderMenu(store: Store<AppState>, id: HeaderMenuId, label: string): HeaderMenu {
  const summary = h('summary', { text: label });
  const body = h('div', { className: 'menu-body' });
  const element = h('details', { id, className: 'menu' }, summary, body);
  // Choosing an item (a link or a button) closes the menu.
  body.addEventListener('click', (event) => {
    if ((event.target as HTMLElement | null)?.closest('a, button') !== null) store.update(closeOverlay(id));
  });
  // The browser opens and closes the <details> itself (a click on its summary, the keyboard).
  element.addEventListener('toggle', () => {
    if (element.open && !isOpen(store.get(), id)) store.update(openOverlay({ id }));
    else if (!element.open && isOpen(store.get(), id)) store.update(closeOverlay(id));
  });
  watch(
    store,
    (state) => isOpen(state, id),
    (open) => {
      if (element.open !== open) element.open = open;
    },
  );
  return { element, summary, body };
}

/** Closes the open header menu when the user clicks outside it. */
export function installHeaderMenuDismissal(store: Store<AppState>): void {
  document.addEventListener('click', (event) => {
    const open = store.get().overlay;
    if (open === undefined || !['config-menu', 'diff-menu', 'export-menu'].includes(open.id)) return;
    const menu = document.getElementById(open.id);
    if (menu !== null && !menu.contains(event.target as Node)) store.update(closeOverlay(open.id));
  });
}
