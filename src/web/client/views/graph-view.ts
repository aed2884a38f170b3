// The Graph view (`/graph`): pprof's call graph as Graphviz lays it out on the server, with pan
// and zoom (wheel, drag, buttons, keys), pprof's legend in the header, search matches marked, and
// each function node opening the refine menu. Graphviz's time grows steeply with the number of
// edges; when the server gives up, the view says so and links to a node count that fits. The
// state is graph-state.ts's.

import type { GraphViewModel } from '../../view-models.js';
import { ApiError } from '../api-client.js';
import { appLink } from '../app-link.js';
import { openRefineMenu, setLegend, setSearchStatus, showError, type AppState } from '../app-state.js';
import { h } from '../dom.js';
import { importGraphSvg } from '../graph/graph-svg.js';
import { wireGraphNodes, type DrawnNodes } from '../graph/graph-nodes.js';
import { heaviestNode, minNodeFontSize, nodeBoxes } from '../graph/graph-geometry.js';
import { createMinimap } from '../graph/minimap.js';
import { ZOOM_STEP_FACTOR, installPanZoom, type PanZoom } from '../graph/pan-zoom.js';
import { readableViewBox, type ViewBox } from '../graph/view-box.js';
import '../graph/graph.css';
import { stopAll, watch, type Store } from '../store.js';
import type { ViewState } from '../url-state.js';
import {
  graphMatches,
  graphStatusText,
  graphStep,
  initialGraphState,
  reductionText,
  suggestedNodeCount,
  withDrawing,
  withRequest,
  type GraphState,
} from './graph-state.js';
import { isAbort, messageOf, type View, type ViewContext, type ViewFactory } from './view.js';

interface Drawn {
  readonly graph: GraphViewModel;
  readonly nodes: DrawnNodes;
  readonly panZoom: PanZoom;
}

function toolButton(label: string, text: string, onClick: () => void): HTMLButtonElement {
  return h('button', {
    className: 'icon-button',
    text,
    attrs: { type: 'button', 'aria-label': label, title: label },
    on: { click: onClick },
  });
}

/** The time-limit answer: what happened, and a link to the node count the server suggests. */
function tooLargeMessage(context: ViewContext, error: ApiError): HTMLElement | undefined {
  const suggested = suggestedNodeCount(error.status, error.body);
  if (suggested === undefined) return undefined;
  return h(
    'div',
    { className: 'graph-too-large', attrs: { role: 'alert' } },
    h('p', { text: `${error.message}.` }),
    h(
      'p',
      {},
      appLink(context, { options: { nodeCount: suggested } }, `Show ${suggested} nodes (n=${suggested})`, {
        id: 'graph-smaller',
      }),
      ': few enough edges for Graphviz, whose time grows steeply with them. Top and the flame graph show every function.',
    ),
  );
}

/** Says that fewer nodes than pprof's default are drawn, and links to the full graph. */
function reductionNotice(context: ViewContext, graph: GraphViewModel): HTMLElement[] {
  const text = reductionText(graph);
  const from = graph.reducedFrom;
  if (text === undefined || from === undefined) return [];
  const n = from.defaultNodeCount;
  return [
    h(
      'p',
      { className: 'graph-reduced', attrs: { role: 'note' } },
      text,
      appLink(context, { options: { nodeCount: n } }, `Try n=${n} anyway`, { id: 'graph-full' }),
      ' (it may run past the time limit again).',
    ),
  ];
}

class GraphView implements View {
  #state: GraphState;
  readonly #store: Store<AppState>;
  #drawn: Drawn | undefined;
  #request: AbortController | undefined;
  readonly #status = h('span', { className: 'graph-status', attrs: { role: 'status', 'aria-live': 'polite' } });
  readonly #stage = h('div', {
    id: 'graph-stage',
    className: 'graph-stage',
    attrs: {
      tabindex: '0',
      'aria-label': 'Call graph: drag or use the arrow keys to move, the wheel or + and − to zoom, 0 to fit',
    },
  });
  readonly #message = h('div', { className: 'graph-message' });
  readonly #tools: HTMLButtonElement[];
  readonly #section: HTMLElement;
  readonly #sizeStage = () => {
    // The stage fills the window below the header; the page itself does not scroll.
    const top = this.#stage.getBoundingClientRect().top + window.scrollY;
    this.#stage.style.height = `${Math.max(window.innerHeight - top - 12, 320)}px`;
  };
  readonly #stop: () => unknown;

  readonly #container: HTMLElement;
  readonly #context: ViewContext;

  constructor(container: HTMLElement, context: ViewContext) {
    this.#container = container;
    this.#context = context;
    this.#store = context.store;
    this.#state = initialGraphState(this.#store.get().location.state);
    this.#tools = [
      toolButton('Zoom in', '+', () => this.#drawn?.panZoom.zoomBy(ZOOM_STEP_FACTOR)),
      toolButton('Zoom out', '−', () => this.#drawn?.panZoom.zoomBy(1 / ZOOM_STEP_FACTOR)),
      toolButton('Fit the whole graph', 'Fit', () => this.#drawn?.panZoom.fit()),
    ];
    const toolbar = h('div', { className: 'graph-toolbar' }, ...this.#tools, this.#status);
    this.#section = h(
      'section',
      { className: 'graph-view', attrs: { 'aria-label': 'Graph' } },
      toolbar,
      this.#message,
      this.#stage,
    );
    container.replaceChildren(this.#section);
    window.addEventListener('resize', this.#sizeStage);
    this.#stop = watch(
      this.#store,
      (s) => s.location.state,
      (url) => this.#onUrl(url),
    );
  }

  destroy(): void {
    stopAll([this.#stop]);
    this.#request?.abort();
    window.removeEventListener('resize', this.#sizeStage);
    this.#clearDrawing();
    this.#container.replaceChildren();
  }

  /** Without a drawing there is nothing to pan or zoom: no empty stage, no buttons. */
  #showStage(shown: boolean): void {
    this.#stage.hidden = !shown;
    for (const button of this.#tools) button.hidden = !shown;
  }

  #clearDrawing(): void {
    this.#drawn?.panZoom.destroy();
    this.#drawn = undefined;
    this.#state = withDrawing(this.#state, undefined);
    this.#stage.replaceChildren();
    this.#section.dataset.drawn = 'false';
  }

  #onUrl(url: ViewState): void {
    const step = graphStep(this.#state, url);
    this.#state = withRequest(this.#state, url, this.#state.requestedKey);
    if (step.kind === 'none') return;
    this.#state = withRequest(this.#state, url, step.key);
    this.#request?.abort();
    this.#request = new AbortController();
    this.#section.setAttribute('aria-busy', 'true');
    if (step.relayout) {
      this.#section.dataset.drawn = 'false';
      this.#showStage(true);
      this.#stage.classList.add('loading');
      this.#status.textContent = 'Laying out the graph with Graphviz…';
    }
    this.#context.api.graph(step.key, this.#request.signal).then(
      (graph) => {
        this.#section.removeAttribute('aria-busy');
        this.#stage.classList.remove('loading');
        this.#message.replaceChildren(...reductionNotice(this.#context, graph));
        this.#store.update(showError(undefined));
        this.#draw(step.layoutKey, graph);
      },
      (error: unknown) => {
        if (!isAbort(error)) this.#fail(error);
      },
    );
  }

  #fail(error: unknown): void {
    this.#section.removeAttribute('aria-busy');
    this.#stage.classList.remove('loading');
    this.#state = withRequest(this.#state, this.#state.url, undefined);
    this.#clearDrawing();
    this.#showStage(false);
    this.#status.textContent = '';
    this.#store.update(setLegend([]));
    this.#store.update(setSearchStatus(''));
    const tooLarge = error instanceof ApiError ? tooLargeMessage(this.#context, error) : undefined;
    if (tooLarge !== undefined) this.#message.replaceChildren(tooLarge);
    else this.#store.update(showError(messageOf(error)));
  }

  /**
   * Pan and zoom, opening at a readable zoom centred on the heaviest node, and the overview in a
   * corner that shows (and moves) the view.
   */
  #installView(svg: SVGSVGElement, bounds: ViewBox, graph: GraphViewModel): PanZoom {
    const boxes = nodeBoxes(svg);
    const heaviestId = heaviestNode(graph.nodes)?.id;
    const heaviest = boxes.find((box) => box.id === heaviestId);
    const focus =
      heaviest === undefined
        ? { x: bounds.x + bounds.width / 2, y: bounds.y + bounds.height / 2 }
        : { x: heaviest.x + heaviest.width / 2, y: heaviest.y + heaviest.height / 2 };
    const minFontSize = minNodeFontSize(svg);
    // The overview moves the view that is installed after it (its first view is drawn on it).
    const installed: { panZoom?: PanZoom } = {};
    const minimap = createMinimap(bounds, boxes, (x, y) => installed.panZoom?.centreOn(x, y));
    this.#stage.append(minimap.element);
    const panZoom = installPanZoom(this.#stage, svg, bounds, {
      firstView: (size) => readableViewBox(bounds, size, focus, minFontSize),
      onView: (box) => minimap.show(box),
    });
    installed.panZoom = panZoom;
    return panZoom;
  }

  /** Draws a new layout, or (only the search changed) keeps the drawing, its pan and zoom. */
  #draw(layoutKey: string, graph: GraphViewModel): void {
    if (this.#drawn !== undefined && this.#state.drawnLayoutKey === layoutKey) {
      this.#drawn = { ...this.#drawn, graph };
    } else {
      this.#clearDrawing();
      this.#showStage(true);
      const { svg, bounds } = importGraphSvg(graph.svg);
      svg.classList.add('graph-svg');
      this.#stage.append(svg);
      this.#sizeStage();
      const panZoom = this.#installView(svg, bounds, graph);
      const nodes = wireGraphNodes(svg, graph.nodes, {
        wasDrag: panZoom.wasDrag,
        openMenu: (request) => this.#store.update(openRefineMenu(request)),
      });
      this.#drawn = { graph, nodes, panZoom };
      this.#state = withDrawing(this.#state, layoutKey);
    }
    this.#status.textContent = graphStatusText(graph);
    this.#store.update(setLegend(graph.legend));
    const matches = graphMatches(this.#state.url.search, graph);
    this.#drawn.nodes.mark(matches.marked);
    this.#store.update(setSearchStatus(matches.status));
    this.#section.dataset.drawn = 'true';
  }
}

export const mountGraphView: ViewFactory = (container, context) => new GraphView(container, context);
