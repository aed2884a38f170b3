// The Top view: pprof's top table (flat, flat%, sum%, cum, cum%, name) with the engine's numbers
// formatted as `go tool pprof -top` prints them. Sorting by flat or cum is the `sort` option (the
// server orders the rows and sums sum% in that order, as `pprof -top -cum` does); sorting by name
// only reorders the rows. Clicking rows selects them (as pprof's Top) for the header's Refine
// menu; right-click or a row's "⋯" button opens the refine menu for the selection (or that row).
// The state is top-state.ts's.

import type { TopRowModel } from '../../view-models.js';
import { openRefineMenu, selectFunctions, setSearchStatus, type AppState } from '../app-state.js';
import { h } from '../dom.js';
import { isContextMenuKey } from '../refine/refine-menu.js';
import { stopAll, watch, type Store } from '../store.js';
import { viewQueryOf, type ViewState } from '../url-state.js';
import { showWhenLoaded } from './report-view-parts.js';
import {
  activeColumn,
  cellsOf,
  initialTopState,
  isLoaded,
  refineTargetFor,
  rowsOf,
  searchStatusText,
  selectForMenu,
  sortStep,
  statusText,
  toggleSelected,
  withRows,
  withUrl,
  type Column,
  type TopState,
} from './top-state.js';
import type { View, ViewContext, ViewFactory } from './view.js';

const HEADERS: readonly { readonly label: string; readonly column: Column | undefined; readonly numeric: boolean }[] = [
  { label: 'Flat', column: 'flat', numeric: true },
  { label: 'Flat%', column: 'flat', numeric: true },
  { label: 'Sum%', column: undefined, numeric: true },
  { label: 'Cum', column: 'cum', numeric: true },
  { label: 'Cum%', column: 'cum', numeric: true },
  { label: 'Name', column: 'name', numeric: false },
];

class TopView implements View {
  #state: TopState;
  readonly #store: Store<AppState>;
  readonly #headerCells: HTMLTableCellElement[];
  readonly #body = h('tbody');
  readonly #status = h('p', { className: 'top-status', attrs: { role: 'status' } });
  readonly #section: HTMLElement;
  #request: AbortController | undefined;
  readonly #stop: () => unknown;

  readonly #container: HTMLElement;
  readonly #context: ViewContext;

  constructor(container: HTMLElement, context: ViewContext) {
    this.#container = container;
    this.#context = context;
    this.#store = context.store;
    this.#state = initialTopState(this.#store.get().location.state);
    this.#headerCells = HEADERS.map((header) => this.#headerCell(header.label, header.column, header.numeric));
    const actionsHeader = h(
      'th',
      { className: 'actions', attrs: { scope: 'col' } },
      h('span', { className: 'visually-hidden', text: 'Actions' }),
    );
    const table = h(
      'table',
      { id: 'toptable', className: 'top-table', attrs: { 'aria-multiselectable': 'true' } },
      h('thead', {}, h('tr', {}, ...this.#headerCells, actionsHeader)),
      this.#body,
    );
    this.#section = h('section', { className: 'top-view', attrs: { 'aria-label': 'Top' } }, this.#status, table);
    container.replaceChildren(this.#section);
    this.#stop = watch(
      this.#store,
      (s) => s.location.state,
      (url) => this.#onUrl(url),
    );
  }

  destroy(): void {
    stopAll([this.#stop]);
    this.#request?.abort();
    this.#store.update(selectFunctions([]));
    this.#container.replaceChildren();
  }

  #headerCell(label: string, column: Column | undefined, numeric: boolean): HTMLTableCellElement {
    const th = h('th', { attrs: { scope: 'col' }, className: numeric ? 'numeric' : 'name' });
    if (column === undefined) {
      th.textContent = label;
      return th;
    }
    const onClick = () => {
      const step = sortStep(this.#state, column);
      if (step.kind === 'navigate') return this.#context.navigate(step.change);
      this.#state = step.state;
      this.#render();
    };
    th.append(h('button', { attrs: { type: 'button', 'data-sort': column }, text: label, on: { click: onClick } }));
    return th;
  }

  #onUrl(url: ViewState): void {
    this.#state = withUrl(this.#state, url);
    if (isLoaded(this.#state)) return this.#render();
    const key = viewQueryOf(url);
    this.#request?.abort();
    this.#request = new AbortController();
    showWhenLoaded(this.#section, this.#context, this.#context.api.top(key, this.#request.signal), (rows) => {
      this.#state = withRows(this.#state, key, rows);
      this.#store.update(selectFunctions(this.#state.selected));
      this.#render();
    });
  }

  #select(next: TopState): void {
    this.#state = next;
    this.#store.update(selectFunctions(next.selected));
    const selected = new Set(next.selected);
    for (const row of this.#body.rows) {
      const isSelected = selected.has(row.dataset.name ?? '');
      row.classList.toggle('selected', isSelected);
      row.setAttribute('aria-selected', String(isSelected));
    }
  }

  #openMenu(name: string, at: MouseEvent | Element): void {
    this.#store.update(openRefineMenu({ target: refineTargetFor(this.#state, name), at }));
  }

  #rowOf(row: TopRowModel, selected: ReadonlySet<string>): HTMLTableRowElement {
    const menuButton = h('button', {
      text: '⋯',
      attrs: { type: 'button', 'aria-haspopup': 'menu', 'aria-label': `Refine ${row.name}`, title: 'Refine…' },
      on: {
        click: (event) => {
          event.stopPropagation();
          this.#openMenu(row.name, menuButton);
        },
        keydown: (event) => {
          if (!isContextMenuKey(event)) return;
          event.preventDefault();
          this.#openMenu(row.name, menuButton);
        },
      },
    });
    const isSelected = selected.has(row.name);
    return h(
      'tr',
      {
        className: [row.matched === true ? 'matched' : '', isSelected ? 'selected' : ''].join(' ').trim(),
        attrs: { 'aria-selected': String(isSelected), 'data-name': row.name },
        on: {
          click: (event) => {
            // Selecting text in a row is not a click on it.
            if (event.button === 0 && (window.getSelection()?.toString() ?? '') === '')
              this.#select(toggleSelected(this.#state, row.name));
          },
          contextmenu: (event) => {
            event.preventDefault();
            this.#select(selectForMenu(this.#state, row.name));
            this.#openMenu(row.name, event);
          },
        },
      },
      ...cellsOf(row, this.#state.sortByName).map((text, i) =>
        h('td', { className: i === 5 ? 'name' : 'numeric', text }),
      ),
      h('td', { className: 'actions' }, menuButton),
    );
  }

  #render(): void {
    const { data } = this.#state;
    if (data === undefined) return;
    const active = activeColumn(this.#state);
    HEADERS.forEach((header, i) => {
      const cell = this.#headerCells[i]!;
      if (header.column === active) cell.setAttribute('aria-sort', active === 'name' ? 'ascending' : 'descending');
      else cell.removeAttribute('aria-sort');
    });
    const selected = new Set(this.#state.selected);
    this.#body.replaceChildren(...rowsOf(this.#state).map((row) => this.#rowOf(row, selected)));
    this.#status.textContent = statusText(data);
    this.#store.update(setSearchStatus(searchStatusText(this.#state)));
    this.#section.dataset.loaded = 'true';
  }
}

export const mountTopView: ViewFactory = (container, context) => new TopView(container, context);
