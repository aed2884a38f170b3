// The header's Diff menu and the banner above a diffed view: pick another stored capture of the
// same target and type as the base (`base`, ours; pprof's -diff_base), scale to its total
// (`norm`, pprof's -normalize), or stop diffing. The list comes from the server, which reads the
// data root's sidecars; when there is nothing to compare with, the menu says why.

import type { DiffBaseModel, ProfileSummary } from '../view-models.js';
import type { ApiClient } from './api-client.js';
import { appLink, onPlainClick } from './app-link.js';
import type { AppState } from './app-state.js';
import { STOP_DIFFING, baseItems, diffBanner, type DiffBanner } from './diff-menu-state.js';
import { h } from './dom.js';
import { makeHeaderMenu } from './header-menu.js';
import type { Navigation } from './navigation.js';
import type { QueryOptions } from './query-options.js';
import { watch, type Store } from './store.js';
import { messageOf } from './error-message.js';

export interface DiffMenu {
  readonly element: HTMLElement;
  /** Shown above the view while diffing: what is compared and how to read the colours. */
  readonly banner: HTMLElement;
}

type Host = Pick<Navigation, 'navigate' | 'hrefOf'>;

function bannerContent(host: Host, banner: DiffBanner): (Node | string)[] {
  return [
    h('strong', { text: 'Diff: ' }),
    `this capture (${banner.captured}) minus the base `,
    h('span', { className: 'diff-base-name', text: banner.base }),
    banner.normalized ? ', scaled to the base total' : '',
    '. ',
    h('span', { className: 'diff-grew', text: 'Red grew' }),
    ', ',
    h('span', { className: 'diff-shrank', text: 'green shrank' }),
    '; frame widths show the size of the change. Percentages are of the base total, as pprof -diff_base. ',
    appLink(host, STOP_DIFFING, 'Stop diffing'),
  ];
}

function baseLinks(host: Host, bases: readonly DiffBaseModel[], options: QueryOptions): HTMLElement[] {
  return baseItems(bases, options).map((item) =>
    h('a', {
      text: item.text,
      attrs: {
        role: 'menuitemradio',
        'data-base': item.base,
        href: host.hrefOf(item.href),
        'aria-checked': String(item.checked),
      },
      on: { click: onPlainClick(() => host.navigate(item.click)) },
    }),
  );
}

export function mountDiffMenu(store: Store<AppState>, api: ApiClient, summary: ProfileSummary, host: Host): DiffMenu {
  const menu = makeHeaderMenu(store, 'diff-menu', 'Diff');
  menu.body.setAttribute('role', 'menu');
  const status = h('p', { className: 'menu-note', attrs: { role: 'status' }, text: 'Looking for other captures…' });
  const list = h('div', { className: 'diff-bases' });
  const normalize = h('input', { id: 'diff-normalize', attrs: { type: 'checkbox' } });
  normalize.addEventListener('change', () => host.navigate({ options: { normalize: normalize.checked } }));
  menu.body.append(
    h('p', { className: 'menu-note', text: `Compare with another ${summary.type} capture of ${summary.source}:` }),
    status,
    list,
    h(
      'label',
      { className: 'menu-option', attrs: { title: "Scale this capture to the base's total first (pprof -normalize)" } },
      normalize,
      ' Normalize to the base total',
    ),
  );
  const banner = h('div', { id: 'diff-banner', attrs: { role: 'status' } });
  banner.hidden = true;
  let bases: readonly DiffBaseModel[] = [];

  const render = () => {
    const { options } = store.get().location.state;
    list.replaceChildren(...baseLinks(host, bases, options));
    normalize.checked = options.normalize;
    normalize.disabled = options.base === '';
    menu.summary.textContent = options.base === '' ? 'Diff' : 'Diff ●';
    const shown = diffBanner(summary.capturedAt, bases, options);
    banner.hidden = shown === undefined;
    if (shown !== undefined) banner.replaceChildren(...bannerContent(host, shown));
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
  watch(store, (state) => state.location, render);
  return { element: menu.element, banner };
}
