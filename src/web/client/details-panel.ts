// The details panel under the header: what the current view shows (pprof's legend lines, with
// what was dropped or not drawn), the profile (type, time, duration, period, samples, totals per
// sample type), and the capture (source, stored file, when, and the session's expiry countdown).
// The legend and whether the panel is open are the store's; the texts are details-state.ts's.

import type { ProfileSummary } from '../view-models.js';
import { toggleDetails, type AppState } from './app-state.js';
import {
  adviceMarkTexts,
  adviceParts,
  capturedTexts,
  countdownTexts,
  detailsTitle,
  profileFacts,
} from './details-state.js';
import { h } from './dom.js';
import { startCountdown } from './expiry-countdown.js';
import { watch, type Store } from './store.js';
import { parseLocation } from './url-state.js';

export interface DetailsPanel {
  /** The header's toggle, titled after the legend (`gotarget inuse_space ▾`, as pprof's). */
  readonly button: HTMLButtonElement;
  readonly panel: HTMLElement;
  /** A header badge that appears in the session's last minutes, and when it has expired. */
  readonly badge: HTMLElement;
  /** A header mark when the capture has preflight advice: a click opens the panel at it. */
  readonly adviceMark: HTMLElement | false;
}

/** Where the viewer's goroutine analyser is named in advice (query/advice/'s GOROUTINE_ANALYSER_PATH). */
const ANALYSER_PATH = '/goroutines';

/** The Advice column: one item a sentence, the goroutine analyser linked under this session's base path. */
function adviceList(advice: readonly string[]): HTMLElement {
  const { basePath } = parseLocation(location.pathname, '');
  const items = advice.map((sentence) =>
    h(
      'li',
      {},
      ...adviceParts(sentence, ANALYSER_PATH).map((part) =>
        typeof part === 'string' ? part : h('a', { text: part.link, attrs: { href: `${basePath}goroutines` } }),
      ),
    ),
  );
  return h('ul', { id: 'advice', className: 'advice' }, ...items);
}

/** The header's mark for the advice; false when there is none. */
function adviceMarkOf(store: Store<AppState>, advice: readonly string[]): HTMLElement | false {
  if (advice.length === 0) return false;
  const { text, title } = adviceMarkTexts(advice);
  return h('button', {
    id: 'advice-mark',
    text,
    attrs: { type: 'button', title, 'aria-controls': 'details' },
    on: {
      click: () => {
        if (!store.get().detailsOpen) store.update(toggleDetails);
        document.getElementById('advice')?.scrollIntoView({ block: 'nearest' });
      },
    },
  });
}

function definitionList(className: string, rows: readonly (readonly [string, string | HTMLElement])[]): HTMLElement {
  const list = h('dl', { className });
  for (const [term, value] of rows) list.append(h('dt', { text: term }), h('dd', {}, value));
  return list;
}

/** The profile's time and, on its own line, when go-profiler received it (details-state.ts). */
function capturedFact(summary: ProfileSummary): HTMLElement {
  const texts = capturedTexts(summary);
  const fact = h('span', { className: 'captured' });
  if (texts.profileTime !== undefined) fact.append(h('span', { className: 'profile-time', text: texts.profileTime }));
  fact.append(h('span', { className: 'capture-time', text: texts.received }));
  return fact;
}

/** Counts the session down in the Session fact and the header badge. */
function runCountdown(summary: ProfileSummary, countdown: HTMLElement, badge: HTMLElement): void {
  if (summary.expiresInMs === undefined || summary.expiresAt === undefined) {
    countdown.textContent = 'no expiry (this viewer was not opened by the processor)';
    return;
  }
  const at = summary.expiresAt;
  startCountdown(summary.expiresInMs, (remainingMs) => {
    const texts = countdownTexts(remainingMs, at);
    countdown.textContent = texts.session;
    countdown.dataset.remainingMs = String(remainingMs);
    badge.hidden = !texts.badgeShown;
    badge.textContent = texts.badge;
    badge.classList.toggle('expired', texts.expired);
  });
}

export function mountDetailsPanel(store: Store<AppState>, summary: ProfileSummary): DetailsPanel {
  const button = h('button', {
    id: 'details-button',
    attrs: { type: 'button', 'aria-expanded': 'false', 'aria-controls': 'details' },
    text: 'Details',
    on: { click: () => store.update(toggleDetails) },
  });
  const legendList = h('ul', { className: 'legend' });
  const countdown = h('span', { id: 'expiry-countdown' });
  const badge = h('span', { id: 'expiry-badge', attrs: { role: 'status' } });
  badge.hidden = true;
  const captureRows: [string, string | HTMLElement][] = [
    ['Source', summary.source],
    ['Stored as', summary.file],
    ['Captured', capturedFact(summary)],
    ['Session', countdown],
  ];
  const column = (title: string, content: HTMLElement) =>
    h('div', { className: 'details-column' }, h('h2', { text: title }), content);
  const advice = summary.advice ?? [];
  const panel = h(
    'section',
    { id: 'details', attrs: { 'aria-label': 'Profile details' } },
    advice.length > 0 && column('Advice', adviceList(advice)),
    column('This view', legendList),
    column('Profile', definitionList('profile-facts', profileFacts(summary))),
    column('Capture', definitionList('capture', captureRows)),
  );
  watch(
    store,
    (state) => state.detailsOpen,
    (open) => {
      panel.hidden = !open;
      button.setAttribute('aria-expanded', String(open));
    },
  );
  watch(
    store,
    (state) => state.legend,
    (legend) => {
      legendList.replaceChildren(...legend.map((line) => h('li', { text: line })));
      button.textContent = detailsTitle(legend, summary.window);
    },
  );
  runCountdown(summary, countdown, badge);
  return { button, panel, badge, adviceMark: adviceMarkOf(store, advice) };
}
