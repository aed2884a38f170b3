// The Peek view (`/peek`): pprof's peek report as a table. For each function `f` selects (every
// function without one, as pprof's web UI), its callers above with the weight of each call and
// its share of the function's cum, the function's own row (flat, flat%, sum%, cum, cum%), and its
// callees below. Every name is a link that peeks at it, and opens the refine menu on right-click.
// Past a few hundred rows the entries come in pages (row-pages.ts), so `f=.` stays scrollable.

import type { OmittedModel, PeekCallModel, PeekEntryModel, PeekViewModel } from '../../view-models.js';
import { setSearchStatus } from '../app-state.js';
import { h } from '../dom.js';
import type { ViewState } from '../url-state.js';
import { functionLink } from './function-link.js';
import { omittedText, peekEntryRows, peekMatchedRows, peekNotes, peekSearchStatus } from './peek-state.js';
import { emptyStateOf, mountReportView } from './report-view-parts.js';
import { mountRowPager } from './row-pager.js';
import { splitIntoPages } from './row-pages.js';
import type { View, ViewContext, ViewFactory } from './view.js';
import './report-views.css';

const COLUMNS = ['Flat', 'Flat%', 'Sum%', 'Cum', 'Cum%', 'Calls', 'Calls%', 'Function (callers ↑, callees ↓)'];

export const mountPeekView: ViewFactory = (container, context): View => {
  const status = h('div', { className: 'report-status', attrs: { role: 'status' } });
  const table = h('table', { id: 'peektable', className: 'report-table peek-table' });
  const pager = mountRowPager('Functions');
  const section = h(
    'section',
    { className: 'peek-view', attrs: { 'aria-label': 'Peek' } },
    status,
    pager.element,
    table,
  );
  container.replaceChildren(section);
  const head = h(
    'thead',
    {},
    h(
      'tr',
      {},
      ...COLUMNS.map((label, i) =>
        h('th', { attrs: { scope: 'col' }, className: i < 7 ? 'numeric' : 'name', text: label }),
      ),
    ),
  );

  const render = (model: PeekViewModel, state: ViewState) => {
    pager.show(splitIntoPages(model.entries.map(peekEntryRows)), ({ start, end }) =>
      table.replaceChildren(head, ...model.entries.slice(start, end).map((entry) => entryBody(context, state, entry))),
    );
    table.hidden = model.entries.length === 0;
    status.replaceChildren(
      ...(model.entries.length === 0
        ? emptyStateOf(context, model.pattern)
        : peekNotes(model).map((text) => h('p', { text }))),
    );
    context.store.update(setSearchStatus(peekSearchStatus(state.search, peekMatchedRows(model))));
  };
  return mountReportView(container, context, {
    section,
    load: (query, signal) => context.api.peek(query, signal),
    render,
  });
};

/** One function's rows: callers, itself, callees (a tbody each, so the groups read apart). */
function entryBody(context: ViewContext, state: ViewState, entry: PeekEntryModel): HTMLTableSectionElement {
  const callRow = (call: PeekCallModel, kind: 'caller' | 'callee') =>
    h(
      'tr',
      { className: `peek-${kind}${call.matched === true ? ' matched' : ''}`, attrs: { 'data-name': call.name } },
      ...['', '', '', '', ''].map(() => h('td', { className: 'numeric' })),
      h('td', { className: 'numeric', text: call.weightText }),
      h('td', { className: 'numeric', text: call.percent }),
      h(
        'td',
        { className: 'name' },
        h('span', { className: 'peek-arrow', text: kind === 'caller' ? '↑ ' : '↓ ', attrs: { 'aria-hidden': 'true' } }),
        functionLink(context, state, call.name),
        call.inline ? h('span', { className: 'inline-mark', text: ' (inline)' }) : undefined,
      ),
    );
  const omittedRow = (omitted: OmittedModel | undefined, kind: 'callers' | 'callees') =>
    omitted === undefined
      ? undefined
      : h('tr', { className: 'peek-omitted' }, h('td', { attrs: { colspan: '8' }, text: omittedText(omitted, kind) }));
  const own = h(
    'tr',
    { className: `peek-function${entry.matched === true ? ' matched' : ''}`, attrs: { 'data-name': entry.name } },
    ...[entry.flatText, entry.flatPercent, entry.sumPercent, entry.cumText, entry.cumPercent].map((text) =>
      h('td', { className: 'numeric', text }),
    ),
    h('td', { className: 'numeric' }),
    h('td', { className: 'numeric' }),
    h(
      'th',
      { className: 'name', attrs: { scope: 'rowgroup' } },
      functionLink(context, state, entry.name),
      ' ',
      functionLink(context, state, entry.name, {
        route: 'source',
        text: 'source',
        className: 'source-link',
        label: `Source lines of ${entry.name}`,
      }),
    ),
  );
  return h(
    'tbody',
    { className: 'peek-entry', attrs: { 'data-name': entry.name } },
    ...entry.callers.map((call) => callRow(call, 'caller')),
    omittedRow(entry.omittedCallers, 'callers'),
    own,
    ...entry.callees.map((call) => callRow(call, 'callee')),
    omittedRow(entry.omittedCallees, 'callees'),
  );
}
