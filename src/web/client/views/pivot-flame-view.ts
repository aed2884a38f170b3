// The flame graph pivoted on a function (`p`): its callers above it, inverted (the pivot's
// callers, then theirs, growing upwards), the pivot row, and its callees below, as pprof's
// pivot shows them; both halves come from the engine's buildPivotFlameGraphs. The same pair
// is the Sandwich view's right side. `mountFlameOrPivotView` is the flame graph route: the plain
// flame graph without `p`, the pivot with it.

import { decodeFlameGraph, type WireFlameGraph } from '../../flame-graph-wire.js';
import { h } from '../dom.js';
import { layoutFlameGraph, type FlameLayout } from '../flame/flame-layout.js';
import { FlameGraphRenderer, type FlameView } from '../flame/flame-renderer.js';
import { FlameTooltip } from '../flame/flame-tooltip.js';
import { FRAME_LIST_CAP, FrameList } from '../flame/frame-list.js';
import { exactNamesRegexp } from '../refine/apply-refine.js';
import { isContextMenuKey, openRefineMenu } from '../refine/refine-menu.js';
import { optionsQuery, type ViewState } from '../url-state.js';
import { mountFlameGraphView } from './flame-graph-view.js';
import { isAbort, messageOf, type View, type ViewContext, type ViewFactory } from './view.js';

type Part = 'callers' | 'callees';

/** What a click on a frame does: zoom into it (flame graph) or make it the new pivot (sandwich). */
export type FrameClick = 'zoom' | 'repivot';

interface PartView {
  readonly part: Part;
  readonly section: HTMLElement;
  readonly heading: HTMLElement;
  readonly canvas: HTMLCanvasElement;
  readonly frameList: FrameList;
  layout?: FlameLayout;
  renderer?: FlameGraphRenderer;
  zoom: number;
  hovered: number;
}

/** The callers half leaves out its root and pivot rows (the callees half draws the pivot once). */
const SKIP_DEPTH: Readonly<Record<Part, number>> = { callers: 2, callees: 1 };

export interface PivotPair {
  readonly element: HTMLElement;
  update(state: ViewState): void;
  destroy(): void;
}

export function mountPivotPair(context: ViewContext, click: FrameClick): PivotPair {
  let state: ViewState | undefined;
  let loadedQuery: string | undefined;
  let request: AbortController | undefined;
  let frame = 0;
  const tooltip = new FlameTooltip();
  const message = h('p', { className: 'flame-message', attrs: { role: 'status' } });
  const resetZoom = h('button', { attrs: { type: 'button' }, text: 'Reset zoom' });
  const unpivot = h('button', { attrs: { type: 'button' }, text: 'Remove pivot' });

  const makePart = (part: Part): PartView => {
    const canvas = h('canvas', {
      className: 'flame-canvas',
      attrs: { tabindex: '0', role: 'img', 'aria-label': `${part === 'callers' ? 'Callers' : 'Callees'} of the pivot` },
    });
    const frameList = new FrameList();
    frameList.element.querySelector('ol')?.setAttribute('id', `pivot-${part}-frames`);
    const heading = h('h2');
    const section = h(
      'section',
      { className: 'pivot-part', attrs: { 'data-part': part } },
      ...(part === 'callers' ? [heading, canvas] : [canvas, heading]),
      frameList.element,
    );
    return { part, section, heading, canvas, frameList, zoom: 0, hovered: -1 };
  };
  const parts: readonly PartView[] = [makePart('callers'), makePart('callees')];
  const element = h(
    'section',
    { className: 'pivot-view', attrs: { 'aria-label': 'Pivot: callers and callees' } },
    h('div', { className: 'flame-toolbar' }, resetZoom, unpivot),
    message,
    h('div', { className: 'flame-stage' }, ...parts.map((p) => p.section), tooltip.element),
  );

  const viewOf = (part: PartView): FlameView => ({
    zoom: part.zoom,
    orientation: part.part === 'callers' ? 'flame' : 'icicle',
    highlight: undefined,
    hovered: part.hovered,
    widthPx: part.canvas.clientWidth,
    heightPx: part.renderer?.contentHeightPx(SKIP_DEPTH[part.part]) ?? 0,
    scrollTopPx: 0,
    skipDepth: SKIP_DEPTH[part.part],
  });

  const draw = () => {
    frame = 0;
    for (const part of parts) {
      if (part.renderer === undefined) continue;
      const view = viewOf(part);
      part.canvas.style.height = `${view.heightPx}px`;
      const painted = part.renderer.draw(view);
      part.frameList.update(part.renderer, view, part.renderer.visibleFrames(view, FRAME_LIST_CAP), painted);
      part.canvas.dataset.frames = String(painted);
    }
    resetZoom.disabled = parts.every((p) => p.zoom === 0);
    if (parts.every((p) => p.renderer !== undefined)) element.dataset.drawn = 'true';
  };
  const scheduleDraw = () => {
    if (frame === 0) frame = requestAnimationFrame(draw);
  };

  const pointer = (part: PartView, event: MouseEvent) => {
    const box = part.canvas.getBoundingClientRect();
    return [event.clientX - box.left, event.clientY - box.top] as const;
  };
  const nameOf = (part: PartView, node: number) => {
    const graph = part.layout!.graph;
    return graph.names[graph.nameIndex[node]!]!;
  };
  for (const part of parts) {
    part.canvas.addEventListener('mousemove', (event) => {
      if (part.renderer === undefined || part.layout === undefined) return;
      const [x, y] = pointer(part, event);
      const node = part.renderer.hitTest(viewOf(part), x, y);
      if (node !== part.hovered) {
        part.hovered = node;
        scheduleDraw();
      }
      part.canvas.style.cursor = node >= 0 ? 'pointer' : 'default';
      const stage = part.canvas.getBoundingClientRect();
      const host = element.querySelector('.flame-stage')!.getBoundingClientRect();
      if (node < 0) tooltip.hide();
      else tooltip.show(part.layout, node, part.zoom, x, y + stage.top - host.top, part.canvas.clientWidth);
    });
    part.canvas.addEventListener('mouseleave', () => {
      part.hovered = -1;
      tooltip.hide();
      scheduleDraw();
    });
    part.canvas.addEventListener('click', (event) => {
      if (part.renderer === undefined) return;
      const [x, y] = pointer(part, event);
      const node = part.renderer.hitTest(viewOf(part), x, y);
      if (node < 0) return;
      if (click === 'repivot' && part.layout!.graph.depth[node]! >= 2) {
        context.navigate({ options: { pivot: exactNamesRegexp([nameOf(part, node)]) } });
        return;
      }
      part.zoom = node === part.zoom ? 0 : node;
      scheduleDraw();
    });
    part.canvas.addEventListener('contextmenu', (event) => {
      if (part.renderer === undefined) return;
      const [x, y] = pointer(part, event);
      const node = part.renderer.hitTest(viewOf(part), x, y);
      if (node <= 0) return;
      event.preventDefault();
      openRefineMenu({ target: { names: [nameOf(part, node)] }, at: event });
    });
    part.canvas.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && part.zoom !== 0) {
        part.zoom = 0;
        scheduleDraw();
      } else if (isContextMenuKey(event) && part.layout !== undefined) {
        event.preventDefault();
        const node = part.zoom > 0 ? part.zoom : 1;
        if (node < part.layout.graph.nodeCount)
          openRefineMenu({ target: { names: [nameOf(part, node)] }, at: part.canvas });
      }
    });
  }
  resetZoom.addEventListener('click', () => {
    for (const part of parts) part.zoom = 0;
    scheduleDraw();
  });
  unpivot.addEventListener('click', () => context.navigate({ options: { pivot: '' } }));
  const resize = new ResizeObserver(() => scheduleDraw());
  resize.observe(element);

  const show = (graphs: Readonly<Record<Part, WireFlameGraph>>) => {
    const pivots = pivotNames(graphs.callees);
    const subject = pivots.length === 1 ? pivots[0]! : `${pivots.length} functions matching ${state?.options.pivot}`;
    for (const part of parts) {
      const graph = graphs[part.part];
      part.layout = layoutFlameGraph(graph);
      part.renderer = new FlameGraphRenderer(part.canvas, part.layout);
      part.zoom = 0;
      part.hovered = -1;
      part.heading.textContent = `${part.part === 'callers' ? '▲ Callers of' : '▼ Callees of'} ${subject}`;
      part.section.hidden = pivots.length === 0;
    }
    message.textContent =
      pivots.length === 0
        ? `p=${state?.options.pivot ?? ''} matches no function shown with these options: nothing to pivot on.`
        : '';
    context.setLegend(graphs.callees.info.legend);
    context.setSearchStatus(
      state?.search === '' ? '' : 'The search highlights frames in the flame graph without a pivot',
    );
    scheduleDraw();
  };

  const load = (query: string) => {
    if (query === loadedQuery) return;
    request?.abort();
    const controller = new AbortController();
    request = controller;
    element.setAttribute('aria-busy', 'true');
    element.dataset.drawn = 'false';
    message.textContent = 'Building the pivot…';
    const fetchPart = async (part: Part) =>
      decodeFlameGraph(
        await (await context.api.get('pivot', `${query}&part=${part}`, controller.signal)).arrayBuffer(),
      );
    Promise.all([fetchPart('callers'), fetchPart('callees')]).then(
      ([callers, callees]) => {
        loadedQuery = query;
        element.removeAttribute('aria-busy');
        context.showError(undefined);
        show({ callers, callees });
      },
      (error: unknown) => {
        if (isAbort(error)) return;
        element.removeAttribute('aria-busy');
        message.textContent = '';
        context.showError(messageOf(error));
      },
    );
  };

  return {
    element,
    update(next) {
      state = next;
      if (next.options.pivot === '') {
        loadedQuery = undefined;
        for (const part of parts) part.section.hidden = true;
        message.textContent = '';
        return;
      }
      load(optionsQuery(next.options));
    },
    destroy() {
      request?.abort();
      resize.disconnect();
      if (frame !== 0) cancelAnimationFrame(frame);
      tooltip.hide();
    },
  };
}

/** The pivot frames: the callees half's depth-1 frames. */
function pivotNames(graph: WireFlameGraph): string[] {
  const names: string[] = [];
  for (let i = 1; i < graph.nodeCount; i++) if (graph.depth[i] === 1) names.push(graph.names[graph.nameIndex[i]!]!);
  return names;
}

/** The flame graph route: the pivot with `p`, the plain flame graph without. */
export const mountFlameOrPivotView: ViewFactory = (container, context, initial): View => {
  let pivoted = initial.options.pivot !== '';
  const mount = (state: ViewState): View => {
    if (!pivoted) return mountFlameGraphView(container, context, state);
    const pair = mountPivotPair(context, 'zoom');
    container.replaceChildren(pair.element);
    pair.update(state);
    return {
      update: (next) => pair.update(next),
      destroy: () => {
        pair.destroy();
        container.replaceChildren();
      },
    };
  };
  let view = mount(initial);
  return {
    update(next) {
      const wantPivot = next.options.pivot !== '';
      if (wantPivot !== pivoted) {
        view.destroy();
        pivoted = wantPivot;
        view = mount(next);
      } else view.update(next);
    },
    destroy: () => view.destroy(),
  };
};
