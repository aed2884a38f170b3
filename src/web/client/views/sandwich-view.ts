// The Sandwich view (`/sandwich`): the profile's functions on the left (the engine's Top, by cum),
// and for the selected one (`p`, the same parameter the flame graph pivots on) its callers
// above and its callees below. Clicking a caller or callee makes it the new center; back
// returns to the previous one.

import type { TopRowModel, TopViewModel } from '../../view-models.js';
import { h } from '../dom.js';
import { exactNamesRegexp } from '../refine/apply-refine.js';
import { openRefineMenu } from '../refine/refine-menu.js';
import { setRefineSelection } from '../refine/refine-selection.js';
import { optionsQuery, type ViewState } from '../url-state.js';
import { mountPivotPair } from './pivot-flame-view.js';
import { isAbort, messageOf, type View, type ViewFactory } from './view.js';

export const mountSandwichView: ViewFactory = (container, context, initial): View => {
  let state = initial;
  let rows: readonly TopRowModel[] = [];
  let listQuery: string | undefined;
  let request: AbortController | undefined;

  const filter = h('input', {
    id: 'sandwich-filter',
    attrs: {
      type: 'search',
      placeholder: 'Filter functions',
      'aria-label': 'Filter the function list',
      autocomplete: 'off',
    },
  });
  const list = h('ol', { id: 'sandwich-functions', attrs: { 'aria-label': 'Functions by cumulative value' } });
  const prompt = h('p', { className: 'flame-message', attrs: { role: 'status' } });
  const pair = mountPivotPair(context, 'repivot');
  const section = h(
    'section',
    { className: 'sandwich-view', attrs: { 'aria-label': 'Sandwich' } },
    h('div', { className: 'sandwich-list' }, filter, list),
    h('div', { className: 'sandwich-main' }, prompt, pair.element),
  );
  container.replaceChildren(section);

  const renderList = () => {
    const needle = filter.value.toLowerCase();
    const shown = rows.filter((row) => needle === '' || row.name.toLowerCase().includes(needle));
    list.replaceChildren(
      ...shown.map((row) => {
        const pivot = exactNamesRegexp([row.name]);
        const link = h(
          'a',
          {
            attrs: {
              href: context.hrefOf({ options: { pivot } }),
              'aria-current': String(state.options.pivot === pivot),
              'data-name': row.name,
            },
          },
          h('span', { className: 'fn-name', text: row.name }),
          h('span', { className: 'fn-value', text: `${row.cumText} (${row.cumPercent})` }),
        );
        link.addEventListener('click', (event) => {
          if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
          event.preventDefault();
          context.navigate({ options: { pivot } });
        });
        link.addEventListener('contextmenu', (event) => {
          event.preventDefault();
          openRefineMenu({ target: { names: [row.name] }, at: event });
        });
        return h('li', {}, link);
      }),
    );
  };
  filter.addEventListener('input', renderList);

  const loadList = () => {
    // The list is every function of the current options (the pivot changes nothing in Top).
    const query = optionsQuery({ ...state.options, pivot: '', sort: 'cum' });
    if (query === listQuery) {
      renderList();
      return;
    }
    request?.abort();
    request = new AbortController();
    context.api.top(query, request.signal).then(
      (top: TopViewModel) => {
        listQuery = query;
        rows = top.rows;
        if (state.options.pivot === '') context.setLegend(top.legend);
        renderList();
        section.dataset.loaded = 'true';
      },
      (error: unknown) => {
        if (!isAbort(error)) context.showError(messageOf(error));
      },
    );
  };

  const update = (next: ViewState) => {
    state = next;
    const pivot = next.options.pivot;
    prompt.textContent =
      pivot === ''
        ? 'Pick a function on the left (or “Sandwich” in any right-click menu) to see its callers and callees.'
        : '';
    setRefineSelection([]);
    pair.update(next);
    loadList();
  };
  update(initial);

  return {
    update,
    destroy: () => {
      request?.abort();
      pair.destroy();
      container.replaceChildren();
    },
  };
};
