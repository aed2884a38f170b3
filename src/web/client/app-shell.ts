// The page around every view, laid out like pprof's header: the view menu, the sample-type
// switch, the search box, the Config, Diff and Export menus, the details panel, the theme toggle and the
// keyboard help, with the active refine options below. Each part follows the store itself.

import type { ProfileSummary } from '../view-models.js';
import type { ApiClient } from './api-client.js';
import { onPlainClick } from './app-link.js';
import {
  escapeStep,
  flameZoomChange,
  closeOverlay,
  toggleDetails,
  toggleOverlay,
  toggleTheme,
  type AppState,
  type ZoomRequest,
} from './app-state.js';
import { mountConfigMenu } from './config-menu.js';
import { mountDetailsPanel } from './details-panel.js';
import { mountDiffMenu } from './diff-menu.js';
import { h } from './dom.js';
import { mountExportMenu } from './export-menu.js';
import { installHeaderMenuDismissal } from './header-menu.js';
import { mountHelpOverlay } from './help-overlay.js';
import { installShortcuts } from './install-shortcuts.js';
import type { ShortcutAction } from './keyboard-shortcuts.js';
import type { Navigation } from './navigation.js';
import { mountRefineControls } from './refine/refine-header.js';
import { mountRefineChips } from './refine-chips.js';
import { mountSearchBox } from './search-box.js';
import { NAV, documentTitle, sampleTypeIndexOf } from './shell-state.js';
import { watch, type Store } from './store.js';
import { mountThemeToggle } from './theme.js';
import { viewOf } from './url-state.js';
import { replicasViewHref } from './views/replicas-state.js';
import { mountProfileSwitch } from './profile-switch.js';

export interface ShellContext {
  readonly api: ApiClient;
  readonly summary: ProfileSummary;
  readonly store: Store<AppState>;
  readonly navigation: Navigation;
}

function mountNav({ store, navigation, summary }: ShellContext): HTMLElement {
  const links = NAV.map((item) =>
    h('a', {
      text: item.label,
      attrs: { 'data-view': item.view },
      on: { click: onPlainClick(() => navigation.navigate({ route: item.route })) },
    }),
  );
  watch(
    store,
    (state) => state.location,
    (location) => {
      const view = viewOf(location.state.route);
      NAV.forEach((item, i) => {
        const link = links[i]!;
        link.href = navigation.hrefOf({ route: item.route });
        if (item.view === view) link.setAttribute('aria-current', 'page');
        else link.removeAttribute('aria-current');
      });
    },
  );
  return h(
    'nav',
    { attrs: { 'aria-label': 'Views' } },
    ...links,
    ...replicaLinks(store, navigation, summary),
    ...goroutineLinks(store, navigation, summary),
  );
}

/**
 * In a session of several replicas, the Replicas view: a page of the session's root, so a replica's
 * page reaches it by a plain link (its API is under another path).
 */
function replicaLinks(store: Store<AppState>, navigation: Navigation, summary: ProfileSummary): HTMLElement[] {
  const replicas = summary.replicas;
  if (replicas === undefined) return [];
  const onRoot = replicas.current === undefined;
  const link = h('a', {
    text: 'Replicas',
    attrs: { 'data-view': 'replicas' },
    on: onRoot ? { click: onPlainClick(() => navigation.navigate({ route: 'replicas' })) } : {},
  });
  watch(
    store,
    (state) => state.location,
    (location) => {
      link.href = replicasViewHref(location.basePath, location.state);
      if (viewOf(location.state.route) === 'replicas') link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    },
  );
  return [link];
}

/** With a goroutine dump beside the capture, the Goroutines view (goroutines-view.ts). */
function goroutineLinks(store: Store<AppState>, navigation: Navigation, summary: ProfileSummary): HTMLElement[] {
  // Without a dump but with its reason, the view is there to say why.
  if (summary.goroutineDump !== true && summary.goroutineDumpError === undefined) return [];
  const link = h('a', {
    text: 'Goroutines',
    attrs: { 'data-view': 'goroutines' },
    on: { click: onPlainClick(() => navigation.navigate({ route: 'goroutines' })) },
  });
  watch(
    store,
    (state) => state.location,
    (location) => {
      link.href = navigation.hrefOf({ route: 'goroutines' });
      if (viewOf(location.state.route) === 'goroutines') link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    },
  );
  return [link];
}

function mountSampleSelect({ store, summary, navigation }: ShellContext): HTMLSelectElement {
  const select = h('select', { id: 'sample-type', attrs: { 'aria-label': 'Sample type' } });
  for (const [index, sampleType] of summary.sampleTypes.entries()) {
    const option = h('option', { text: `${sampleType.type} (${sampleType.unit})` });
    option.value = index === summary.defaultSampleIndex ? '' : sampleType.type;
    select.append(option);
  }
  select.addEventListener('change', () => navigation.navigate({ options: { sampleIndex: select.value } }));
  watch(
    store,
    (state) => state.location,
    (location) => {
      select.selectedIndex = sampleTypeIndexOf(summary, location.state.options.sampleIndex);
    },
  );
  return select;
}

function mountErrorBanner(store: Store<AppState>): HTMLElement {
  const banner = h('div', { id: 'errors', attrs: { role: 'alert' } });
  watch(
    store,
    (state) => state.error,
    (message) => {
      banner.hidden = message === undefined;
      banner.textContent = message ?? '';
    },
  );
  return banner;
}

/** The keyboard shortcuts' actions on the store (keyboard-shortcuts.ts lists them). */
function shortcutRunner({ store, navigation }: ShellContext, searchInput: HTMLInputElement) {
  const zoom = (request: ZoomRequest) => {
    const change = flameZoomChange(store.get().location.state, request);
    if (change !== undefined) navigation.navigate(change);
  };
  const escape = () => {
    const step = escapeStep(store.get(), document.activeElement === searchInput);
    if (step.kind === 'close-overlay') store.update(closeOverlay());
    else if (step.kind === 'leave-search') searchInput.blur();
    else if (step.kind === 'zoom') navigation.navigate(step.change);
  };
  return (action: ShortcutAction) => {
    switch (action.kind) {
      case 'view':
        return navigation.navigate({ route: action.route });
      case 'search':
        searchInput.focus();
        return searchInput.select();
      case 'escape':
        return escape();
      case 'zoom-out':
        return zoom('out');
      case 'zoom-reset':
        return zoom('reset');
      case 'details':
        return store.update(toggleDetails);
      case 'theme':
        return store.update(toggleTheme);
      case 'help':
        return store.update(toggleOverlay('help'));
    }
  };
}

/** Mounts the header, the bars under it and the overlays into `root`; returns where the views go. */
export function mountShell(root: HTMLElement, context: ShellContext): HTMLElement {
  const { store, summary, navigation, api } = context;
  const search = mountSearchBox(store, navigation);
  const details = mountDetailsPanel(store, summary);
  const configMenu = mountConfigMenu(store, api, navigation);
  const diffMenu = mountDiffMenu(store, api, summary, navigation);
  const helpButton = h('button', {
    id: 'help-button',
    className: 'icon-button',
    text: '?',
    attrs: { type: 'button', 'aria-label': 'Keyboard shortcuts', title: 'Keyboard shortcuts (?)' },
    on: { click: () => store.update(toggleOverlay('help')) },
  });
  installHeaderMenuDismissal(store);
  watch(
    store,
    (state) => state.location,
    (location) => (document.title = documentTitle(summary, location.state)),
  );
  installShortcuts({ run: shortcutRunner(context, search.input) });
  const header = h(
    'header',
    { className: 'header' },
    h('h1', {}, h('a', { text: 'go-profiler', attrs: { href: './' } })),
    mountProfileSwitch(store, summary),
    mountNav(context),
    search.element,
    configMenu.element,
    diffMenu.element,
    mountExportMenu(store, api, summary).element,
    details.button,
    details.adviceMark,
    details.badge,
    mountThemeToggle(store),
    helpButton,
  );
  // The sample type, the refine controls and the active refinements share one bar under the
  // header, which keeps the header on one line at 1280 px.
  const refineBar = h(
    'div',
    { className: 'refine-bar' },
    // On a replica's own page, which replica it shows (the header stays on one line at 1280 px).
    summary.replicas?.current !== undefined &&
      h('span', { id: 'replica-badge', className: 'replica-badge', text: `replica ${summary.replicas.current}` }),
    summary.sampleTypes.length > 1 && h('label', { className: 'sample-label' }, 'Sample ', mountSampleSelect(context)),
    mountRefineControls({ api, store, navigate: navigation.navigate }),
    mountRefineChips(store, navigation),
    search.status,
  );
  const viewContainer = h('main', { id: 'view' });
  root.replaceChildren(
    header,
    refineBar,
    diffMenu.banner,
    details.panel,
    mountErrorBanner(store),
    viewContainer,
    mountHelpOverlay(store),
    ...configMenu.dialogs,
  );
  root.removeAttribute('aria-busy');
  return viewContainer;
}
