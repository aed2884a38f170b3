// The Replicas view (`/replicas`, a session of several replicas): one row per replica, the odd one
// first, with its total, its distance to the others and the functions that make it odd; each
// row's name links to that replica's own viewer. Drawn from `/api/replicas` as the query returns
// it (replicas-state.ts).

import type { ReplicaReportModel } from '../../view-models.js';
import { h } from '../dom.js';
import type { ViewState } from '../url-state.js';
import { mountReportView } from './report-view-parts.js';
import { replicaRowsOf, type ReplicaRowView } from './replicas-state.js';
import type { View, ViewFactory } from './view.js';
import './report-views.css';
import './replicas.css';

const COLUMNS = ['Replica', 'Total', 'Distance', 'Odd functions (share here, in the others)'];

export const mountReplicasView: ViewFactory = (container, context): View => {
  const table = h('table', { id: 'replicatable', className: 'report-table replicas-table' });
  const section = h('section', { className: 'replicas-view', attrs: { 'aria-label': 'Replicas' } }, table);
  container.replaceChildren(section);
  const head = h(
    'thead',
    {},
    h(
      'tr',
      {},
      ...COLUMNS.map((label, i) =>
        h('th', { attrs: { scope: 'col' }, className: i === 1 || i === 2 ? 'numeric' : 'name', text: label }),
      ),
    ),
  );
  const render = (model: ReplicaReportModel, state: ViewState) => {
    const rows = replicaRowsOf(model, state, context.store.get().location.basePath);
    table.replaceChildren(head, h('tbody', {}, ...rows.map(rowOf)));
  };
  return mountReportView(container, context, {
    section,
    load: async (query, signal) => context.api.replicas(query, signal),
    render,
  });
};

function rowOf(row: ReplicaRowView): HTMLTableRowElement {
  // A plain link: the replica's viewer is a page of its own (its API lives under its path).
  const odd = h('ul', { className: 'odd-functions' }, ...row.oddFunctions.map((text) => h('li', { text })));
  return h(
    'tr',
    { attrs: { 'data-replica': row.name } },
    h('th', { className: 'name', attrs: { scope: 'row' } }, h('a', { text: row.name, attrs: { href: row.href } })),
    h('td', { className: 'numeric', text: row.totalText }),
    h('td', { className: 'numeric', text: row.distanceText }),
    h('td', { className: 'name' }, odd, row.moreText !== '' && h('p', { text: row.moreText })),
  );
}
