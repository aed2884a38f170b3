// The header's Config menu, pprof's saved views: "Save as…" stores the current refine options under
// a name in the settings file every viewer using it shares; each saved config is a link to the
// current view with its options (the one the URL already matches is marked, as pprof marks it);
// "Default" sets every option back. Deleting asks first. The list is read each time the menu
// opens, so configs saved by another viewer appear. Names are only ever shown as text.

import type { SavedConfigListing } from '../view-models.js';
import { configQueryOf } from '../saved-config-query.js';
import type { ApiClient } from './api-client.js';
import { appLink } from './app-link.js';
import type { AppState } from './app-state.js';
import { makeDialog, type ConfigDialog } from './config-dialog.js';
import {
  configEntries,
  deleteQuestion,
  listingProblem,
  saveButtonText,
  type ConfigEntry,
} from './config-menu-state.js';
import { h } from './dom.js';
import { makeHeaderMenu, type HeaderMenu } from './header-menu.js';
import type { Navigation } from './navigation.js';
import { watch, type Store } from './store.js';

export interface ConfigMenu {
  readonly element: HTMLElement;
  /** The Save and Delete dialogs, to be placed in the page outside the menu (a closed menu hides its content). */
  readonly dialogs: readonly HTMLElement[];
}

type Host = Pick<Navigation, 'navigate' | 'hrefOf'>;

/** What the menu knows: the last listing the server sent, and which config a delete asks about. */
interface ConfigMenuState {
  listing: SavedConfigListing;
  deleting: string;
}

function entryItem(host: Host, entry: ConfigEntry, askToDelete: (name: string) => void): HTMLElement {
  let link: HTMLElement;
  if ('error' in entry.change) {
    link = h('span', { className: 'config-link', text: `${entry.name} (${entry.change.error})` });
  } else {
    link = appLink(host, entry.change, entry.name, { class: 'config-link', 'data-config': entry.name });
    if (entry.current) link.setAttribute('aria-current', 'true');
  }
  if (entry.saved) link.title = entry.title;
  const remove = entry.saved
    ? h('button', {
        className: 'config-delete',
        text: '×',
        attrs: { type: 'button', 'aria-label': `Delete config ${entry.name}` },
        on: { click: () => askToDelete(entry.name) },
      })
    : undefined;
  return h('li', {}, link, remove);
}

function saveDialogOf(store: Store<AppState>, api: ApiClient, menu: HeaderMenu, state: ConfigMenuState, show: Show) {
  const nameInput = h('input', {
    id: 'config-name',
    attrs: { type: 'text', maxlength: '64', autocomplete: 'off', list: 'config-names', spellcheck: 'false' },
  });
  const names = h('datalist', { id: 'config-names' });
  const dialog = makeDialog({
    id: 'save-config-dialog',
    title: 'Save config',
    confirmText: 'Save',
    content: [
      h('label', { attrs: { for: 'config-name' }, text: 'Name' }),
      nameInput,
      names,
      h('p', {
        className: 'menu-note',
        text: 'Saves the refine options of this view (focus, ignore, hide, show, tags, granularity, …), not the sample type. A config of the same name is replaced.',
      }),
    ],
    onConfirm: async () => {
      const name = nameInput.value.trim();
      if (name === '') throw new Error('Give the config a name.');
      show(await api.saveConfig(name, configQueryOf(store.get().location.state.options)));
    },
    returnFocusTo: menu.summary,
  });
  nameInput.addEventListener('input', () => {
    dialog.confirm.textContent = saveButtonText(state.listing, nameInput.value);
  });
  const open = () => {
    nameInput.value = '';
    dialog.confirm.textContent = 'Save';
    dialog.open();
  };
  return { dialog, names, open };
}

type Show = (next: SavedConfigListing | Error) => void;

function deleteDialogOf(api: ApiClient, menu: HeaderMenu, state: ConfigMenuState, show: Show) {
  const question = h('p', {});
  const dialog: ConfigDialog = makeDialog({
    id: 'delete-config-dialog',
    title: 'Delete config',
    confirmText: 'Delete',
    content: [question],
    onConfirm: async () => show(await api.deleteConfig(state.deleting)),
    returnFocusTo: menu.summary,
  });
  const ask = (name: string) => {
    state.deleting = name;
    question.textContent = deleteQuestion(name, state.listing);
    dialog.open();
    // Enter must not delete by accident: the focus starts on Cancel.
    dialog.cancel.focus();
  };
  return { dialog, ask };
}

export function mountConfigMenu(store: Store<AppState>, api: ApiClient, host: Host): ConfigMenu {
  const menu = makeHeaderMenu(store, 'config-menu', 'Config');
  const state: ConfigMenuState = { listing: { configs: [] }, deleting: '' };
  const status = h('p', { className: 'menu-note', attrs: { role: 'status' } });
  status.hidden = true;
  const list = h('ul', { className: 'config-list', attrs: { 'aria-label': 'Saved configs' } });
  const render = () => {
    const entries = configEntries(state.listing, store.get().location.state.options);
    list.replaceChildren(...entries.map((entry) => entryItem(host, entry, remove.ask)));
    save.names.replaceChildren(...state.listing.configs.map((c) => h('option', { attrs: { value: c.name } })));
  };
  /** Shows a listing, or what keeps the configs from being listed or saved. */
  const show: Show = (next) => {
    const problem = listingProblem(next);
    if (!(next instanceof Error)) state.listing = next;
    status.textContent = problem ?? '';
    status.hidden = problem === undefined;
    status.classList.toggle('error', next instanceof Error);
    saveAs.disabled = state.listing.unavailable !== undefined;
    menu.summary.title = state.listing.scope === undefined ? '' : `Saved configs of ${state.listing.scope}`;
    render();
  };
  const save = saveDialogOf(store, api, menu, state, show);
  const remove = deleteDialogOf(api, menu, state, show);
  const saveAs = h('button', {
    id: 'save-config',
    text: 'Save as…',
    attrs: { type: 'button', title: "Save this view's refine options under a name" },
    on: { click: save.open },
  });
  menu.body.append(saveAs, status, list);
  // Read on opening only: a page load costs no file read, and another viewer's saves show up.
  menu.element.addEventListener('toggle', () => {
    if (!menu.element.open) return;
    api.configs().then(show, (error: unknown) => show(error instanceof Error ? error : new Error(String(error))));
  });
  watch(store, (s) => s.location, render);
  return { element: menu.element, dialogs: [save.dialog.dialog, remove.dialog.dialog] };
}
