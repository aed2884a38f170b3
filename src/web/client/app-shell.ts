// The page around every view, laid out like pprof's header: the view menu, the sample-type
// switch, the search box, the Config, Diff and Export menus, the details panel, the theme toggle and the
// keyboard help, with the active refine options below.

import { DEFAULT_QUERY_OPTIONS, URL_PARAMETERS, type QueryOptions } from '../../query/index.js';
import type { ProfileSummary } from '../view-models.js';
import type { ApiClient } from './api-client.js';
import { mountConfigMenu } from './config-menu.js';
import { mountDetailsPanel } from './details-panel.js';
import { mountDiffMenu } from './diff-menu.js';
import { h } from './dom.js';
import { mountExportMenu } from './export-menu.js';
import { requestFlameZoom } from './flame/flame-snapshot.js';
import { closeHeaderMenus } from './header-menu.js';
import { mountHelpOverlay } from './help-overlay.js';
import { installShortcuts } from './install-shortcuts.js';
import type { ShortcutAction } from './keyboard-shortcuts.js';
import { mountThemeToggle, toggleTheme } from './theme.js';
import { viewOf, type ParsedLocation, type Route, type ViewName, type ViewState } from './url-state.js';
import type { StateChange } from './views/view.js';

export interface ShellContext {
  readonly api: ApiClient;
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

  const chips = h('div', { className: 'refine-chips', attrs: { 'aria-label': 'Active refine options' } });
  const errorBanner = h('div', { id: 'errors', attrs: { role: 'alert' } });
  errorBanner.hidden = true;
  const viewContainer = h('main', { id: 'view' });
  const showError = (message: string | undefined) => {
    errorBanner.hidden = message === undefined;
    errorBanner.textContent = message ?? '';
  };

  const details = mountDetailsPanel(summary);
  const configMenu = mountConfigMenu(context.api, context);
  const diffMenu = mountDiffMenu(context.api, summary, context);
  const exportMenu = mountExportMenu(context.api, summary, showError);
  const help = mountHelpOverlay();
  const helpButton = h('button', {
    id: 'help-button',
    className: 'icon-button',
    text: '?',
    attrs: { type: 'button', 'aria-label': 'Keyboard shortcuts', title: 'Keyboard shortcuts (?)' },
  });
  helpButton.addEventListener('click', help.toggle);
  /** The innermost thing open goes first: the help, a menu, the search box, then the zoom. */
  const escape = () => {
    if (help.isOpen()) return help.close();
    if (closeHeaderMenus()) return;
    if (document.activeElement === searchInput) return searchInput.blur();
    requestFlameZoom('reset');
  };
  installShortcuts({
    run(action: ShortcutAction) {
      switch (action.kind) {
        case 'view':
          context.navigate({ route: action.route });
          break;
        case 'search':
          searchInput.focus();
          searchInput.select();
          break;
        case 'escape':
          escape();
          break;
        case 'zoom-out':
          requestFlameZoom('out');
          break;
        case 'zoom-reset':
          requestFlameZoom('reset');
          break;
        case 'details':
          details.toggle();
          break;
        case 'theme':
          toggleTheme();
          break;
        case 'help':
          help.toggle();
          break;
      }
    },
  });

  const header = h(
    'header',
    { className: 'header' },
    h('h1', {}, h('a', { text: 'go-profiler', attrs: { href: './' } })),
    h('nav', { attrs: { 'aria-label': 'Views' } }, ...navLinks),
    h('div', { className: 'search' }, searchInput, searchStatus),
    configMenu.element,
    diffMenu.element,
    exportMenu.element,
    details.button,
    details.badge,
    mountThemeToggle(),
    helpButton,
  );
  // The sample type, the refine controls and the active refinements share one bar under the
  // header, which keeps the header on one line at 1280 px.
  const refineBar = h(
    'div',
    { className: 'refine-bar' },
    summary.sampleTypes.length > 1 && h('label', { className: 'sample-label' }, 'Sample ', sampleSelect),
    context.headerControls?.element,
    chips,
  );
  root.replaceChildren(
    header,
    refineBar,
    diffMenu.banner,
    details.panel,
    errorBanner,
    viewContainer,
    help.element,
    ...configMenu.dialogs,
  );
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
      configMenu.update(parsed);
      diffMenu.update(parsed);
      exportMenu.update(parsed);
      const index = sampleTypeIndexOf(summary, state.options.sampleIndex);
      sampleSelect.selectedIndex = index;
      if (document.activeElement !== searchInput) searchInput.value = state.search;
      renderChips(state.options);
      context.headerControls?.update(state);
      const sampleType = summary.sampleTypes[index];
      document.title = `${summary.type}${sampleType === undefined ? '' : ` ${sampleType.type}`} · ${NAV.find((n) => n.view === view)?.label ?? ''} · go-profiler`;
    },
    setLegend: details.setLegend,
    setSearchStatus(text, isError = false) {
      searchStatus.textContent = text;
      searchStatus.classList.toggle('error', isError);
    },
    showError,
  };
}
