// A drop-down menu of the header (Diff, Export): a native <details>, so it opens with the
// keyboard and without script, closed again by a click elsewhere, by Escape or by choosing an item.

import { h } from './dom.js';

const menus = new Set<HTMLDetailsElement>();

export interface HeaderMenu {
  readonly element: HTMLDetailsElement;
  readonly summary: HTMLElement;
  /** Where the menu's items go. */
  readonly body: HTMLElement;
}

export function makeHeaderMenu(id: string, label: string): HeaderMenu {
  const summary = h('summary', { text: label });
  const body = h('div', { className: 'menu-body' });
  const element = h('details', { id, className: 'menu' }, summary, body);
  // Choosing an item (a link or a button) closes the menu.
  body.addEventListener('click', (event) => {
    if ((event.target as HTMLElement | null)?.closest('a, button') !== null) element.open = false;
  });
  if (menus.size === 0) {
    document.addEventListener('click', (event) => {
      for (const menu of menus) if (menu.open && !menu.contains(event.target as Node)) menu.open = false;
    });
  }
  menus.add(element);
  return { element, summary, body };
}

/** Closes every open header menu; true when one was open. */
export function closeHeaderMenus(): boolean {
  let closed = false;
  for (const menu of menus) {
    if (!menu.open) continue;
    menu.open = false;
    closed = true;
  }
  return closed;
}
