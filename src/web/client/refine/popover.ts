// A panel opened below a header button (the labels, the Go presets). Whether it is open is the
// store's (`overlay`): it closes on Escape, on a click outside, on a navigation and when another
// thing opens.

import { closeOverlay, isOpen, type AppState, type PopoverId } from '../app-state.js';
import { h } from '../dom.js';
import { watch, type Store } from '../store.js';

export interface Popover {
  readonly element: HTMLElement;
  /** Shows `content` in the panel (open or not: an answer may arrive after it closed). */
  setContent(...content: HTMLElement[]): void;
}

function placeBelow(element: HTMLElement, button: HTMLElement): void {
  const box = button.getBoundingClientRect();
  const left = Math.max(0, Math.min(box.left, window.innerWidth - element.offsetWidth - 4));
  element.style.left = `${left + window.scrollX}px`;
  element.style.top = `${box.bottom + 2 + window.scrollY}px`;
}

export function makePopover(store: Store<AppState>, id: PopoverId, label: string, button: HTMLButtonElement): Popover {
  const element = h('div', { id, className: 'label-panel', attrs: { role: 'dialog', 'aria-label': label } });
  element.hidden = true;
  document.body.append(element);
  element.addEventListener('keydown', (event) => {
    // Keys in the panel are the panel's, not the page's shortcuts.
    event.stopPropagation();
    if (event.key !== 'Escape') return;
    event.preventDefault();
    store.update(closeOverlay(id));
    button.focus();
  });
  document.addEventListener('mousedown', (event) => {
    const target = event.target as Node;
    if (!element.hidden && !element.contains(target) && !button.contains(target)) store.update(closeOverlay(id));
  });
  watch(
    store,
    (state) => isOpen(state, id),
    (open) => {
      element.hidden = !open;
      button.setAttribute('aria-expanded', String(open));
      if (open) placeBelow(element, button);
    },
  );
  return {
    element,
    setContent(...content) {
      element.replaceChildren(...content);
      if (!element.hidden) placeBelow(element, button);
    },
  };
}
