// The viewer's browser entry: reads the state from the URL, mounts the header and the view the
// route names, and re-renders on every navigation (links, back/forward) from the URL alone.

import './styles.css';
import { withOptions } from '../../query/index.js';
import { ApiClient } from './api-client.js';
import { mountShell } from './app-shell.js';
import { initTheme } from './theme.js';
import {
  formatLocation,
  optionsQuery,
  parseLocation,
  viewOf,
  type ParsedLocation,
  type ViewName,
  type ViewState,
} from './url-state.js';
import { mountRefineControls } from './refine/refine-header.js';
import { installRefineMenu } from './refine/refine-menu.js';
import { mountGraphView } from './views/graph-view.js';
import { mountFlameOrPivotView } from './views/pivot-flame-view.js';
import { mountSandwichView } from './views/sandwich-view.js';
import { mountPeekView } from './views/peek-view.js';
import { mountSourceView } from './views/source-view.js';
import { mountTopView } from './views/top-view.js';
import { messageOf, type StateChange, type View, type ViewContext, type ViewFactory } from './views/view.js';

const VIEWS: Readonly<Record<ViewName, ViewFactory>> = {
  flamegraph: mountFlameOrPivotView,
  top: mountTopView,
  graph: mountGraphView,
  peek: mountPeekView,
  source: mountSourceView,
  sandwich: mountSandwichView,
};

function applyChange(state: ViewState, change: StateChange): ViewState {
  return {
    route: change.route ?? state.route,
    options: change.options === undefined ? state.options : withOptions(state.options, change.options),
    search: change.search ?? state.search,
    orientation: change.orientation ?? state.orientation,
    zoom: change.zoom ?? (change.route !== undefined && viewOf(change.route) !== viewOf(state.route) ? '' : state.zoom),
  };
}

async function start(root: HTMLElement): Promise<void> {
  initTheme();
  let current: ParsedLocation = parseLocation(location.pathname, location.search);
  const api = new ApiClient(current.basePath);
  const { state: initialState } = current;
  const plainFlameGraph = initialState.options.pivot === '' && (initialState.zoom ?? '') === '';
  if (current.error === undefined && viewOf(initialState.route) === 'flamegraph' && plainFlameGraph) {
    api.prefetchFlameGraph(optionsQuery(current.state.options));
  }
  const summary = await api.profile();

  const hrefOf = (change: StateChange) => formatLocation(applyChange(current.state, change), current.basePath);
  const navigate = (change: StateChange, options: { readonly replace?: boolean } = {}) => {
    const url = hrefOf(change);
    if (options.replace === true) history.replaceState(null, '', url);
    else history.pushState(null, '', url);
    render();
  };
  installRefineMenu({ navigate, hrefOf, state: () => current.state });
  const headerControls = mountRefineControls({ api, navigate });
  const shell = mountShell(root, summary, { api, navigate, hrefOf, headerControls });
  const context: ViewContext = {
    api,
    summary,
    navigate,
    hrefOf,
    setLegend: (lines) => shell.setLegend(lines),
    setSearchStatus: (text, isError) => shell.setSearchStatus(text, isError),
    showError: (message) => shell.showError(message),
  };

  let mounted: { readonly view: ViewName; readonly instance: View } | undefined;
  function render(): void {
    current = parseLocation(location.pathname, location.search);
    shell.update(current);
    if (current.error !== undefined) {
      mounted?.instance.destroy();
      mounted = undefined;
      shell.showError(current.error);
      return;
    }
    const view = viewOf(current.state.route);
    if (mounted?.view === view) {
      mounted.instance.update(current.state);
      return;
    }
    mounted?.instance.destroy();
    shell.showError(undefined);
    mounted = { view, instance: VIEWS[view](shell.viewContainer, context, current.state) };
  }
  window.addEventListener('popstate', render);
  render();
}

const root = document.getElementById('app');
if (root !== null) {
  start(root).catch((error: unknown) => {
    root.removeAttribute('aria-busy');
    root.setAttribute('role', 'alert');
    root.textContent = `Could not start the viewer: ${messageOf(error)}`;
  });
}
