// The Source view (`/source`): for each function `f` selects, its file:line rows that received
// samples, by line, with pprof -list's flat and cum and the function's totals. A processor's viewer
// has the profile, not the program's source files, so only line numbers and weights are shown;
// `go-profiler view --source-path` also sends -list's code lines, shown as text (never markup) with
// the lines that received samples highlighted, as pprof's web source view. Past a few hundred
// rows the functions come in pages (row-pages.ts), so `f=.` stays scrollable.

import type { SourceCodeLineModel, SourceRoutineModel, SourceViewModel } from '../../view-models.js';
import { setSearchStatus } from '../app-state.js';
import { h } from '../dom.js';
import type { ViewState } from '../url-state.js';
import { functionLink } from './function-link.js';
import { emptyStateOf, mountReportView } from './report-view-parts.js';
import { splitIntoPages } from './row-pages.js';
import { mountRowPager } from './row-pager.js';
import { baseName, sourceNote, sourceNotes, sourceRoutineRows, sourceSearchStatus } from './source-state.js';
import type { View, ViewContext, ViewFactory } from './view.js';
import './report-views.css';

export const mountSourceView: ViewFactory = (container, context): View => {
  const note = h('p', { className: 'source-note', text: sourceNote(false) });
  const status = h('div', { className: 'report-status', attrs: { role: 'status' } });
  const list = h('div', { className: 'source-routines' });
  const pager = mountRowPager('Functions');
  const section = h(
    'section',
    { className: 'source-view', attrs: { 'aria-label': 'Source' } },
    note,
    status,
    pager.element,
    list,
  );
  container.replaceChildren(section);

  const render = (model: SourceViewModel, state: ViewState) => {
    note.textContent = sourceNote(model.readsSources);
    pager.show(splitIntoPages(model.routines.map(sourceRoutineRows)), ({ start, end }) =>
      list.replaceChildren(...model.routines.slice(start, end).map((routine) => routineBlock(context, state, routine))),
    );
    status.replaceChildren(
      ...(model.routines.length === 0
        ? emptyStateOf(context, model.pattern)
        : sourceNotes(model).map((text) => h('p', { text }))),
    );
    context.store.update(setSearchStatus(sourceSearchStatus(state.search, model)));
  };
  return mountReportView(container, context, {
    section,
    load: (query, signal) => context.api.source(query, signal),
    render,
  });
};

/** pprof's ROUTINE block: the function and file, its totals, its weighted lines. */
function routineBlock(context: ViewContext, state: ViewState, routine: SourceRoutineModel): HTMLElement {
  const heading = h(
    'h3',
    { className: 'routine-heading' },
    functionLink(context, state, routine.function, { label: `Peek at ${routine.function}` }),
    h('span', { className: 'routine-file', text: ` in ${routine.file}` }),
  );
  const summary = h('p', {
    className: 'routine-summary',
    text: `flat ${routine.flatText}, cum ${routine.cumText} (${routine.cumPercent} of Total)`,
  });
  const parts: HTMLElement[] = [heading, summary];
  if (routine.code.length > 0) parts.push(codeTable(routine));
  else {
    if (routine.sourceError !== undefined)
      parts.push(h('p', { className: 'source-error', text: `Code not shown: ${routine.sourceError}` }));
    parts.push(weightedLinesTable(routine));
  }
  return h(
    'section',
    {
      className: `source-routine${routine.matched === true ? ' matched' : ''}`,
      attrs: { 'data-function': routine.function, 'data-file': routine.file },
    },
    ...parts,
  );
}

/** The column heads: numbers right-aligned, the last column (line or code) left. */
const columnHeads = (...names: string[]) =>
  h(
    'thead',
    {},
    h(
      'tr',
      {},
      ...names.map((name, index) =>
        h('th', { className: index < names.length - 1 ? 'numeric' : 'name', attrs: { scope: 'col' }, text: name }),
      ),
    ),
  );

/** -list's lines with their code: flat, cum, line number, the line's text (tabs kept). */
function codeTable(routine: SourceRoutineModel): HTMLElement {
  const row = (line: SourceCodeLineModel) => {
    const tr = h(
      'tr',
      { className: line.flat !== 0 || line.cum !== 0 ? 'hot' : '' },
      h('td', { className: 'numeric', text: line.flatText }),
      h('td', { className: 'numeric', text: line.cumText }),
      h('td', { className: 'numeric line-number', text: String(line.line) }),
      h('td', { className: 'code', text: line.text }),
    );
    tr.dataset.line = String(line.line);
    return tr;
  };
  return h(
    'table',
    {
      className: 'report-table source-table source-code',
      attrs: { 'aria-label': `Code of ${routine.function} in ${routine.file}` },
    },
    columnHeads('Flat', 'Cum', 'Line', 'Code'),
    h('tbody', {}, ...routine.code.map(row)),
  );
}

/** The lines with samples as file:line rows, when there is no code to show. */
function weightedLinesTable(routine: SourceRoutineModel): HTMLElement {
  const file = baseName(routine.file);
  const row = (cells: readonly string[], className = '') =>
    h(
      'tr',
      { className },
      h('td', { className: 'numeric', text: cells[0] }),
      h('td', { className: 'numeric', text: cells[1] }),
      h('td', { className: 'name', text: cells[2] }),
    );
  return h(
    'table',
    {
      className: 'report-table source-table',
      attrs: { 'aria-label': `Lines of ${routine.function} in ${routine.file}` },
    },
    columnHeads('Flat', 'Cum', 'Line'),
    h(
      'tbody',
      {},
      ...routine.lines.map((line) => {
        const tr = row([line.flatText, line.cumText, `${file}:${line.line}`]);
        tr.dataset.line = String(line.line);
        tr.title = `${routine.file}:${line.line}`;
        return tr;
      }),
    ),
    h('tfoot', {}, row([routine.flatText, routine.cumText, 'total'], 'routine-total')),
  );
}
