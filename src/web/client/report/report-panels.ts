// The offline report's text panels: Top as `go tool pprof -top` prints it (legend, then flat,
// flat%, sum%, cum, cum%, name), the capture's details, its advice and what the report left out.

import type { ReportProfileModel, ReportSampleView } from '../../report/offline-report-model.js';
import { h } from '../dom.js';
import type { GoRegexp } from '../search-regexp.js';

/** Top's table; rows whose name matches `search` are marked. */
export function renderTop(view: ReportSampleView, search: GoRegexp | undefined): HTMLElement {
  const header = ['flat', 'flat%', 'sum%', 'cum', 'cum%'].map((label) =>
    h('th', { className: 'numeric', text: label, attrs: { scope: 'col' } }),
  );
  const rows = view.topRows.map(([name, inlineLabel, flat, flatPercent, sumPercent, cum, cumPercent]) => {
    const fullName = inlineLabel === '' ? name : `${name} ${inlineLabel}`;
    const numbers = [flat, flatPercent, sumPercent, cum, cumPercent].map((text) =>
      h('td', { className: 'numeric', text }),
    );
    const matched = search?.test(name) === true;
    return h('tr', matched ? { className: 'matched' } : {}, ...numbers, h('td', { className: 'name', text: fullName }));
  });
  return h(
    'section',
    { className: 'top-pane' },
    h('pre', { className: 'legend', id: 'top-legend', text: view.topLegend.join('\n') }),
    h(
      'table',
      { className: 'top-table', id: 'top-table' },
      h('thead', {}, h('tr', {}, ...header, h('th', { className: 'name', text: 'name', attrs: { scope: 'col' } }))),
      h('tbody', {}, ...rows),
    ),
  );
}

/** A term and its description, left out when there is no value. */
function fact(term: string, value: string | undefined): HTMLElement[] {
  return value === undefined || value === '' ? [] : [h('dt', { text: term }), h('dd', { text: value })];
}

/** The capture's facts, every sample type's total, and what this view of the report leaves out. */
export function renderDetails(profile: ReportProfileModel, view: ReportSampleView): HTMLElement {
  const { details } = profile;
  const totals = details.totals.map((total) => `${total.type}: ${total.text}`).join(', ');
  return h(
    'section',
    { className: 'details-pane', id: 'details' },
    h(
      'dl',
      {},
      ...fact('File', profile.name),
      ...fact('Type', profile.type),
      ...fact('Source', profile.source),
      ...fact('Captured', profile.capturedAt),
      ...fact('Time', details.time),
      ...fact('Duration', details.duration),
      ...fact('Period', details.period),
      ...fact('Samples', String(details.sampleCount)),
      ...fact('Totals', totals),
      ...fact('Truncated stacks', details.truncatedStacks),
    ),
    renderAdvice(profile.advice),
    h('h2', { text: 'Left out of this report' }),
    view.omitted.length === 0
      ? h('p', { id: 'omitted', text: 'Nothing: the flame graph holds every frame of this sample type.' })
      : h('ul', { id: 'omitted' }, ...view.omitted.map((sentence) => h('li', { text: sentence }))),
  );
}

/** The capture's advice, one sentence each; a sentence saying there is none otherwise. */
export function renderAdvice(advice: readonly string[]): HTMLElement {
  return h(
    'section',
    { className: 'advice', id: 'advice' },
    h('h2', { text: 'Advice' }),
    advice.length === 0
      ? h('p', { text: 'No advice for this capture.' })
      : h('ul', {}, ...advice.map((sentence) => h('li', { text: sentence }))),
  );
}
