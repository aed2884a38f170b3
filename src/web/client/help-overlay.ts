// The keyboard help (`?`): a modal listing every shortcut from the shortcuts table, open while
// the store's overlay is `help`; closed by Escape, by its button or by a click outside it.

import { closeOverlay, isOpen, type AppState } from './app-state.js';
import { h } from './dom.js';
import { SHORTCUTS, keyLabel } from './keyboard-shortcuts.js';
import { watch, type Store } from './store.js';

export function mountHelpOverlay(store: Store<AppState>): HTMLElement {
  const close = () => store.update(closeOverlay('help'));
  const closeButton = h('button', {
    className: 'help-close',
    attrs: { type: 'button', 'aria-label': 'Close the help' },
    text: '×',
    on: { click: close },
  });
  const rows = SHORTCUTS.map((shortcut) =>
    h(
      'tr',
      {},
      h('td', {}, ...shortcut.keys.flatMap((key, i) => [i > 0 ? ' or ' : '', h('kbd', { text: keyLabel(key) })])),
      h('td', { text: shortcut.description }),
    ),
  );
  const dialog = h(
    'div',
    { className: 'help-dialog', attrs: { role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'help-title' } },
    h('h2', { id: 'help-title', text: 'Keyboard shortcuts' }),
    closeButton,
    h('table', { className: 'help-table' }, h('tbody', {}, ...rows)),
    h('p', { text: 'Shortcuts do nothing while you type in a text field (except Esc).' }),
  );
  const element = h('div', { id: 'help-overlay' }, dialog);
  element.hidden = true;
  element.addEventListener('click', (event) => {
    if (event.target === element) close();
  });
  let returnFocus: Element | null = null;
  watch(
    store,
    (state) => isOpen(state, 'help'),
    (open) => {
      if (open === !element.hidden) return;
      element.hidden = !open;
      if (open) {
        returnFocus = document.activeElement;
        closeButton.focus();
      } else if (returnFocus instanceof HTMLElement) returnFocus.focus();
    },
  );
  return element;
}
