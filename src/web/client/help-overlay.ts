// The keyboard help (`?`): a modal listing every shortcut from the shortcuts table, closed by
// Escape, by its button or by a click outside it.

import { h } from './dom.js';
import { SHORTCUTS, keyLabel } from './keyboard-shortcuts.js';

export interface HelpOverlay {
  readonly element: HTMLElement;
  readonly isOpen: () => boolean;
  toggle(): void;
  close(): void;
}

export function mountHelpOverlay(): HelpOverlay {
  const close = h('button', {
    className: 'help-close',
    attrs: { type: 'button', 'aria-label': 'Close the help' },
    text: '×',
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
    close,
    h('table', { className: 'help-table' }, h('tbody', {}, ...rows)),
    h('p', { text: 'Shortcuts do nothing while you type in a text field (except Esc).' }),
  );
  const element = h('div', { id: 'help-overlay' }, dialog);
  element.hidden = true;
  let returnFocus: Element | null = null;

  const hide = () => {
    if (element.hidden) return;
    element.hidden = true;
    if (returnFocus instanceof HTMLElement) returnFocus.focus();
  };
  const show = () => {
    returnFocus = document.activeElement;
    element.hidden = false;
    close.focus();
  };
  close.addEventListener('click', hide);
  element.addEventListener('click', (event) => {
    if (event.target === element) hide();
  });
  return {
    element,
    isOpen: () => !element.hidden,
    toggle: () => (element.hidden ? show() : hide()),
    close: hide,
  };
}
