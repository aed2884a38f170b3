// The header's Diff menu and the banner above a diffed view: pick another stored capture of the
// same target and type as the base (`base`, ours; pprof's -diff_base), scale to its total
// (`norm`, pprof's -normalize), or stop diffing. The list comes from the server, which reads the
// data root's sidecars; when there is nothing to compare with, the menu says why.

import type { DiffBaseModel, ProfileSummary } from '../view-models.js';
import type { ApiClient } from './api-client.js';
import { h } from './dom.js';
import { makeHeaderMenu } from './header-menu.js';
import type { ParsedLocation } from './url-state.js';
import { messageOf, type StateChange } from './views/view.js';

export interface DiffMenuContext {
  navigate(change: StateChange): void;
  hrefOf(change: StateChange): string;
}

export interface DiffMenu {
  readonly element: HTMLElement;
  /** Shown above the view while diffing: what is compared and how to read the colours. */
  readonly banner: HTMLElement;
  update(parsed: ParsedLocation): void;
}

/** `2026-11-25 06:00:00 UTC` from an ISO time. */
export function formatUtcTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

function describeBase(base: DiffBaseModel): string {
  const where = base.pod ?? base.diagnosis;
  return `${formatUtcTime(base.capturedAt)} · ${where} · ${base.sampleCount} samples`;
}

/** A plain left click navigates in place; modified clicks keep the browser's meaning (new tab...). */
function isPlainClick(event: MouseEvent): boolean {
  return event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey;
}

export function mountDiffMenu(api: ApiClient, summary: ProfileSummary, context: DiffMenuContext): DiffMenu {
  const menu = makeHeaderMenu('diff-menu', 'Diff');
  menu.body.setAttribute('role', 'menu');
  const status = h('p', { className: 'menu-note', attrs: { role: 'status' }, text: 'Looking for other captures…' });
  const list = h('div', { className: 'diff-bases' });
  const normalize = h('input', { id: 'diff-normalize', attrs: { type: 'checkbox' } });
  const normalizeLabel = h(
    'label',
    { className: 'menu-option', attrs: { title: "Scale this capture to the base's total first (pprof -normalize)" } },
    normalize,
    ' Normalize to the base total',
  );
  menu.body.append(
    h('p', { className: 'menu-note', text: `Compare with another ${summary.type} capture of ${summary.source}:` }),
    status,
    list,
    normalizeLabel,
  );
  normalize.addEventListener('change', () => context.navigate({ options: { normalize: normalize.checked } }));

  const banner = h('div', { id: 'diff-banner', attrs: { role: 'status' } });
  banner.hidden = true;

  let bases: readonly DiffBaseModel[] = [];
  let parsed: ParsedLocation | undefined;

  const item = (text: string, base: string) => {
    const link = h('a', { text, attrs: { role: 'menuitemradio', 'data-base': base } });
    link.addEventListener('click', (event) => {
      if (!isPlainClick(event)) return;
      event.preventDefault();
      context.navigate({ options: { base, ...(base === '' ? { normalize: false } : {}) } });
    });
    return link;
  };

  const render = () => {
    const state = parsed?.state;
    const current = state?.options.base ?? '';
    const items = [item('No diff', ''), ...bases.map((base) => item(describeBase(base), base.file))];
    for (const link of items) {
      const base = link.dataset.base ?? '';
      link.href = context.hrefOf({ options: { base } });
      link.setAttribute('aria-checked', String(base === current));
    }
    list.replaceChildren(...(bases.length === 0 ? [] : items));
    normalize.checked = state?.options.normalize ?? false;
    normalize.disabled = current === '';
    menu.summary.textContent = current === '' ? 'Diff' : 'Diff ●';

    banner.hidden = current === '';
    if (current === '') return;
    const chosen = bases.find((base) => base.file === current);
    const stop = h('a', {
      text: 'Stop diffing',
      attrs: { href: context.hrefOf({ options: { base: '', normalize: false } }) },
    });
    stop.addEventListener('click', (event) => {
      if (!isPlainClick(event)) return;
      event.preventDefault();
      context.navigate({ options: { base: '', normalize: false } });
    });
    banner.replaceChildren(
      h('strong', { text: 'Diff: ' }),
      `this capture (${formatUtcTime(summary.capturedAt)}) minus the base `,
      h('span', {
        className: 'diff-base-name',
        text: chosen === undefined ? current : formatUtcTime(chosen.capturedAt),
      }),
      state?.options.normalize === true ? ', scaled to the base total' : '',
      '. ',
      h('span', { className: 'diff-grew', text: 'Red grew' }),
      ', ',
      h('span', { className: 'diff-shrank', text: 'green shrank' }),
      '; frame widths show the size of the change. Percentages are of the base total, as pprof -diff_base. ',
      stop,
    );
  };

  api.bases().then(
    (listing) => {
      bases = listing.bases;
      status.textContent = listing.unavailable ?? '';
      status.hidden = listing.unavailable === undefined;
      render();
    },
    (error: unknown) => {
      status.textContent = messageOf(error);
    },
  );

  return {
    element: menu.element,
    banner,
    update(next) {
      parsed = next;
      render();
    },
  };
}
