// The header's Export menu: the raw capture (as fetched), the profile as filtered and folded
// stacks (both made by the server for the current refine state, so they match what the views
// show), and the flame graph as SVG or PNG (drawn here from the same layout and zoom as the
// canvas, which the store holds, or from a fresh layout of the whole graph when another view is open).

import type { ProfileSummary } from '../view-models.js';
import type { ApiClient } from './api-client.js';
import { showError, type AppState } from './app-state.js';
import { h } from './dom.js';
import { layoutFlameGraph } from './flame/flame-layout.js';
import { renderFlameGraphPng } from './flame/flame-png.js';
import { FlameGraphRenderer } from './flame/flame-renderer.js';
import type { FlameSnapshot } from './flame/flame-snapshot.js';
import { renderFlameGraphSvg } from './flame/flame-svg.js';
import { makeHeaderMenu } from './header-menu.js';
import { saveFile } from './save-file.js';
import { watch, type Store } from './store.js';
import { effectiveTheme } from './theme-state.js';
import { exportLinksOf, stemOf } from './export-menu-state.js';
import { optionsQuery } from './url-state.js';
import { messageOf } from './error-message.js';

/** Images made while another view is open are this wide (the flame graph's usual width). */
const DEFAULT_IMAGE_WIDTH_PX = 1200;

/** The flame graph on screen when it shows the current options; else the whole graph, laid out afresh. */
async function flameToExport(store: Store<AppState>, api: ApiClient): Promise<FlameSnapshot> {
  const { location, flame } = store.get();
  const query = optionsQuery(location.state.options);
  if (flame !== undefined && flame.query === query) return flame;
  const layout = layoutFlameGraph(await api.flameGraph(query));
  return { query, layout, zoom: 0, orientation: location.state.orientation, widthPx: DEFAULT_IMAGE_WIDTH_PX };
}

async function exportImage(store: Store<AppState>, api: ApiClient, file: string, kind: 'svg' | 'png') {
  store.update(showError(undefined));
  try {
    const snapshot = await flameToExport(store, api);
    const options = {
      zoom: snapshot.zoom,
      orientation: snapshot.orientation,
      widthPx: snapshot.widthPx,
      theme: effectiveTheme(store.get().theme),
      legend: snapshot.layout.graph.info.legend,
    };
    const blob =
      kind === 'svg'
        ? new Blob(
            [renderFlameGraphSvg(new FlameGraphRenderer(document.createElement('canvas'), snapshot.layout), options)],
            { type: 'image/svg+xml' },
          )
        : await renderFlameGraphPng(snapshot.layout, options);
    saveFile(blob, `${stemOf(file)}.flamegraph.${kind}`);
  } catch (error) {
    store.update(showError(messageOf(error)));
  }
}

export function mountExportMenu(store: Store<AppState>, api: ApiClient, summary: ProfileSummary) {
  const menu = makeHeaderMenu(store, 'export-menu', 'Export');
  const link = (id: string, text: string, hint: string, className = '') =>
    h('a', { id, className, text, attrs: { download: '', title: hint, role: 'menuitem' } });
  const raw = link('export-raw', 'Profile as captured (.pb.gz)', 'The bytes the target served, unchanged', 'download');
  const filtered = link(
    'export-filtered',
    'Profile as filtered (.pb.gz)',
    'The samples and frames the refine options leave; opens in go tool pprof',
  );
  const folded = link('export-folded', 'Folded stacks (.txt)', '"a;b;c value" lines of the shown sample type');
  const imageButton = (kind: 'svg' | 'png') =>
    h('button', {
      id: `export-${kind}`,
      text: `Flame graph as ${kind.toUpperCase()}`,
      attrs: { type: 'button', role: 'menuitem' },
      on: { click: () => void exportImage(store, api, summary.file, kind) },
    });
  menu.body.append(raw, filtered, folded, imageButton('svg'), imageButton('png'));
  menu.body.setAttribute('role', 'menu');
  watch(
    store,
    (state) => state.location,
    (location) => {
      const links = exportLinksOf(location);
      raw.href = links.raw;
      filtered.href = links.filtered;
      folded.href = links.folded;
    },
  );
  return { element: menu.element };
}
