// The flame graph pivoted on a function (`p`): its callers above it, inverted (the pivot's
// callers, then theirs, growing upwards), the pivot row, and its callees below, as pprof's
// pivot shows them; both halves come from the engine's buildPivotFlameGraphs. The same pair
// is the Sandwich view's right side. The state is pivot-state.ts's.

import { decodeFlameGraph, type WireFlameGraph } from '../../flame-graph-wire.js';
import { openRefineMenu, setLegend, setSearchStatus, showError, type AppState } from '../app-state.js';
import { h } from '../dom.js';
import { isAggregate, layoutFlameGraph, type FlameLayout } from '../flame/flame-layout.js';
import { FlameGraphRenderer, type FlameView } from '../flame/flame-renderer.js';
import { FlameTooltip } from '../flame/flame-tooltip.js';
import { FRAME_LIST_CAP, FrameList } from '../flame/frame-list.js';
import { isContextMenuKey } from '../refine/refine-menu.js';
import { stopAll, watch, type Store } from '../store.js';
import { effectiveTheme } from '../theme-state.js';
import type { ViewState } from '../url-state.js';
import {
  INITIAL_PIVOT_STATE,
  PARTS,
  SKIP_DEPTH,
  clickStep,
  isZoomed,
  pivotNames,
  pivotQueryOf,
  pivotTexts,
  withHalves,
  withPart,
  withZoomsReset,
  type FrameClick,
  type Part,
  type PivotState,
} from './pivot-state.js';
import { isAbort, messageOf, type ViewContext } from './view.js';

export type { FrameClick };

/** One half's elements, and what it draws once loaded. */
interface PartDom {
  readonly section: HTMLElement;
  readonly heading: HTMLElement;
  readonly canvas: HTMLCanvasElement;
  readonly frameList: FrameList;
  layout?: FlameLayout;
  renderer?: FlameGraphRenderer;
}

function buildPart(part: Part): PartDom {
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
    // Each half's heading above its graph: the callees' below it read as the next section's title.
    heading,
    canvas,
    frameList.element,
  );
  return { section, heading, canvas, frameList };
}

export class PivotPair {
  readonly element: HTMLElement;
  #state: PivotState = INITIAL_PIVOT_STATE;
  readonly #store: Store<AppState>;
  readonly #parts: Readonly<Record<Part, PartDom>> = {
    callers: buildPart('callers'),
    callees: buildPart('callees'),
  };
  readonly #tooltip = new FlameTooltip();
  readonly #message = h('p', { className: 'flame-message', attrs: { role: 'status' } });
  readonly #resetZoom = h('button', { attrs: { type: 'button' }, text: 'Reset zoom' });
  #request: AbortController | undefined;
  #frame = 0;
  readonly #resize: ResizeObserver;
  readonly #stops: (() => unknown)[] = [];

  readonly #context: ViewContext;
  readonly #click: FrameClick;

  constructor(context: ViewContext, click: FrameClick) {
    this.#context = context;
    this.#click = click;
    this.#store = context.store;
    const unpivot = h('button', {
      attrs: { type: 'button' },
      text: 'Remove pivot',
      on: { click: () => context.navigate({ options: { pivot: '' } }) },
    });
    this.element = h(
      'section',
      { className: 'pivot-view', attrs: { 'aria-label': 'Pivot: callers and callees' } },
      h('div', { className: 'flame-toolbar' }, this.#resetZoom, unpivot),
      this.#message,
      h('div', { className: 'flame-stage' }, ...PARTS.map((p) => this.#parts[p].section), this.#tooltip.element),
    );
    this.#resetZoom.addEventListener('click', () => this.#setState(withZoomsReset(this.#state)));
    for (const part of PARTS) this.#wirePart(part);
    this.#resize = new ResizeObserver(() => this.#scheduleDraw());
    this.#resize.observe(this.element);
    this.#stops.push(
      watch(
        this.#store,
        (s) => effectiveTheme(s.theme),
        () => this.#scheduleDraw(),
      ),
    );
  }

  /** Shows the pivot of a URL state (the halves of its options; nothing without `p`). */
  update(url: ViewState): void {
    const query = pivotQueryOf(url);
    if (query === undefined) {
      this.#state = withHalves(this.#state, undefined);
      for (const part of PARTS) this.#parts[part].section.hidden = true;
      this.#message.textContent = '';
      return;
    }
    if (query !== this.#state.loadedQuery) this.#load(query, url);
  }

  destroy(): void {
    stopAll(this.#stops);
    this.#request?.abort();
    this.#resize.disconnect();
    if (this.#frame !== 0) cancelAnimationFrame(this.#frame);
    this.#tooltip.hide();
  }

  #setState(next: PivotState): void {
    if (next === this.#state) return;
    this.#state = next;
    this.#scheduleDraw();
  }

  #flameView(part: Part): FlameView {
    const dom = this.#parts[part];
    return {
      zoom: this.#state.parts[part].zoom,
      orientation: part === 'callers' ? 'flame' : 'icicle',
      theme: effectiveTheme(this.#store.get().theme),
      highlight: undefined,
      hovered: this.#state.parts[part].hovered,
      widthPx: dom.canvas.clientWidth,
      heightPx: dom.renderer?.contentHeightPx(SKIP_DEPTH[part]) ?? 0,
      scrollTopPx: 0,
      skipDepth: SKIP_DEPTH[part],
    };
  }

  #scheduleDraw(): void {
    if (this.#frame === 0) this.#frame = requestAnimationFrame(() => this.#draw());
  }

  #draw(): void {
    this.#frame = 0;
    for (const part of PARTS) {
      const { renderer, canvas, frameList } = this.#parts[part];
      if (renderer === undefined) continue;
      const view = this.#flameView(part);
      canvas.style.height = `${view.heightPx}px`;
      const painted = renderer.draw(view);
      frameList.update(renderer, view, renderer.visibleFrames(view, FRAME_LIST_CAP), painted);
      canvas.dataset.frames = String(painted);
    }
    this.#resetZoom.disabled = !isZoomed(this.#state);
    if (PARTS.every((p) => this.#parts[p].renderer !== undefined)) this.element.dataset.drawn = 'true';
  }

  #load(query: string, url: ViewState): void {
    this.#request?.abort();
    const controller = new AbortController();
    this.#request = controller;
    this.element.setAttribute('aria-busy', 'true');
    this.element.dataset.drawn = 'false';
    this.#message.textContent = 'Building the pivot…';
    const fetchPart = async (part: Part) =>
      decodeFlameGraph(
        await (await this.#context.api.get('pivot', `${query}&part=${part}`, controller.signal)).arrayBuffer(),
      );
    Promise.all([fetchPart('callers'), fetchPart('callees')]).then(
      ([callers, callees]) => {
        this.element.removeAttribute('aria-busy');
        this.#store.update(showError(undefined));
        this.#show(query, url, { callers, callees });
      },
      (error: unknown) => {
        if (isAbort(error)) return;
        this.element.removeAttribute('aria-busy');
        this.#message.textContent = '';
        this.#store.update(showError(messageOf(error)));
      },
    );
  }

  #show(query: string, url: ViewState, graphs: Readonly<Record<Part, WireFlameGraph>>): void {
    const pivots = pivotNames(graphs.callees);
    const texts = pivotTexts(pivots, url);
    this.#state = withHalves(this.#state, query);
    for (const part of PARTS) {
      const dom = this.#parts[part];
      dom.layout = layoutFlameGraph(graphs[part]);
      dom.renderer = new FlameGraphRenderer(dom.canvas, dom.layout);
      dom.heading.textContent = texts.headings[part];
      dom.section.hidden = pivots.length === 0;
    }
    this.#message.textContent = texts.message;
    this.#store.update(setLegend(graphs.callees.info.legend));
    this.#store.update(setSearchStatus(texts.searchStatus));
    this.#scheduleDraw();
  }

  /** The frame of a half under the pointer (-1: none), and the pointer in the canvas. */
  #hit(part: Part, event: MouseEvent): { node: number; x: number; y: number } {
    const { canvas, renderer } = this.#parts[part];
    const box = canvas.getBoundingClientRect();
    const [x, y] = [event.clientX - box.left, event.clientY - box.top];
    return { node: renderer === undefined ? -1 : renderer.hitTest(this.#flameView(part), x, y), x, y };
  }

  #openMenu(part: Part, node: number, at: MouseEvent | Element): void {
    const { layout } = this.#parts[part];
    if (layout === undefined || isAggregate(layout, node)) return;
    const name = layout.graph.names[layout.graph.nameIndex[node]!]!;
    this.#store.update(openRefineMenu({ target: { names: [name] }, at }));
  }

  #onPointerMove(part: Part, event: MouseEvent): void {
    const { canvas, layout } = this.#parts[part];
    if (layout === undefined) return;
    const { node, x, y } = this.#hit(part, event);
    this.#setState(withPart(this.#state, part, { hovered: node }));
    canvas.style.cursor = node >= 0 ? 'pointer' : 'default';
    if (node < 0) return this.#tooltip.hide();
    const stage = canvas.getBoundingClientRect();
    const host = this.element.querySelector('.flame-stage')!.getBoundingClientRect();
    this.#tooltip.show(layout, node, this.#state.parts[part].zoom, {
      x,
      y: y + stage.top - host.top,
      boundsWidthPx: canvas.clientWidth,
    });
  }

  #onClick(part: Part, event: MouseEvent): void {
    const { layout } = this.#parts[part];
    const { node } = this.#hit(part, event);
    // An aggregate of the pivot's halves stands for frames under the size limit: nothing to zoom into here.
    if (layout === undefined || node < 0 || isAggregate(layout, node)) return;
    const step = clickStep(this.#click, layout, node, this.#state.parts[part].zoom);
    if (step.kind === 'navigate') this.#context.navigate(step.change);
    else this.#setState(withPart(this.#state, part, { zoom: step.node }));
  }

  #onKey(part: Part, event: KeyboardEvent): void {
    const { layout, canvas } = this.#parts[part];
    const { zoom } = this.#state.parts[part];
    if (event.key === 'Escape' && zoom !== 0) {
      this.#setState(withPart(this.#state, part, { zoom: 0 }));
    } else if (isContextMenuKey(event) && layout !== undefined) {
      event.preventDefault();
      const node = zoom > 0 ? zoom : 1;
      if (node < layout.graph.nodeCount) this.#openMenu(part, node, canvas);
    }
  }

  #wirePart(part: Part): void {
    const { canvas } = this.#parts[part];
    canvas.addEventListener('mousemove', (event) => this.#onPointerMove(part, event));
    canvas.addEventListener('mouseleave', () => {
      this.#tooltip.hide();
      this.#setState(withPart(this.#state, part, { hovered: -1 }));
    });
    canvas.addEventListener('click', (event) => this.#onClick(part, event));
    canvas.addEventListener('contextmenu', (event) => {
      const { node } = this.#hit(part, event);
      if (node <= 0) return;
      event.preventDefault();
      this.#openMenu(part, node, event);
    });
    canvas.addEventListener('keydown', (event) => this.#onKey(part, event));
  }
}
