// The details panel under the header: what the current view shows (pprof's legend lines, with
// what was dropped or not drawn), the profile (type, time, duration, period, samples, totals per
// sample type), and the capture (source, stored file, when, and the session's expiry countdown).

import type { ProfileSummary } from '../view-models.js';
import { h } from './dom.js';
import { WARN_BEFORE_MS, formatRemaining, startCountdown } from './expiry-countdown.js';

export interface DetailsPanel {
  /** The header's toggle, titled after the legend (`gotarget inuse_space ▾`, as pprof's). */
  readonly button: HTMLButtonElement;
  readonly panel: HTMLElement;
  /** A header badge that appears in the session's last minutes, and when it has expired. */
  readonly badge: HTMLElement;
  setLegend(lines: readonly string[]): void;
  toggle(): void;
}

function definitionList(className: string, rows: readonly (readonly [string, string | HTMLElement])[]): HTMLElement {
  const list = h('dl', { className });
  for (const [term, value] of rows) list.append(h('dt', { text: term }), h('dd', {}, value));
  return list;
}

export function mountDetailsPanel(summary: ProfileSummary): DetailsPanel {
  const button = h('button', {
    id: 'details-button',
    attrs: { type: 'button', 'aria-expanded': 'false', 'aria-controls': 'details' },
    text: 'Details',
  });
  const legendList = h('ul', { className: 'legend' });
  const { details } = summary;
  const profileRows: [string, string][] = [['Profile type', summary.type]];
  for (const total of details.totals) {
    profileRows.push([`Total ${total.type}`, `${total.text}${total.unit === '' ? '' : ` (${total.unit})`}`]);
  }
  if (details.time !== undefined) profileRows.push(['Time', details.time]);
  if (details.duration !== undefined) profileRows.push(['Duration', details.duration]);
  if (details.period !== undefined) profileRows.push(['Period', details.period]);
  profileRows.push(['Samples', String(details.sampleCount)]);
  if (details.truncatedStacks !== undefined) profileRows.push(['Truncated stacks', details.truncatedStacks]);
  for (const comment of summary.comments) profileRows.push(['Comment', comment]);

  const countdown = h('span', { id: 'expiry-countdown' });
  const badge = h('span', { id: 'expiry-badge', attrs: { role: 'status' } });
  badge.hidden = true;
  const captureRows: [string, string | HTMLElement][] = [
    ['Source', summary.source],
    ['Stored as', summary.file],
    ['Captured', summary.capturedAt],
    ['Session', countdown],
  ];

  const panel = h(
    'section',
    { id: 'details', attrs: { 'aria-label': 'Profile details' } },
    h('div', { className: 'details-column' }, h('h2', { text: 'This view' }), legendList),
    h(
      'div',
      { className: 'details-column' },
      h('h2', { text: 'Profile' }),
      definitionList('profile-facts', profileRows),
    ),
    h('div', { className: 'details-column' }, h('h2', { text: 'Capture' }), definitionList('capture', captureRows)),
  );
  panel.hidden = true;
  const toggle = () => {
    panel.hidden = !panel.hidden;
    button.setAttribute('aria-expanded', String(!panel.hidden));
  };
  button.addEventListener('click', toggle);

  if (summary.expiresInMs === undefined || summary.expiresAt === undefined) {
    countdown.textContent = 'no expiry (this viewer was not opened by the processor)';
  } else {
    const at = summary.expiresAt;
    startCountdown(summary.expiresInMs, (remainingMs) => {
      const text = formatRemaining(remainingMs);
      countdown.textContent = remainingMs === 0 ? `expired at ${at}` : `expires in ${text} (at ${at})`;
      countdown.dataset.remainingMs = String(remainingMs);
      badge.hidden = remainingMs > WARN_BEFORE_MS;
      badge.textContent = remainingMs === 0 ? 'Session expired' : `Closes in ${text}`;
      badge.classList.toggle('expired', remainingMs === 0);
    });
  }

  return {
    button,
    panel,
    badge,
    toggle,
    setLegend(lines) {
      legendList.replaceChildren(...lines.map((line) => h('li', { text: line })));
      // pprof titles its details box "<file> <type>" from the same legend lines.
      const legendValue = (prefix: string) => lines.find((line) => line.startsWith(prefix))?.slice(prefix.length);
      const title = [legendValue('File: '), legendValue('Type: ')].filter((part) => part !== undefined).join(' ');
      button.textContent = title === '' ? 'Details' : `${title} ▾`;
    },
  };
}
