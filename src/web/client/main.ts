// The viewer's browser entry: creates the one store from the URL and the theme, mounts the
// header and the view the route names, and swaps the view when the route names another; every
// part follows the store from then on (links and back/forward change its location).

import './palette.css';
import './styles.css';
import './flame/flame-tooltip.css';
import { ApiClient } from './api-client.js';
import { mountShell } from './app-shell.js';
import { initialAppState, showError, type AppState } from './app-state.js';
import { currentLocation, installNavigation } from './navigation.js';
import { mountRefineMenu } from './refine/refine-menu.js';
import { createStore, watch, type Store } from './store.js';
import { installTheme, readTheme } from './theme.js';
import { optionsQuery, viewOf, type ViewName } from './url-state.js';
import { mountFlameOrPivotView } from './views/flame-or-pivot-view.js';
import { mountGoroutinesView } from './views/goroutines-view.js';
import { mountGraphView } from './views/graph-view.js';
import { mountPeekView } from './views/peek-view.js';
import { mountReplicasView } from './views/replicas-view.js';
import { mountSandwichView } from './views/sandwich-view.js';
import { mountSourceView } from './views/source-view.js';
import { mountTopView } from './views/top-view.js';
import { messageOf, type View, type ViewContext, type ViewFactory } from './views/view.js';

const VIEWS: Readonly<Record<ViewName, ViewFactory>> = {
  flamegraph: mountFlameOrPivotView,
  top: mountTopView,
  graph: mountGraphView,
  peek: mountPeekView,
  source: mountSourceView,
  sandwich: mountSandwichView,
  replicas: mountReplicasView,
  goroutines: mountGoroutinesView,
};

/** Mounts the view of each location's route; a location that does not parse shows its error instead. */
function routeViews(store: Store<AppState>, container: HTMLElement, context: ViewContext): void {
  let mounted: { readonly view: ViewName; readonly instance: View } | undefined;
  watch(
    store,
    (state) => state.location,
    (location) => {
      if (location.error !== undefined) {
        mounted?.instance.destroy();
        mounted = undefined;
        store.update(showError(location.error));
        return;
      }
      const view = viewOf(location.state.route);
      // The view shown follows the location itself.
      if (mounted?.view === view) return;
      mounted?.instance.destroy();
      store.update(showError(undefined));
      mounted = { view, instance: VIEWS[view](container, context) };
    },
  );
}

async function start(root: HTMLElement): Promise<void> {
  const store = createStore(initialAppState(currentLocation(), readTheme()));
  installTheme(store);
  const { location } = store.get();
  const api = new ApiClient(location.basePath);
  const plainFlameGraph = location.state.options.pivot === '' && (location.state.zoom ?? '') === '';
  if (location.error === undefined && viewOf(location.state.route) === 'flamegraph' && plainFlameGraph) {
    api.prefetchFlameGraph(optionsQuery(location.state.options));
  }
  const summary = await api.profile();
  const navigation = installNavigation(store);
  mountRefineMenu(store, navigation);
  const container = mountShell(root, { api, summary, store, navigation });
  routeViews(store, container, { api, summary, store, navigate: navigation.navigate, hrefOf: navigation.hrefOf });
}

const root = document.getElementById('app');
if (root !== null) {
  start(root).catch((error: unknown) => {
    root.removeAttribute('aria-busy');
    root.setAttribute('role', 'alert');
    root.textContent = `Could not start the viewer: ${messageOf(error)}`;
  });
}
