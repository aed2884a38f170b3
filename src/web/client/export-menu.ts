// The header's Export menu: the raw capture (as fetched), the profile as filtered and folded
// stacks (both made by the server for the current refine state, so they match what the views
// show), and the flame graph as SVG or PNG (drawn here from the same layout and zoom as the
// canvas, or from a fresh layout of the whole graph when another view is open).

import type { ProfileSummary } from '../view-models.js';
import type { ApiClient } from './api-client.js';
import { h } from './dom.js';
import { layoutFlameGraph } from './flame/flame-layout.js';
import { renderFlameGraphPng } from './flame/flame-png.js';
import { FlameGraphRenderer } from './flame/flame-renderer.js';
import { flameSnapshot, type FlameSnapshot } from './flame/flame-snapshot.js';
import { renderFlameGraphSvg } from './flame/flame-svg.js';
import { makeHeaderMenu } from './header-menu.js';
import { saveFile } from './save-file.js';
import { currentTheme } from './theme.js';
import { optionsQuery, type ParsedLocation } from './url-state.js';
import { messageOf } from './views/view.js';

/** Images made while another view is open are this wide (the flame graph's usual width). */
const DEFAULT_IMAGE_WIDTH_PX = 1200;

export interface ExportMenu {
  readonly element: HTMLElement;
  update(parsed: ParsedLocation): void;
}

/** `default.demo.Heap` from `profilers/go/pprof/.../default.demo.Heap.prof`. */
function stemOf(summary: ProfileSummary): string {
  return (summary.file.split('/').pop() ?? 'profile').replace(/\.prof$/, '') || 'profile';
}

export function mountExportMenu(
  api: ApiClient,
  summary: ProfileSummary,
  showError: (message: string | undefined) => void,
): ExportMenu {
  const menu = makeHeaderMenu('export-menu', 'Export');
  let parsed: ParsedLocation | undefined;

  const link = (id: string, text: string, hint: string, className = '') =>
    h('a', { id, className, text, attrs: { download: '', title: hint, role: 'menuitem' } });
  const raw = link('export-raw', 'Profile as captured (.pb.gz)', 'The bytes the target served, unchanged', 'download');
  const filtered = link(
    'export-filtered',
    'Profile as filtered (.pb.gz)',
    'The samples and frames the refine options leave; opens in go tool pprof',
  );
  const folded = link('export-folded', 'Folded stacks (.txt)', '"a;b;c value" lines of the shown sample type');
  const svg = h('button', {
    id: 'export-svg',
    text: 'Flame graph as SVG',
    attrs: { type: 'button', role: 'menuitem' },
  });
  const png = h('button', {
    id: 'export-png',
    text: 'Flame graph as PNG',
    attrs: { type: 'button', role: 'menuitem' },
  });
  menu.body.append(raw, filtered, folded, svg, png);
  menu.body.setAttribute('role', 'menu');

  /** The flame graph on screen when it shows the current options; else the whole graph, laid out afresh. */
  const currentFlameGraph = async (): Promise<FlameSnapshot> => {
    if (parsed === undefined) throw new Error('export flame graph: the page has not loaded yet');
    const query = optionsQuery(parsed.state.options);
    const shown = flameSnapshot();
    if (shown !== undefined && shown.query === query) return shown;
    const layout = layoutFlameGraph(await api.flameGraph(query));
    return { query, layout, zoom: 0, orientation: parsed.state.orientation, widthPx: DEFAULT_IMAGE_WIDTH_PX };
  };
  const exportImage = async (kind: 'svg' | 'png') => {
    showError(undefined);
    try {
      const snapshot = await currentFlameGraph();
      const options = {
        zoom: snapshot.zoom,
        orientation: snapshot.orientation,
        widthPx: snapshot.widthPx,
        theme: currentTheme(),
        legend: snapshot.layout.graph.info.legend,
      };
      const blob =
        kind === 'svg'
          ? new Blob(
              [renderFlameGraphSvg(new FlameGraphRenderer(document.createElement('canvas'), snapshot.layout), options)],
              { type: 'image/svg+xml' },
            )
          : await renderFlameGraphPng(snapshot.layout, options);
      saveFile(blob, `${stemOf(summary)}.flamegraph.${kind}`);
    } catch (error) {
      showError(messageOf(error));
    }
  };
  svg.addEventListener('click', () => void exportImage('svg'));
  png.addEventListener('click', () => void exportImage('png'));

  return {
    element: menu.element,
    update(next) {
      parsed = next;
      const query = optionsQuery(next.state.options);
      const suffix = query === '' ? '' : `?${query}`;
      raw.href = `${next.basePath}download`;
      filtered.href = `${next.basePath}download/filtered${suffix}`;
      folded.href = `${next.basePath}download/folded${suffix}`;
    },
  };
}
