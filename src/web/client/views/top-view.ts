// The Top view: pprof's top table (flat, flat%, sum%, cum, cum%, name) with the engine's numbers
// formatted as `go tool pprof -top` prints them. Sorting by flat or cum is the `sort` option (the
// server orders the rows and sums sum% in that order, as `pprof -top -cum` does); sorting by name
// only reorders the rows, and then sum% would mean nothing, so it is left blank. Clicking rows
// selects them (as pprof's Top) for the header's Refine menu; right-click or a row's "⋯" button
// opens the refine menu for the selection (or that row).

import type { TopRowModel, TopViewModel } from '../../view-models.js';
import { h } from '../dom.js';
import { isContextMenuKey, openRefineMenu } from '../refine/refine-menu.js';
import { setRefineSelection } from '../refine/refine-selection.js';
import { optionsQuery, type ViewState } from '../url-state.js';
import { showWhenLoaded, viewQueryOf } from './report-view-parts.js';
import type { View, ViewFactory } from './view.js';

type Column = 'flat' | 'cum' | 'name';

interface HeaderCell {
  readonly label: string;
  readonly column: Column | undefined;
  readonly numeric: boolean;
}

const HEADERS: readonly HeaderCell[] = [
  { label: 'Flat', column: 'flat', numeric: true },
  { label: 'Flat%', column: 'flat', numeric: true },
  { label: 'Sum%', column: undefined, numeric: true },
  { label: 'Cum', column: 'cum', numeric: true },
  { label: 'Cum%', column: 'cum', numeric: true },
  { label: 'Name', column: 'name', numeric: false },
];

export const mountTopView: ViewFactory = (container, context, initial): View => {
  let state: ViewState = initial;
  let sortByName = false;
  let loadedKey: string | undefined;
  let data: TopViewModel | undefined;
  let request: AbortController | undefined;
  let loadedOptions: string | undefined;
  /** Selected rows by name, in the order they were picked. */
  const selected = new Set<string>();

  const headerCells = HEADERS.map((header) => {
    const th = h('th', { attrs: { scope: 'col' }, className: header.numeric ? 'numeric' : 'name' });
    if (header.column === undefined) {
      th.textContent = header.label;
    } else {
      const column = header.column;
      const button = h('button', { attrs: { type: 'button', 'data-sort': column }, text: header.label });
      button.addEventListener('click', () => {
        if (column === 'name') {
          sortByName = true;
          render();
        } else {
          sortByName = false;
          if (state.options.sort === column) render();
          else context.navigate({ options: { sort: column } });
        }
      });
      th.append(button);
    }
    return th;
  });
  const body = h('tbody');
  const actionsHeader = h(
    'th',
    { className: 'actions', attrs: { scope: 'col' } },
    h('span', { className: 'visually-hidden', text: 'Actions' }),
  );
  const table = h(
    'table',
    { id: 'toptable', className: 'top-table', attrs: { 'aria-multiselectable': 'true' } },
    h('thead', {}, h('tr', {}, ...headerCells, actionsHeader)),
    body,
  );
  const refineTargetOf = (name: string) => ({ names: selected.has(name) ? [...selected] : [name] });
  const toggle = (row: HTMLTableRowElement, name: string) => {
    if (selected.has(name)) selected.delete(name);
    else selected.add(name);
    row.classList.toggle('selected', selected.has(name));
    row.setAttribute('aria-selected', String(selected.has(name)));
    setRefineSelection([...selected]);
  };
  const status = h('p', { className: 'top-status', attrs: { role: 'status' } });
  const section = h('section', { className: 'top-view', attrs: { 'aria-label': 'Top' } }, status, table);
  container.replaceChildren(section);

  const render = () => {
    if (data === undefined) return;
    const active: Column = sortByName ? 'name' : state.options.sort;
    HEADERS.forEach((header, i) => {
      const cell = headerCells[i]!;
      if (header.column === active) cell.setAttribute('aria-sort', active === 'name' ? 'ascending' : 'descending');
      else cell.removeAttribute('aria-sort');
    });
    const rows: readonly TopRowModel[] = sortByName
      ? [...data.rows].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      : data.rows;
    const cells = (row: TopRowModel) => [
      row.flatText,
      row.flatPercent,
      sortByName ? '' : row.sumPercent,
      row.cumText,
      row.cumPercent,
      row.inlineLabel === '' ? row.name : `${row.name} ${row.inlineLabel}`,
    ];
    body.replaceChildren(
      ...rows.map((row) => {
        const isSelected = selected.has(row.name);
        const menuButton = h('button', {
          text: '⋯',
          attrs: { type: 'button', 'aria-haspopup': 'menu', 'aria-label': `Refine ${row.name}`, title: 'Refine…' },
        });
        const tr = h(
          'tr',
          {
            className: [row.matched === true ? 'matched' : '', isSelected ? 'selected' : ''].join(' ').trim(),
            attrs: { 'aria-selected': String(isSelected), 'data-name': row.name },
          },
          ...cells(row).map((text, i) => h('td', { className: i === 5 ? 'name' : 'numeric', text })),
          h('td', { className: 'actions' }, menuButton),
        );
        menuButton.addEventListener('click', (event) => {
          event.stopPropagation();
          openRefineMenu({ target: refineTargetOf(row.name), at: menuButton });
        });
        menuButton.addEventListener('keydown', (event) => {
          if (!isContextMenuKey(event)) return;
          event.preventDefault();
          openRefineMenu({ target: refineTargetOf(row.name), at: menuButton });
        });
        tr.addEventListener('click', (event) => {
          // Selecting text in a row is not a click on it.
          if (event.button === 0 && (window.getSelection()?.toString() ?? '') === '') toggle(tr, row.name);
        });
        tr.addEventListener('contextmenu', (event) => {
          event.preventDefault();
          if (!selected.has(row.name)) {
            // As in file managers: a right-click outside the selection acts on that row alone.
            selected.clear();
            for (const other of body.querySelectorAll('tr.selected')) {
              other.classList.remove('selected');
              other.setAttribute('aria-selected', 'false');
            }
            toggle(tr, row.name);
          }
          openRefineMenu({ target: refineTargetOf(row.name), at: event });
        });
        return tr;
      }),
    );
    status.textContent =
      data.rows.length === 0 ? 'No nodes to show: the total is 0 or every node was filtered out.' : '';
    const matched = data.rows.filter((row) => row.matched === true).length;
    context.setSearchStatus(state.search === '' ? '' : `${matched} of ${data.rows.length} rows match`);
    section.dataset.loaded = 'true';
  };

  const update = (next: ViewState) => {
    const sortChanged = next.options.sort !== state.options.sort;
    state = next;
    if (sortChanged) sortByName = false;
    const key = viewQueryOf(state);
    if (key === loadedKey) {
      render();
      return;
    }
    request?.abort();
    request = new AbortController();
    showWhenLoaded(section, context, context.api.top(key, request.signal), (result) => {
      const options = optionsQuery(state.options);
      if (options !== loadedOptions) {
        // Other options, other rows: the selection is about rows that may be gone.
        selected.clear();
        setRefineSelection([]);
      }
      loadedKey = key;
      loadedOptions = options;
      data = result;
      render();
    });
  };
  update(initial);

  return {
    update,
    destroy: () => {
      request?.abort();
      setRefineSelection([]);
      container.replaceChildren();
    },
  };
};
