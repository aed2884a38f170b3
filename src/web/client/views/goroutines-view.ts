// The Goroutines view (`/goroutines`, a session whose capture has a goroutine dump beside it): one
// row per group of goroutines with the same stack and state, likely leaks first; each row opens to
// its stack and links to the flame graph zoomed there. A state filter, the search box (`q`), and a
// stored dump of the same target to compare with (`base`, the Diff menu's): the groups that grew first.

import type { GoroutineReportModel } from '../../goroutine-view-model.js';
import { appLink } from '../app-link.js';
import { h } from '../dom.js';
import { compileSearchLazily } from '../load-search-regexp.js';
import type { GoRegexp } from '../search-regexp.js';
import { ALL_STATES, goroutineRowsOf, statesOf, type GoroutineRowView } from './goroutines-state.js';
import { mountReportView } from './report-view-parts.js';
import type { View, ViewContext, ViewFactory } from './view.js';
import './report-views.css';
import './goroutines.css';

export const mountGoroutinesView: ViewFactory = (container, context): View => {
  const stateSelect = h('select', { id: 'goroutine-state', attrs: { 'aria-label': 'State' } });
  const baseSelect = h('select', { id: 'goroutine-base', attrs: { 'aria-label': 'Compare with' } });
  const status = h('p', { id: 'goroutine-status', className: 'goroutine-status', attrs: { 'aria-live': 'polite' } });
  const table = h('table', { id: 'goroutinetable', className: 'report-table goroutines-table' });
  const toolbar = h(
    'div',
    { className: 'goroutine-toolbar' },
    h('label', {}, 'State ', stateSelect),
    h('label', {}, 'Compare with ', baseSelect),
    status,
  );
  const section = h('section', { className: 'goroutines-view', attrs: { 'aria-label': 'Goroutines' } }, toolbar, table);
  container.replaceChildren(section);
  let shown: { model: GoroutineReportModel; search: GoRegexp | undefined } | undefined;
  const draw = () => {
    if (shown === undefined) return;
    const rows = goroutineRowsOf(shown.model, shown.search, stateSelect.value);
    const total = rows.reduce((sum, row) => sum + row.group.count, 0);
    status.textContent = `${rows.length} of ${shown.model.groups.length} groups, ${total} goroutines`;
    table.replaceChildren(
      headOf(shown.model.base !== undefined),
      h('tbody', {}, ...rows.flatMap((row) => rowsOf(row, context))),
    );
  };
  stateSelect.addEventListener('change', draw);
  baseSelect.addEventListener('change', () => context.navigate({ options: { base: baseSelect.value } }));
  const render = ({ model, search }: LoadedGoroutines) => {
    const kept = stateSelect.value;
    stateSelect.replaceChildren(
      h('option', { text: 'every state', attrs: { value: ALL_STATES } }),
      ...statesOf(model).map((name) => h('option', { text: name, attrs: { value: name } })),
    );
    stateSelect.value = statesOf(model).includes(kept) ? kept : ALL_STATES;
    baseSelect.replaceChildren(
      h('option', { text: model.bases.length === 0 ? 'no other stored dump' : 'nothing', attrs: { value: '' } }),
      ...model.bases.map((base) => h('option', { text: base.capturedAt, attrs: { value: base.file } })),
    );
    baseSelect.value = model.base ?? '';
    baseSelect.disabled = model.bases.length === 0;
    shown = { model, search };
    draw();
  };
  const view = mountReportView(container, context, {
    section,
    // A pattern Go refuses fails the load, shown as the server's refusals of `q` are.
    load: async (query, signal) => {
      const [model, search] = await Promise.all([
        context.api.goroutines(query, signal),
        compileSearchLazily(new URLSearchParams(query).get('q') ?? ''),
      ]);
      return { model, search, legend: model.legend };
    },
    render,
  });
  return view;
};

/** The dump's groups and the search `q` compiled, as the page filters them. */
interface LoadedGoroutines {
  readonly model: GoroutineReportModel;
  readonly search: GoRegexp | undefined;
  readonly legend: readonly string[];
}

function headOf(compared: boolean): HTMLTableSectionElement {
  const labels = ['#', 'Goroutines', ...(compared ? ['Growth'] : []), 'State', 'Waiting', 'Waits in', 'Created by', ''];
  return h('thead', {}, h('tr', {}, ...labels.map((text) => h('th', { attrs: { scope: 'col' }, text }))));
}

/** A group's row and, below it, its stack (hidden until the row's toggle opens it). */
function rowsOf(row: GoroutineRowView, context: ViewContext): HTMLTableRowElement[] {
  const { group } = row;
  const stack = h('tr', { className: 'goroutine-stack' }, h('td', { attrs: { colspan: '8' } }, stackOf(row)));
  stack.hidden = true;
  const toggle = h('button', {
    className: 'goroutine-toggle',
    text: '▸',
    attrs: { type: 'button', 'aria-expanded': 'false', 'aria-label': `Stack of group ${row.rank}` },
  });
  toggle.addEventListener('click', () => {
    stack.hidden = !stack.hidden;
    toggle.textContent = stack.hidden ? '▸' : '▾';
    toggle.setAttribute('aria-expanded', String(!stack.hidden));
  });
  const compared = group.growth !== undefined;
  const main = h(
    'tr',
    { className: group.blocked ? 'goroutine-group blocked' : 'goroutine-group', attrs: { 'data-key': group.key } },
    h('td', { className: 'numeric' }, toggle, ` ${row.rank}`),
    h('td', { className: 'numeric count', text: row.countText }),
    compared && h('td', { className: 'numeric growth', text: row.growthText }),
    h('td', { className: 'state', text: group.state + (group.lockedToThread > 0 ? ' (locked to thread)' : '') }),
    h('td', { className: 'waits', text: group.count === 0 ? '' : group.waitsText }),
    h('td', { className: 'name top-frame', text: row.topFrame }),
    h('td', { className: 'name created-by', text: row.createdByText }),
    h('td', {}, row.flame === undefined ? '' : appLink(context, row.flame, 'flame graph', { class: 'flame-link' })),
  );
  return [main, stack];
}

function stackOf(row: GoroutineRowView): HTMLElement {
  const { group } = row;
  const lines = group.frames.map((frame) => frameItem(frame.function, frame.where));
  if (group.framesElided) lines.push(h('li', { className: 'elided', text: '…additional frames elided… (by Go)' }));
  return h(
    'div',
    { className: 'goroutine-stack-body' },
    h('ol', { className: 'frames' }, ...lines),
    group.createdBy !== undefined &&
      h('p', { className: 'created' }, 'created by ', frameText(group.createdBy.function, group.createdBy.where)),
    h('p', { className: 'ids', text: `goroutines: ${row.idsText}` }),
  );
}

function frameItem(fn: string, where: string): HTMLLIElement {
  return h('li', {}, frameText(fn, where));
}

function frameText(fn: string, where: string): HTMLElement {
  return h(
    'span',
    {},
    h('code', { className: 'function', text: fn }),
    ' ',
    h('span', { className: 'where', text: where }),
  );
}
