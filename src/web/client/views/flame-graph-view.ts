// The flame graph view: fetches the server's pruned call tree for the current refine options,
// draws it on a canvas (click to zoom, hover for values, search highlights with the matched
// share), and mirrors the drawn frames into an accessible list. A zoom is a call path in the URL
// (`zoom`): it shows at once from the graph at hand, and when that graph was pruned the server
// sends the subtree again, pruned relative to the zoomed frame, so small frames show detail.

import type { WireFlameGraph } from '../../flame-graph-wire.js';
import { h } from '../dom.js';
import { FrameList, FRAME_LIST_CAP } from '../flame/frame-list.js';
import { layoutFlameGraph, pathTo, type FlameLayout } from '../flame/flame-layout.js';
import { FlameGraphRenderer, type FlameView } from '../flame/flame-renderer.js';
import { FLAME_ZOOM_EVENT, publishFlameSnapshot, type FlameZoomRequest } from '../flame/flame-snapshot.js';
import { FlameTooltip } from '../flame/flame-tooltip.js';
import { findPath, graphQuery } from '../flame/flame-zoom.js';
import { QueryCache } from '../../query-cache.js';
import { formatZoomPath, parseZoomPath } from '../../zoom-path.js';
import { isContextMenuKey, openRefineMenu } from '../refine/refine-menu.js';
import { setRefineSelection } from '../refine/refine-selection.js';
import { THEME_EVENT } from '../theme.js';
import { optionsQuery, type ViewState } from '../url-state.js';
import { isAbort, messageOf, type View, type ViewFactory } from './view.js';

interface LoadedGraph {
  /** The API query it answers: the refine options, plus `zoom` for a zoomed graph. */
  readonly query: string;
  /** The refine options alone. */
  readonly optionsQuery: string;
  /** The zoom path it was built for ("" for the whole graph). */
  readonly zoomPath: string;
  readonly layout: FlameLayout;
  readonly renderer: FlameGraphRenderer;
}

/** Says what the server left out, so nobody mistakes a pruned graph for the whole profile. */
function droppedNote(graph: WireFlameGraph): string {
  if (graph.droppedNodes === 0) return '';
  const capped = graph.nodeCount >= graph.info.maxNodes ? ` or beyond the ${graph.info.maxNodes} widest frames` : '';
  const of = graph.info.zoomNode === undefined ? 'the total' : 'the zoomed frame';
  return `Not drawn: ${graph.droppedNodes} call subtrees under ${graph.info.minFraction * 100}% of ${of}${capped}.`;
}

export const mountFlameGraphView: ViewFactory = (container, context, initial): View => {
  let state: ViewState = initial;
  let loaded: LoadedGraph | undefined;
  let loadingQuery: string | undefined;
  let graphRequest: AbortController | undefined;
  let searchRequest: AbortController | undefined;
  let searchKey = '';
  /** The last graphs shown, so going back and forth between zooms needs no request. */
  const recent = new QueryCache<WireFlameGraph>(4);
  let highlight: { readonly query: string; readonly names: Uint8Array } | undefined;
  let zoom = 0;
  let hovered = -1;
  let listDirty = true;
  let frame = 0;

  const canvas = h('canvas', {
    className: 'flame-canvas',
    attrs: { tabindex: '0', role: 'img', 'aria-label': 'Flame graph; the frames are listed below it' },
  });
  const spacer = h('div', { className: 'flame-spacer' });
  const scroller = h('div', { className: 'flame-scroll' }, canvas, spacer);
  const tooltip = new FlameTooltip();
  const frameList = new FrameList();
  const resetZoom = h('button', { attrs: { type: 'button' }, text: 'Reset zoom' });
  const actions = h('button', {
    id: 'flame-actions',
    attrs: { type: 'button', 'aria-haspopup': 'menu' },
    text: 'Refine zoomed frame ▾',
  });
  const zoomLabel = h('span', { className: 'flame-zoom-label' });
  const orientationButton = h('button', { attrs: { type: 'button' } });
  const note = h('span', { className: 'flame-note' });
  const message = h('p', { className: 'flame-message', attrs: { role: 'status' } });
  const section = h(
    'section',
    { className: 'flame-view', attrs: { 'aria-label': 'Flame graph' } },
    h('div', { className: 'flame-toolbar' }, resetZoom, actions, orientationButton, zoomLabel, note),
    message,
    h('div', { className: 'flame-stage' }, scroller, tooltip.element),
    frameList.element,
  );
  container.replaceChildren(section);

  const view = (): FlameView => ({
    zoom,
    orientation: state.orientation,
    highlight: highlight !== undefined && highlight.query === loaded?.query ? highlight.names : undefined,
    hovered,
    widthPx: scroller.clientWidth,
    heightPx: canvas.clientHeight,
    scrollTopPx: scroller.scrollTop,
  });

  /** Sizes the canvas to the window left below it and the spacer to the rest of the graph. */
  const fitCanvas = () => {
    if (loaded === undefined) return;
    const available = Math.max(window.innerHeight - scroller.getBoundingClientRect().top - 12, 160);
    const content = loaded.renderer.contentHeightPx();
    const height = Math.min(content, available);
    canvas.style.height = `${height}px`;
    spacer.style.height = `${content - height}px`;
  };

  const draw = () => {
    frame = 0;
    if (loaded === undefined) return;
    const current = view();
    const painted = loaded.renderer.draw(current);
    if (listDirty) {
      listDirty = false;
      frameList.update(loaded.renderer, current, loaded.renderer.visibleFrames(current, FRAME_LIST_CAP), painted);
    }
    const graph = loaded.layout.graph;
    zoomLabel.textContent = zoom === 0 ? '' : `Zoomed into ${graph.names[graph.nameIndex[zoom]!]}`;
    // A frame whose callees were all pruned on the server looks like a leaf: say it is not one.
    const callees = graph.cum[zoom]! - graph.flat[zoom]!;
    if (zoom !== 0 && loaded.layout.end[zoom] === zoom + 1 && callees !== 0) {
      const of = graph.info.zoomNode === zoom ? 'of this frame' : 'of the total';
      zoomLabel.textContent += `; its callees are each under ${graph.info.minFraction * 100}% ${of} and are not drawn`;
    }
    resetZoom.disabled = zoom === 0;
    actions.disabled = zoom === 0;
    canvas.dataset.frames = String(painted);
    publishFlameSnapshot({
      query: loaded.query,
      layout: loaded.layout,
      zoom,
      orientation: state.orientation,
      widthPx: current.widthPx,
    });
    if (section.dataset.drawn !== 'true') {
      section.dataset.drawn = 'true';
      performance.mark('flame-graph-drawn');
    }
  };
  const scheduleDraw = (listChanged = false) => {
    listDirty ||= listChanged;
    if (frame === 0) frame = requestAnimationFrame(draw);
  };

  const nameOf = (node: number) => {
    const graph = loaded!.layout.graph;
    return graph.names[graph.nameIndex[node]!]!;
  };

  const setZoom = (node: number) => {
    zoom = node;
    hovered = -1;
    tooltip.hide();
    setRefineSelection(zoom === 0 || loaded === undefined ? [] : [nameOf(zoom)]);
    scheduleDraw(true);
  };

  /** Zooms through the URL, so back and forward undo it. */
  const navigateZoom = (node: number) => {
    if (loaded === undefined) return;
    const path = node === 0 ? [] : pathTo(loaded.layout, node).slice(1).map(nameOf);
    context.navigate({ zoom: formatZoomPath(path) });
  };

  /** Shows a graph, fetched or kept: its layout and zoom, the legend, and what was left out. */
  const show = (query: string, zoomPath: string, graph: WireFlameGraph) => {
    const layout = layoutFlameGraph(graph);
    loaded = {
      query,
      optionsQuery: optionsQuery(state.options),
      zoomPath,
      layout,
      renderer: new FlameGraphRenderer(canvas, layout),
    };
    hovered = -1;
    recent.get(query, () => graph);
    setZoom(graph.info.zoomNode ?? 0);
    note.textContent = droppedNote(graph);
    context.setLegend(note.textContent === '' ? graph.info.legend : [...graph.info.legend, note.textContent]);
    context.showError(undefined);
    // A diff is empty when nothing changed (its widths are changes), not when its net is 0.
    const empty = layout.width[0] === 0;
    message.textContent = !empty
      ? ''
      : graph.baseCum === undefined
        ? 'This profile has no samples of this type: the total is 0, so there is nothing to draw.'
        : 'The two captures do not differ in this sample type, so there is no change to draw.';
    scroller.hidden = empty;
    fitCanvas();
    if (state.orientation === 'flame') scroller.scrollTop = scroller.scrollHeight;
    scheduleDraw(true);
    search();
  };

  const load = (query: string, zoomPath: string) => {
    if (query === loadingQuery) return;
    if (query === loaded?.query) {
      // Back at the graph at hand before another one arrived (zoomed out while a zoomed graph
      // was on its way, say): that answer is no longer wanted, and this graph's own zoom shows.
      graphRequest?.abort();
      loadingQuery = undefined;
      section.removeAttribute('aria-busy');
      const own = loaded.layout.graph.info.zoomNode ?? 0;
      if (zoom !== own) setZoom(own);
      return;
    }
    graphRequest?.abort();
    const cached = recent.find(query);
    if (cached !== undefined) {
      loadingQuery = undefined;
      show(query, zoomPath, cached);
      return;
    }
    graphRequest = new AbortController();
    loadingQuery = query;
    section.setAttribute('aria-busy', 'true');
    if (loaded === undefined) message.textContent = 'Building the flame graph…';
    context.api.flameGraph(query, graphRequest.signal).then(
      (graph) => {
        loadingQuery = undefined;
        section.removeAttribute('aria-busy');
        show(query, zoomPath, graph);
      },
      (error: unknown) => {
        if (isAbort(error)) return;
        loadingQuery = undefined;
        section.removeAttribute('aria-busy');
        message.textContent = '';
        context.showError(messageOf(error));
      },
    );
  };

  const search = () => {
    // Matched names are indices into the drawn graph's names: ask about that graph (zoom included).
    const query = loaded?.query ?? graphQuery(optionsQuery(state.options), state.zoom ?? '');
    const key = `${query}\n${state.search}`;
    if (key === searchKey) return;
    searchRequest?.abort();
    searchKey = key;
    if (state.search === '') {
      highlight = undefined;
      context.setSearchStatus('');
      scheduleDraw();
      return;
    }
    searchRequest = new AbortController();
    const params = new URLSearchParams(query);
    params.set('q', state.search);
    context.api.search(params.toString(), searchRequest.signal).then(
      (result) => {
        const names = new Uint8Array(loaded?.query === query ? loaded.layout.graph.names.length : 0);
        for (const index of result.matchedNames) if (index < names.length) names[index] = 1;
        highlight = { query, names };
        context.setSearchStatus(
          `Matched ${result.matchedText} (${result.matchedPercent}) of ${result.reportTotalText}`,
        );
        scheduleDraw();
      },
      (error: unknown) => {
        if (isAbort(error)) return;
        searchKey = '';
        highlight = undefined;
        context.setSearchStatus(messageOf(error), true);
        scheduleDraw();
      },
    );
  };

  const pointer = (event: MouseEvent): [number, number] => {
    const bounds = canvas.getBoundingClientRect();
    return [event.clientX - bounds.left, event.clientY - bounds.top];
  };
  canvas.addEventListener('mousemove', (event) => {
    if (loaded === undefined) return;
    const [x, y] = pointer(event);
    const node = loaded.renderer.hitTest(view(), x, y);
    if (node !== hovered) {
      hovered = node;
      scheduleDraw();
    }
    canvas.style.cursor = node >= 0 ? 'pointer' : 'default';
    if (node < 0) tooltip.hide();
    else tooltip.show(loaded.layout, node, zoom, x, y, scroller.clientWidth);
  });
  canvas.addEventListener('mouseleave', () => {
    hovered = -1;
    tooltip.hide();
    scheduleDraw();
  });
  canvas.addEventListener('click', (event) => {
    if (loaded === undefined) return;
    const [x, y] = pointer(event);
    const node = loaded.renderer.hitTest(view(), x, y);
    if (node >= 0 && node !== zoom) navigateZoom(node);
  });
  canvas.addEventListener('contextmenu', (event) => {
    if (loaded === undefined) return;
    const [x, y] = pointer(event);
    const node = loaded.renderer.hitTest(view(), x, y);
    if (node <= 0) return;
    event.preventDefault();
    tooltip.hide();
    openRefineMenu({ target: { names: [nameOf(node)] }, at: event });
  });
  canvas.addEventListener('keydown', (event) => {
    // Escape zooms out through the page's shortcuts (FLAME_ZOOM_EVENT), after closing what is open.
    if (isContextMenuKey(event) && zoom !== 0) {
      event.preventDefault();
      openRefineMenu({ target: { names: [nameOf(zoom)] }, at: canvas });
    }
  });
  resetZoom.addEventListener('click', () => navigateZoom(0));
  actions.addEventListener('click', () => {
    if (loaded !== undefined && zoom !== 0) openRefineMenu({ target: { names: [nameOf(zoom)] }, at: actions });
  });
  const onZoomRequest = (event: Event) => {
    // The keyboard's zoom out / reset (install-shortcuts.ts), through the URL like any zoom.
    const request = (event as CustomEvent<FlameZoomRequest>).detail;
    if (loaded !== undefined && zoom !== 0) navigateZoom(request === 'reset' ? 0 : loaded.layout.graph.parent[zoom]!);
  };
  const onTheme = () => scheduleDraw();
  window.addEventListener(FLAME_ZOOM_EVENT, onZoomRequest);
  window.addEventListener(THEME_EVENT, onTheme);
  orientationButton.addEventListener('click', () =>
    context.navigate({ orientation: state.orientation === 'icicle' ? 'flame' : 'icicle' }),
  );
  scroller.addEventListener('scroll', () => {
    tooltip.hide();
    scheduleDraw(true);
  });
  const resize = new ResizeObserver(() => {
    fitCanvas();
    scheduleDraw(true);
  });
  resize.observe(scroller);

  const update = (next: ViewState) => {
    const orientationChanged = next.orientation !== state.orientation;
    state = next;
    orientationButton.textContent = state.orientation === 'icicle' ? 'Flame (root at bottom)' : 'Icicle (root on top)';
    if (orientationChanged && loaded !== undefined) {
      scroller.scrollTop = state.orientation === 'flame' ? scroller.scrollHeight : 0;
      scheduleDraw(true);
    }
    const options = optionsQuery(state.options);
    const zoomPath = state.zoom ?? '';
    const query = graphQuery(options, zoomPath);
    if (loaded !== undefined && loaded.query !== query && loaded.optionsQuery === options) {
      // Zoom at once in the graph at hand when it holds the frame with all it was sent for it
      // (the whole graph, or inside a zoomed one's subtree); ask for the detail only if pruned.
      const node = findPath(loaded.layout, parseZoomPath(zoomPath));
      const zoomedFrom = loaded.layout.graph.info.zoomNode ?? 0;
      const complete =
        node >= 0 &&
        (zoomPath === ''
          ? loaded.zoomPath === ''
          : loaded.layout.graph.depth[node]! >= loaded.layout.graph.depth[zoomedFrom]!);
      if (complete) {
        setZoom(node);
        if (loaded.layout.graph.droppedNodes === 0 && loaded.zoomPath === '') {
          search();
          return;
        }
      }
    }
    load(query, zoomPath);
    if (loaded?.query === query) search();
  };
  update(initial);

  return {
    update,
    destroy: () => {
      graphRequest?.abort();
      searchRequest?.abort();
      setRefineSelection([]);
      resize.disconnect();
      window.removeEventListener(FLAME_ZOOM_EVENT, onZoomRequest);
      window.removeEventListener(THEME_EVENT, onTheme);
      publishFlameSnapshot(undefined);
      if (frame !== 0) cancelAnimationFrame(frame);
      container.replaceChildren();
    },
  };
};
