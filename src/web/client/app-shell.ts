// The page around every view, laid out like pprof's header: the view menu, the sample-type
// switch, the search box, the active refine options, the raw download and the details box
// (pprof's legend plus where the capture came from).

import { DEFAULT_QUERY_OPTIONS, URL_PARAMETERS, type QueryOptions } from '../../query/query-options.js';
import type { ProfileSummary } from '../view-models.js';
import { h } from './dom.js';
import { viewOf, type ParsedLocation, type Route, type ViewName, type ViewState } from './url-state.js';
import type { StateChange } from './views/view.js';

export interface ShellContext {
  navigate(change: StateChange, options?: { readonly replace?: boolean }): void;
  hrefOf(change: StateChange): string;
  /** The refine menus, shown in a bar under the header beside the active refinements, kept in step with the state. */
  readonly headerControls?: { readonly element: HTMLElement; update(state: ViewState): void };
}

export interface Shell {
  readonly viewContainer: HTMLElement;
  update(parsed: ParsedLocation): void;
  setLegend(lines: readonly string[]): void;
  setSearchStatus(text: string, isError?: boolean): void;
  showError(message: string | undefined): void;
}

const NAV: readonly { readonly route: Route; readonly view: ViewName; readonly label: string }[] = [
  { route: 'flamegraph', view: 'flamegraph', label: 'Flame graph' },
  { route: 'top', view: 'top', label: 'Top' },
  { route: 'graph', view: 'graph', label: 'Graph' },
  { route: 'peek', view: 'peek', label: 'Peek' },
  { route: 'source', view: 'source', label: 'Source' },
  { route: 'sandwich', view: 'sandwich', label: 'Sandwich' },
];

/** Options shown as removable chips when set (the sample type and sort have their own controls). */
const CHIP_LABELS: Partial<Record<keyof QueryOptions, string>> = {
  focus: 'focus',
  ignore: 'ignore',
  hide: 'hide',
  show: 'show',
  showFrom: 'show from',
  pruneFrom: 'prune from',
  tagFocus: 'tag focus',
  tagIgnore: 'tag ignore',
  tagShow: 'tag show',
  tagHide: 'tag hide',
  tagRoot: 'group by (root)',
  tagLeaf: 'group by (leaf)',
  granularity: 'granularity',
  mean: 'mean',
  normalize: 'normalize',
  nodeCount: 'nodes',
  nodeFraction: 'node fraction',
  edgeFraction: 'edge fraction',
  trim: 'trim',
  relativePercentages: 'relative %',
  unit: 'unit',
  callTree: 'call tree',
  dropNegative: 'drop negative',
  noInlines: 'no inlines',
  pivot: 'pivot',
  base: 'base',
};

/** A plain left click on a link navigates in place; modified clicks keep the browser's meaning. */
function isPlainClick(event: MouseEvent): boolean {
  return event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey;
}

export function sampleTypeIndexOf(summary: ProfileSummary, sampleIndex: string): number {
  if (sampleIndex === '') return summary.defaultSampleIndex;
  const byName = summary.sampleTypes.findIndex((t) => t.type === sampleIndex);
  if (byName >= 0) return byName;
  const byNumber = Number(sampleIndex);
  return Number.isInteger(byNumber) ? byNumber : -1;
}

export function mountShell(root: HTMLElement, summary: ProfileSummary, context: ShellContext): Shell {
  let state: ViewState | undefined;

  const navLinks = NAV.map((item) => {
    const link = h('a', { text: item.label, attrs: { 'data-view': item.view } });
    link.addEventListener('click', (event) => {
      if (!isPlainClick(event)) return;
      event.preventDefault();
      context.navigate({ route: item.route });
    });
    return link;
  });

  const sampleSelect = h('select', { id: 'sample-type', attrs: { 'aria-label': 'Sample type' } });
  for (const [index, sampleType] of summary.sampleTypes.entries()) {
    const option = h('option', { text: `${sampleType.type} (${sampleType.unit})` });
    option.value = index === summary.defaultSampleIndex ? '' : sampleType.type;
    sampleSelect.append(option);
  }
  sampleSelect.addEventListener('change', () => context.navigate({ options: { sampleIndex: sampleSelect.value } }));

  const searchInput = h('input', {
    id: 'search',
    attrs: {
      type: 'search',
      placeholder: 'Search regexp (Enter: focus)',
      autocomplete: 'off',
      autocapitalize: 'none',
      spellcheck: 'false',
      'aria-label': 'Search function names (regular expression); Enter focuses on them',
    },
  });
  const searchStatus = h('span', { id: 'search-status', attrs: { role: 'status', 'aria-live': 'polite' } });
  let searchTimer: ReturnType<typeof setTimeout> | undefined;
  searchInput.addEventListener('input', () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => context.navigate({ search: searchInput.value }, { replace: true }), 200);
  });
  searchInput.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter' || searchInput.value === '') return;
    event.preventDefault();
    clearTimeout(searchTimer);
    // As in pprof: Enter turns the search into a focus.
    context.navigate({ options: { focus: searchInput.value }, search: '' });
    searchInput.value = '';
  });

  // As in pprof and most search UIs: "/" anywhere but in a text field jumps to the search box.
  document.addEventListener('keydown', (event) => {
    const target = event.target as HTMLElement | null;
    const typing = target !== null && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
    if (event.key === '/' && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      searchInput.focus();
    }
  });

  const chips = h('div', { className: 'refine-chips', attrs: { 'aria-label': 'Active refine options' } });
  const download = h('a', { className: 'download', text: 'Download', attrs: { href: './download', download: '' } });

  const detailsButton = h('button', {
    id: 'details-button',
    attrs: { type: 'button', 'aria-expanded': 'false', 'aria-controls': 'details' },
    text: 'Details',
  });
  const legendList = h('ul', { className: 'legend' });
  const captureList = h('dl', { className: 'capture' });
  const details = h('section', { id: 'details', attrs: { 'aria-label': 'Profile details' } }, legendList, captureList);
  details.hidden = true;
  detailsButton.addEventListener('click', () => {
    details.hidden = !details.hidden;
    detailsButton.setAttribute('aria-expanded', String(!details.hidden));
  });
  const facts: [string, string][] = [
    ['Profile type', summary.type],
    ['Source', summary.source],
    ['Captured', summary.capturedAt],
    ['Stored as', summary.file],
    ...summary.comments.map((comment): [string, string] => ['Comment', comment]),
  ];
  for (const [term, value] of facts) captureList.append(h('dt', { text: term }), h('dd', { text: value }));

  const errorBanner = h('div', { id: 'errors', attrs: { role: 'alert' } });
  errorBanner.hidden = true;
  const viewContainer = h('main', { id: 'view' });

  const header = h(
    'header',
    { className: 'header' },
    h('h1', {}, h('a', { text: 'go-profiler', attrs: { href: './' } })),
    h('nav', { attrs: { 'aria-label': 'Views' } }, ...navLinks),
    summary.sampleTypes.length > 1 && h('label', { className: 'sample-label' }, 'Sample ', sampleSelect),
    h('div', { className: 'search' }, searchInput, searchStatus),
    download,
    detailsButton,
  );
  // The refine controls and the active refinements share one bar under the header.
  const refineBar = h('div', { className: 'refine-bar' }, context.headerControls?.element, chips);
  root.replaceChildren(header, refineBar, details, errorBanner, viewContainer);
  root.removeAttribute('aria-busy');

  const renderChips = (options: QueryOptions) => {
    const items: HTMLElement[] = [];
    for (const key of Object.keys(CHIP_LABELS) as (keyof QueryOptions)[]) {
      const value = options[key];
      if (value === DEFAULT_QUERY_OPTIONS[key]) continue;
      const remove = h('button', {
        attrs: { type: 'button', 'aria-label': `Remove ${CHIP_LABELS[key]}` },
        text: '×',
      });
      remove.addEventListener('click', () => context.navigate({ options: { [key]: DEFAULT_QUERY_OPTIONS[key] } }));
      items.push(
        h(
          'span',
          { className: 'chip', attrs: { 'data-param': URL_PARAMETERS[key] } },
          `${CHIP_LABELS[key]}: ${String(value)} `,
          remove,
        ),
      );
    }
    if (items.length > 0) {
      const reset = h('a', {
        text: 'Reset',
        attrs: { href: context.hrefOf({ options: { ...DEFAULT_QUERY_OPTIONS } }) },
      });
      reset.addEventListener('click', (event) => {
        if (!isPlainClick(event)) return;
        event.preventDefault();
        context.navigate({ options: { ...DEFAULT_QUERY_OPTIONS } });
      });
      items.push(reset);
    }
    chips.replaceChildren(...items);
    chips.hidden = items.length === 0;
  };

  return {
    viewContainer,
    update(parsed) {
      state = parsed.state;
      const view = viewOf(state.route);
      NAV.forEach((item, i) => {
        const link = navLinks[i]!;
        link.href = context.hrefOf({ route: item.route });
        if (item.view === view) link.setAttribute('aria-current', 'page');
        else link.removeAttribute('aria-current');
      });
      download.href = `${parsed.basePath}download`;
      const index = sampleTypeIndexOf(summary, state.options.sampleIndex);
      sampleSelect.selectedIndex = index;
      if (document.activeElement !== searchInput) searchInput.value = state.search;
      renderChips(state.options);
      context.headerControls?.update(state);
      const sampleType = summary.sampleTypes[index];
      document.title = `${summary.type}${sampleType === undefined ? '' : ` ${sampleType.type}`} · ${NAV.find((n) => n.view === view)?.label ?? ''} · go-profiler`;
    },
    setLegend(lines) {
      legendList.replaceChildren(...lines.map((line) => h('li', { text: line })));
      // pprof titles its details box "<file> <type>" from the same legend lines.
      const legendValue = (prefix: string) => lines.find((line) => line.startsWith(prefix))?.slice(prefix.length);
      const title = [legendValue('File: '), legendValue('Type: ')].filter((part) => part !== undefined).join(' ');
      detailsButton.textContent = title === '' ? 'Details' : `${title} ▾`;
    },
    setSearchStatus(text, isError = false) {
      searchStatus.textContent = text;
      searchStatus.classList.toggle('error', isError);
    },
    showError(message) {
      errorBanner.hidden = message === undefined;
      errorBanner.textContent = message ?? '';
    },
  };
}
