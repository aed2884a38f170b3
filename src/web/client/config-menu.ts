// The header's Config menu, pprof's saved views: "Save as…" stores the current refine options under
// a name in the settings file every viewer using it shares; each saved config is a link to the
// current view with its options (the one the URL already matches is marked, as pprof marks it);
// "Default" sets every option back. Deleting asks first. The list is read each time the menu
// opens, so configs saved by another viewer appear. Names are only ever shown as text.

import type { SavedConfigListing } from '../view-models.js';
import { applyConfigQuery, configQueryOf, isConfigApplied } from '../saved-config-query.js';
import type { ApiClient } from './api-client.js';
import { h } from './dom.js';
import { makeHeaderMenu } from './header-menu.js';
import type { ParsedLocation } from './url-state.js';
import { appLink } from './views/function-link.js';
import { messageOf, type StateChange } from './views/view.js';

export interface ConfigMenuContext {
  navigate(change: StateChange): void;
  hrefOf(change: StateChange): string;
}

export interface ConfigMenu {
  readonly element: HTMLElement;
  /** The Save and Delete dialogs, to be placed in the page outside the menu (a closed menu hides its content). */
  readonly dialogs: readonly HTMLElement[];
  update(parsed: ParsedLocation): void;
}

interface ConfigDialog {
  readonly dialog: HTMLDialogElement;
  readonly confirm: HTMLButtonElement;
  readonly cancel: HTMLButtonElement;
  readonly error: HTMLElement;
  open(): void;
}

/** A modal form with a title, its content, an error line and confirm / Cancel buttons. */
function makeDialog(
  id: string,
  title: string,
  confirmText: string,
  content: readonly HTMLElement[],
  onConfirm: () => Promise<void>,
  returnFocusTo: HTMLElement,
): ConfigDialog {
  const confirm = h('button', { className: 'dialog-confirm', text: confirmText, attrs: { type: 'submit' } });
  const cancel = h('button', { text: 'Cancel', attrs: { type: 'button' } });
  const error = h('p', { className: 'dialog-error', attrs: { role: 'alert' } });
  const form = h(
    'form',
    {},
    h('h2', { id: `${id}-title`, text: title }),
    ...content,
    error,
    h('div', { className: 'dialog-buttons' }, confirm, cancel),
  );
  const dialog = h('dialog', { id, className: 'config-dialog', attrs: { 'aria-labelledby': `${id}-title` } }, form);
  cancel.addEventListener('click', () => dialog.close());
  // Escape closes the dialog (the browser's cancel) and nothing else: not the flame graph's zoom.
  dialog.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') event.stopPropagation();
  });
  dialog.addEventListener('close', () => returnFocusTo.focus());
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    error.textContent = '';
    confirm.disabled = true;
    onConfirm()
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
    error,
    open() {
      error.textContent = '';
      dialog.showModal();
    },
  };
}

/** `f=main h=runtime`: a config's options as a tooltip shows them. */
function describeQuery(query: string): string {
  const params = [...new URLSearchParams(query)].map(([name, value]) => `${name}=${value}`);
  return params.length === 0 ? 'No refine options' : params.join('  ');
}

export function mountConfigMenu(api: ApiClient, context: ConfigMenuContext): ConfigMenu {
  const menu = makeHeaderMenu('config-menu', 'Config');
  const saveAs = h('button', {
    id: 'save-config',
    text: 'Save as…',
    attrs: { type: 'button', title: "Save this view's refine options under a name" },
  });
  const status = h('p', { className: 'menu-note', attrs: { role: 'status' } });
  status.hidden = true;
  const list = h('ul', { className: 'config-list', attrs: { 'aria-label': 'Saved configs' } });
  menu.body.append(saveAs, status, list);

  let parsed: ParsedLocation | undefined;
  let listing: SavedConfigListing = { configs: [] };
  let deleting = '';

  const nameInput = h('input', {
    id: 'config-name',
    attrs: { type: 'text', maxlength: '64', autocomplete: 'off', list: 'config-names', spellcheck: 'false' },
  });
  const names = h('datalist', { id: 'config-names' });
  const saveDialog = makeDialog(
    'save-config-dialog',
    'Save config',
    'Save',
    [
      h('label', { attrs: { for: 'config-name' }, text: 'Name' }),
      nameInput,
      names,
      h('p', {
        className: 'menu-note',
        text: 'Saves the refine options of this view (focus, ignore, hide, show, tags, granularity, …), not the sample type. A config of the same name is replaced.',
      }),
    ],
    async () => {
      const name = nameInput.value.trim();
      if (name === '') throw new Error('Give the config a name.');
      if (parsed === undefined) throw new Error('save config: the page has not loaded yet');
      show(await api.saveConfig(name, configQueryOf(parsed.state.options)));
    },
    menu.summary,
  );
  nameInput.addEventListener('input', () => {
    const replacing = listing.configs.some((config) => config.name === nameInput.value.trim());
    saveDialog.confirm.textContent = replacing ? 'Replace' : 'Save';
  });
  saveAs.addEventListener('click', () => {
    nameInput.value = '';
    saveDialog.confirm.textContent = 'Save';
    saveDialog.open();
  });

  const deleteQuestion = h('p', {});
  const deleteDialog = makeDialog(
    'delete-config-dialog',
    'Delete config',
    'Delete',
    [deleteQuestion],
    async () => show(await api.deleteConfig(deleting)),
    menu.summary,
  );
  const askToDelete = (name: string) => {
    deleting = name;
    deleteQuestion.textContent = `Delete the config “${name}”? Every viewer sharing ${listing.scope === undefined ? 'this settings file' : `the configs of ${listing.scope}`} loses it.`;
    deleteDialog.open();
    // Enter must not delete by accident: the focus starts on Cancel.
    deleteDialog.cancel.focus();
  };

  const render = () => {
    if (parsed === undefined) return;
    const { options } = parsed.state;
    const entries = [
      { name: 'Default', query: '', saved: false },
      ...listing.configs.map((c) => ({ ...c, saved: true })),
    ];
    // pprof marks the last config the URL matches.
    let current = -1;
    entries.forEach((entry, index) => {
      try {
        if (isConfigApplied(options, entry.query)) current = index;
      } catch {
        // A config with a bad value (edited by hand) matches nothing; its row says why.
      }
    });
    list.replaceChildren(
      ...entries.map((entry, index) => {
        let link: HTMLElement;
        try {
          const change = { options: applyConfigQuery(options, entry.query), zoom: '' };
          link = appLink(context, change, entry.name, { class: 'config-link', 'data-config': entry.name });
          if (index === current) link.setAttribute('aria-current', 'true');
        } catch (error) {
          link = h('span', { className: 'config-link', text: `${entry.name} (${messageOf(error)})` });
        }
        if (entry.saved) link.title = describeQuery(entry.query);
        const remove = entry.saved
          ? h('button', {
              className: 'config-delete',
              text: '×',
              attrs: { type: 'button', 'aria-label': `Delete config ${entry.name}` },
            })
          : undefined;
        remove?.addEventListener('click', () => askToDelete(entry.name));
        return h('li', {}, link, remove);
      }),
    );
    names.replaceChildren(...listing.configs.map((config) => h('option', { attrs: { value: config.name } })));
  };

  /** Shows a listing, or what keeps the configs from being listed or saved. */
  function show(next: SavedConfigListing | Error): void {
    const problem = next instanceof Error ? messageOf(next) : next.unavailable;
    if (!(next instanceof Error)) listing = next;
    status.textContent = problem ?? '';
    status.hidden = problem === undefined;
    status.classList.toggle('error', next instanceof Error);
    saveAs.disabled = listing.unavailable !== undefined;
    menu.summary.title = listing.scope === undefined ? '' : `Saved configs of ${listing.scope}`;
    render();
  }
  const refresh = () =>
    api.configs().then(show, (error: unknown) => show(error instanceof Error ? error : new Error(String(error))));
  // Read on opening only: a page load costs no file read, and another viewer's saves show up.
  menu.element.addEventListener('toggle', () => {
    if (menu.element.open) void refresh();
  });

  return {
    element: menu.element,
    dialogs: [saveDialog.dialog, deleteDialog.dialog],
    update(next) {
      parsed = next;
      render();
    },
  };
}
