// The flame graph view: fetches the server's pruned call tree for the current refine options,
// draws it on a canvas (click to zoom, hover for values, search highlights with the matched
// share), and mirrors the drawn frames into an accessible list.

import type { WireFlameGraph } from '../../flame-graph-wire.js';
import { h } from '../dom.js';
import { FrameList, FRAME_LIST_CAP } from '../flame/frame-list.js';
import { layoutFlameGraph, type FlameLayout } from '../flame/flame-layout.js';
import { FlameGraphRenderer, type FlameView } from '../flame/flame-renderer.js';
import { FLAME_ZOOM_EVENT, publishFlameSnapshot, type FlameZoomRequest } from '../flame/flame-snapshot.js';
import { FlameTooltip } from '../flame/flame-tooltip.js';
import { THEME_EVENT } from '../theme.js';
import { optionsQuery, type ViewState } from '../url-state.js';
import { isAbort, messageOf, type View, type ViewFactory } from './view.js';

interface LoadedGraph {
  readonly query: string;
  readonly layout: FlameLayout;
  readonly renderer: FlameGraphRenderer;
}

/** Says what the server left out, so nobody mistakes a pruned graph for the whole profile. */
function droppedNote(graph: WireFlameGraph): string {
  if (graph.droppedNodes === 0) return '';
  const capped = graph.nodeCount >= graph.info.maxNodes ? ` or beyond the ${graph.info.maxNodes} widest frames` : '';
  return `Not drawn: ${graph.droppedNodes} call subtrees under ${graph.info.minFraction * 100}% of the total${capped}.`;
}

export const mountFlameGraphView: ViewFactory = (container, context, initial): View => {
  let state: ViewState = initial;
  let loaded: LoadedGraph | undefined;
  let loadingQuery: string | undefined;
  let graphRequest: AbortController | undefined;
  let searchRequest: AbortController | undefined;
  let searchKey = '';
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
  const zoomLabel = h('span', { className: 'flame-zoom-label' });
  const orientationButton = h('button', { attrs: { type: 'button' } });
  const note = h('span', { className: 'flame-note' });
  const message = h('p', { className: 'flame-message', attrs: { role: 'status' } });
  const section = h(
    'section',
    { className: 'flame-view', attrs: { 'aria-label': 'Flame graph' } },
    h('div', { className: 'flame-toolbar' }, resetZoom, orientationButton, zoomLabel, note),
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
      zoomLabel.textContent += `; its callees are each under ${graph.info.minFraction * 100}% of the total and are not drawn`;
    }
    resetZoom.disabled = zoom === 0;
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

  const setZoom = (node: number) => {
    zoom = node;
    hovered = -1;
    tooltip.hide();
    scheduleDraw(true);
  };

  const load = (query: string) => {
    if (query === loaded?.query || query === loadingQuery) return;
    graphRequest?.abort();
    graphRequest = new AbortController();
    loadingQuery = query;
    section.setAttribute('aria-busy', 'true');
    message.textContent = 'Building the flame graph…';
    context.api.flameGraph(query, graphRequest.signal).then(
      (graph) => {
        loadingQuery = undefined;
        section.removeAttribute('aria-busy');
        const layout = layoutFlameGraph(graph);
        loaded = { query, layout, renderer: new FlameGraphRenderer(canvas, layout) };
        zoom = 0;
        hovered = -1;
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
    const query = optionsQuery(state.options);
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
    if (node >= 0 && node !== zoom) setZoom(node);
  });
  canvas.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && zoom !== 0) setZoom(0);
  });
  resetZoom.addEventListener('click', () => setZoom(0));
  const onZoomRequest = (event: Event) => {
    const request = (event as CustomEvent<FlameZoomRequest>).detail;
    if (loaded !== undefined && zoom !== 0) setZoom(request === 'reset' ? 0 : loaded.layout.graph.parent[zoom]!);
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
    load(optionsQuery(state.options));
    if (loaded?.query === optionsQuery(state.options)) search();
  };
  update(initial);

  return {
    update,
    destroy: () => {
      graphRequest?.abort();
      searchRequest?.abort();
      resize.disconnect();
      window.removeEventListener(FLAME_ZOOM_EVENT, onZoomRequest);
      window.removeEventListener(THEME_EVENT, onTheme);
      publishFlameSnapshot(undefined);
      if (frame !== 0) cancelAnimationFrame(frame);
      container.replaceChildren();
    },
  };
};
