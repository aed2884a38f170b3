// A modal form of the Config menu: a title, its content, an error line and confirm / Cancel
// buttons; confirming runs an action and closes on success, or says why it failed.

import { h } from './dom.js';
import { messageOf } from './error-message.js';

export interface ConfigDialog {
  readonly dialog: HTMLDialogElement;
  readonly confirm: HTMLButtonElement;
  readonly cancel: HTMLButtonElement;
  open(): void;
}

export interface DialogSpec {
  readonly id: string;
  readonly title: string;
  readonly confirmText: string;
  readonly content: readonly HTMLElement[];
  readonly onConfirm: () => Promise<void>;
  readonly returnFocusTo: HTMLElement;
}

export function makeDialog(spec: DialogSpec): ConfigDialog {
  const confirm = h('button', { className: 'dialog-confirm', text: spec.confirmText, attrs: { type: 'submit' } });
  const error = h('p', { className: 'dialog-error', attrs: { role: 'alert' } });
  const form = h('form', {}, h('h2', { id: `${spec.id}-title`, text: spec.title }), ...spec.content, error);
  const dialog = h(
    'dialog',
    {
      id: spec.id,
      className: 'config-dialog',
      attrs: { 'aria-labelledby': `${spec.id}-title` },
      on: {
        // Escape closes the dialog (the browser's cancel) and nothing else: not the flame graph's zoom.
        keydown: (event) => {
          if (event.key === 'Escape') event.stopPropagation();
        },
        close: () => spec.returnFocusTo.focus(),
      },
    },
    form,
  );
  const cancel = h('button', { text: 'Cancel', attrs: { type: 'button' }, on: { click: () => dialog.close() } });
  form.append(h('div', { className: 'dialog-buttons' }, confirm, cancel));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    error.textContent = '';
    confirm.disabled = true;
    spec
      .onConfirm()
      .then(
        () => dialog.close(),
        (failure: unknown) => {
          error.textContent = messageOf(failure);
        },
      )
      .finally(() => {
        confirm.disabled = false;
      });
  });
  return {
    dialog,
    confirm,
    cancel,
    open() {
      error.textContent = '';
      dialog.showModal();
    },
  };
}
