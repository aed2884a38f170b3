// The flame graph view: fetches the server's pruned call tree for the current refine options,
// draws it on a canvas (click to zoom, hover for values, search highlights with the matched
// share), and mirrors the drawn frames into an accessible list. A zoom is a call path in the URL
// (`zoom`): it shows at once from the graph at hand, and when that graph was pruned the server
// sends the subtree again, pruned relative to the zoomed frame, so small frames show detail.
// The decisions are flame-graph-state.ts's; this renders its state and runs its requests.

import type { WireFlameGraph } from '../../flame-graph-wire.js';
import { QueryCache } from '../../query-cache.js';
import {
  openRefineMenu,
  publishFlame,
  selectFunctions,
  setLegend,
  setSearchStatus,
  showError,
  type AppState,
} from '../app-state.js';
import { onPlainClick } from '../app-link.js';
import { isAggregate, layoutFlameGraph } from '../flame/flame-layout.js';
import { FlameGraphRenderer, type FlameView } from '../flame/flame-renderer.js';
import { FRAME_LIST_CAP } from '../flame/frame-list.js';
import { isContextMenuKey } from '../refine/refine-menu.js';
import { stopAll, watch, type Store } from '../store.js';
import { effectiveTheme } from '../theme-state.js';
import { buildFlameGraphDom, type FlameGraphDom } from './flame-graph-dom.js';
import {
  drawnHighlight,
  emptyMessage,
  droppedNote,
  initialFlameGraphState,
  leafFirstReasonOf,
  leafFirstToggle,
  legendOf,
  loadStep,
  nameOf,
  orientationButtonText,
  searchStatusOf,
  searchStep,
  selectionOf,
  urlStep,
  wantedGraph,
  withHovered,
  withLoaded,
  withLoading,
  withMatches,
  withSearchFailed,
  withSearchKey,
  withUrl,
  withZoom,
  zoomLabelOf,
  zoomPathTo,
  type FlameGraphState,
} from './flame-graph-state.js';
import { isAbort, messageOf, type View, type ViewContext, type ViewFactory } from './view.js';

/** The reason line's link: root first, said in the URL (`leaf=0`), zoom dropped (another tree). */
const ROOT_FIRST = { leafFirst: false, zoom: '' } as const;

class FlameGraphView implements View {
  #state: FlameGraphState;
  readonly #dom: FlameGraphDom;
  readonly #store: Store<AppState>;
  #renderer: FlameGraphRenderer | undefined;
  /** The last graphs shown, so going back and forth between zooms needs no request. */
  readonly #recent = new QueryCache<WireFlameGraph>(4);
  #graphRequest: AbortController | undefined;
  #searchRequest: AbortController | undefined;
  #listDirty = true;
  /** What the Leaf first button asks for, from the graph drawn (before the first one arrives: leaf first). */
  #leafFirstToggle: boolean | 'default' = true;
  #frame = 0;
  readonly #stops: (() => unknown)[] = [];
  readonly #resize: ResizeObserver;

  readonly #container: HTMLElement;
  readonly #context: ViewContext;

  constructor(container: HTMLElement, context: ViewContext) {
    this.#container = container;
    this.#context = context;
    this.#store = context.store;
    this.#state = initialFlameGraphState(this.#store.get().location.state);
    this.#dom = buildFlameGraphDom();
    container.replaceChildren(this.#dom.section);
    this.#wireEvents();
    this.#resize = new ResizeObserver(() => {
      this.#fitCanvas();
      this.#scheduleDraw(true);
    });
    this.#resize.observe(this.#dom.scroller);
    this.#stops.push(
      watch(
        this.#store,
        (s) => s.location.state,
        (url) => this.#onUrl(url),
      ),
      watch(
        this.#store,
        (s) => effectiveTheme(s.theme),
        () => this.#scheduleDraw(),
      ),
    );
  }

  destroy(): void {
    stopAll(this.#stops);
    this.#graphRequest?.abort();
    this.#searchRequest?.abort();
    this.#store.update(selectFunctions([]));
    this.#store.update(publishFlame(undefined));
    this.#resize.disconnect();
    if (this.#frame !== 0) cancelAnimationFrame(this.#frame);
    this.#container.replaceChildren();
  }

  #flameView(): FlameView {
    const { scroller, canvas } = this.#dom;
    return {
      zoom: this.#state.zoom,
      orientation: this.#state.url.orientation,
      theme: effectiveTheme(this.#store.get().theme),
      highlight: drawnHighlight(this.#state)?.names,
      matchedAggregates: drawnHighlight(this.#state)?.aggregates,
      hovered: this.#state.hovered,
      widthPx: scroller.clientWidth,
      heightPx: canvas.clientHeight,
      scrollTopPx: scroller.scrollTop,
    };
  }

  #onUrl(url: AppState['location']['state']): void {
    const orientationChanged = url.orientation !== this.#state.url.orientation;
    const step = urlStep(this.#state, url);
    this.#state = withUrl(this.#state, url);
    const { scroller } = this.#dom;
    this.#dom.orientationButton.textContent = orientationButtonText(url);
    if (url.leafFirst !== undefined) this.#dom.leafFirstButton.setAttribute('aria-pressed', String(url.leafFirst));
    if (orientationChanged && this.#state.loaded !== undefined) {
      scroller.scrollTop = url.orientation === 'flame' ? scroller.scrollHeight : 0;
      this.#scheduleDraw(true);
    }
    if (step.zoomTo !== undefined) {
      this.#setZoom(step.zoomTo);
      if (step.served) return this.#search();
    }
    const wanted = wantedGraph(url);
    this.#load(wanted.query, wanted.zoomPath);
    if (this.#state.loaded?.query === wanted.query) this.#search();
  }

  #setZoom(node: number): void {
    this.#state = withZoom(this.#state, node);
    this.#dom.tooltip.hide();
    this.#store.update(selectFunctions(selectionOf(this.#state)));
    this.#scheduleDraw(true);
  }

  /**
   * Zooms through the URL, so back and forward undo it. An aggregate zooms into its parent with
   * all detail: the server builds that subtree without the size limit.
   */
  #navigateZoom(node: number): void {
    const { loaded } = this.#state;
    if (loaded === undefined) return;
    if (isAggregate(loaded.layout, node)) {
      const parent = loaded.layout.graph.parent[node]!;
      this.#context.navigate({ zoom: zoomPathTo(loaded.layout, parent), allDetail: true });
    } else this.#context.navigate({ zoom: zoomPathTo(loaded.layout, node) });
  }

  #load(query: string, zoomPath: string): void {
    const step = loadStep(this.#state, query, this.#recent.find(query) !== undefined);
    if (step.kind === 'wait') return;
    if (step.kind !== 'fetch') {
      // Back at a graph at hand or kept: any other answer on its way is no longer wanted.
      this.#graphRequest?.abort();
      this.#state = withLoading(this.#state, undefined);
      this.#dom.section.removeAttribute('aria-busy');
      if (step.kind === 'recent') return this.#show(query, zoomPath, this.#recent.find(query)!);
      if (this.#state.zoom !== step.node) this.#setZoom(step.node);
      return;
    }
    this.#graphRequest?.abort();
    this.#graphRequest = new AbortController();
    this.#state = withLoading(this.#state, query);
    this.#dom.section.setAttribute('aria-busy', 'true');
    if (this.#state.loaded === undefined) this.#dom.message.textContent = 'Building the flame graph…';
    this.#context.api.flameGraph(query, this.#graphRequest.signal).then(
      (graph) => {
        this.#dom.section.removeAttribute('aria-busy');
        this.#show(query, zoomPath, graph);
      },
      (error: unknown) => {
        if (isAbort(error)) return;
        this.#state = withLoading(this.#state, undefined);
        this.#dom.section.removeAttribute('aria-busy');
        this.#dom.message.textContent = '';
        this.#store.update(showError(messageOf(error)));
      },
    );
  }

  /** Shows a graph, fetched or kept: its layout and zoom, the legend, and what was left out. */
  #show(query: string, zoomPath: string, graph: WireFlameGraph): void {
    const layout = layoutFlameGraph(graph);
    this.#state = withLoaded(this.#state, {
      query,
      optionsQuery: wantedGraph(this.#state.url).optionsQuery,
      zoomPath,
      layout,
    });
    this.#renderer = new FlameGraphRenderer(this.#dom.canvas, layout);
    this.#recent.get(query, () => graph);
    this.#setZoom(this.#state.zoom);
    const { note, message, scroller } = this.#dom;
    note.textContent = droppedNote(graph);
    this.#showShape(graph);
    this.#store.update(setLegend(legendOf(graph)));
    this.#store.update(showError(undefined));
    message.textContent = emptyMessage(layout);
    scroller.hidden = message.textContent !== '';
    this.#fitCanvas();
    if (this.#state.url.orientation === 'flame') scroller.scrollTop = scroller.scrollHeight;
    this.#scheduleDraw(true);
    this.#search();
  }

  /** The Leaf first button as the graph drawn is, and why it opened leaf first, if it did by itself. */
  #showShape(graph: WireFlameGraph): void {
    const { leafFirstButton, leafFirstReason, leafFirstReasonText, rootFirstLink } = this.#dom;
    leafFirstButton.setAttribute('aria-pressed', String(graph.info.leafFirst === true));
    this.#leafFirstToggle = leafFirstToggle(graph);
    const reason = leafFirstReasonOf(this.#state.url, graph);
    leafFirstReasonText.textContent = reason;
    leafFirstReason.hidden = reason === '';
    rootFirstLink.href = this.#context.hrefOf(ROOT_FIRST);
  }

  #search(): void {
    const step = searchStep(this.#state);
    if (step.kind === 'none') return;
    this.#searchRequest?.abort();
    this.#state = withSearchKey(this.#state, step.key);
    if (step.kind === 'clear') {
      this.#store.update(setSearchStatus(''));
      return this.#scheduleDraw(true);
    }
    this.#searchRequest = new AbortController();
    this.#context.api.search(step.params, this.#searchRequest.signal).then(
      (result) => {
        this.#state = withMatches(this.#state, step.query, result.matchedNames, result.matchedAggregates);
        this.#store.update(setSearchStatus(searchStatusOf(result)));
        this.#scheduleDraw(true);
      },
      (error: unknown) => {
        if (isAbort(error)) return;
        this.#state = withSearchFailed(this.#state);
        this.#store.update(setSearchStatus(messageOf(error), true));
        this.#scheduleDraw(true);
      },
    );
  }

  /** Sizes the canvas to the window left below it and the spacer to the rest of the graph. */
  #fitCanvas(): void {
    if (this.#renderer === undefined) return;
    const { scroller, canvas, spacer } = this.#dom;
    const available = Math.max(window.innerHeight - scroller.getBoundingClientRect().top - 12, 160);
    const content = this.#renderer.contentHeightPx();
    const height = Math.min(content, available);
    canvas.style.height = `${height}px`;
    spacer.style.height = `${content - height}px`;
  }

  #scheduleDraw(listChanged = false): void {
    this.#listDirty ||= listChanged;
    if (this.#frame === 0) this.#frame = requestAnimationFrame(() => this.#draw());
  }

  #draw(): void {
    this.#frame = 0;
    const { loaded } = this.#state;
    if (loaded === undefined || this.#renderer === undefined) return;
    const dom = this.#dom;
    const state = this.#state;
    const view = this.#flameView();
    const painted = this.#renderer.draw(view);
    if (this.#listDirty) {
      this.#listDirty = false;
      dom.frameList.update(this.#renderer, view, this.#renderer.visibleFrames(view, FRAME_LIST_CAP), painted);
    }
    dom.zoomLabel.textContent = zoomLabelOf(loaded.layout, state.zoom);
    dom.resetZoom.disabled = state.zoom === 0;
    dom.actions.disabled = state.zoom === 0;
    dom.canvas.dataset.frames = String(painted);
    const { query, layout } = loaded;
    this.#store.update(
      publishFlame({ query, layout, zoom: state.zoom, orientation: state.url.orientation, widthPx: view.widthPx }),
    );
    if (dom.section.dataset.drawn !== 'true') {
      dom.section.dataset.drawn = 'true';
      performance.mark('flame-graph-drawn');
    }
  }

  #isAggregate(node: number): boolean {
    const { loaded } = this.#state;
    return loaded !== undefined && isAggregate(loaded.layout, node);
  }

  /** The frame under the pointer, or -1. */
  #hit(event: MouseEvent): { node: number; x: number; y: number } {
    const bounds = this.#dom.canvas.getBoundingClientRect();
    const [x, y] = [event.clientX - bounds.left, event.clientY - bounds.top];
    const node = this.#renderer === undefined ? -1 : this.#renderer.hitTest(this.#flameView(), x, y);
    return { node, x, y };
  }

  #openMenu(node: number, at: MouseEvent | Element): void {
    const { loaded } = this.#state;
    if (loaded !== undefined)
      this.#store.update(openRefineMenu({ target: { names: [nameOf(loaded.layout, node)] }, at }));
  }

  #onPointerMove(event: MouseEvent): void {
    const { loaded } = this.#state;
    if (loaded === undefined) return;
    const { node, x, y } = this.#hit(event);
    if (node !== this.#state.hovered) {
      this.#state = withHovered(this.#state, node);
      this.#scheduleDraw();
    }
    this.#dom.canvas.style.cursor = node >= 0 ? 'pointer' : 'default';
    if (node < 0) this.#dom.tooltip.hide();
    else {
      const match = drawnHighlight(this.#state)?.aggregates.get(node);
      this.#dom.tooltip.show(loaded.layout, node, this.#state.zoom, {
        x,
        y,
        boundsWidthPx: this.#dom.scroller.clientWidth,
        match,
      });
    }
  }

  #wireEvents(): void {
    const { canvas, scroller, tooltip, resetZoom, actions, orientationButton, leafFirstButton } = this.#dom;
    canvas.addEventListener('mousemove', (event) => this.#onPointerMove(event));
    canvas.addEventListener('mouseleave', () => {
      this.#state = withHovered(this.#state, -1);
      tooltip.hide();
      this.#scheduleDraw();
    });
    canvas.addEventListener('click', (event) => {
      const { node } = this.#hit(event);
      if (node >= 0 && (node !== this.#state.zoom || this.#isAggregate(node))) this.#navigateZoom(node);
    });
    canvas.addEventListener('contextmenu', (event) => {
      const { node } = this.#hit(event);
      if (node <= 0 || this.#isAggregate(node)) return;
      event.preventDefault();
      tooltip.hide();
      this.#openMenu(node, event);
    });
    canvas.addEventListener('keydown', (event) => {
      // Escape zooms out through the page's shortcuts (app-state.ts's escapeStep), after closing what is open.
      if (!isContextMenuKey(event) || this.#state.zoom === 0) return;
      event.preventDefault();
      this.#openMenu(this.#state.zoom, canvas);
    });
    resetZoom.addEventListener('click', () => this.#navigateZoom(0));
    actions.addEventListener('click', () => {
      if (this.#state.zoom !== 0) this.#openMenu(this.#state.zoom, actions);
    });
    // Leaf first and root first are different trees: a zoom path of one means nothing in the other.
    leafFirstButton.addEventListener('click', () =>
      this.#context.navigate({ leafFirst: this.#leafFirstToggle, zoom: '' }),
    );
    this.#dom.rootFirstLink.addEventListener(
      'click',
      onPlainClick(() => this.#context.navigate(ROOT_FIRST)),
    );
    orientationButton.addEventListener('click', () =>
      this.#context.navigate({ orientation: this.#state.url.orientation === 'icicle' ? 'flame' : 'icicle' }),
    );
    scroller.addEventListener('scroll', () => {
      tooltip.hide();
      this.#scheduleDraw(true);
    });
  }
}

export const mountFlameGraphView: ViewFactory = (container, context) => new FlameGraphView(container, context);
