// The Graph view (`/graph`): pprof's call graph as Graphviz lays it out on the server, with pan
// and zoom (wheel, drag, buttons, keys), pprof's legend in the header, search matches marked, and
// each function node opening the refine menu. Graphviz's time grows steeply with the number of
// edges; when the server gives up, the view says so and links to a node count that fits.

import type { GraphViewModel } from '../../view-models.js';
import { ApiError } from '../api-client.js';
import { h } from '../dom.js';
import { importGraphSvg } from '../graph/graph-svg.js';
import { wireGraphNodes, type DrawnNodes } from '../graph/graph-nodes.js';
import { ZOOM_STEP_FACTOR, installPanZoom, type PanZoom } from '../graph/pan-zoom.js';
import '../graph/graph.css';
import { optionsQuery, type ViewState } from '../url-state.js';
import { isAbort, messageOf, type View, type ViewContext, type ViewFactory } from './view.js';

interface Drawn {
  /** The options the layout is for (a new search needs no new layout). */
  readonly layoutKey: string;
  readonly graph: GraphViewModel;
  readonly nodes: DrawnNodes;
  readonly panZoom: PanZoom;
}

function toolButton(label: string, text: string, onClick: () => void): HTMLButtonElement {
  const button = h('button', {
    className: 'icon-button',
    text,
    attrs: { type: 'button', 'aria-label': label, title: label },
  });
  button.addEventListener('click', onClick);
  return button;
}

/** A link to this graph at another node count (`n`), navigating in place on a plain click. */
function nodeCountLink(context: ViewContext, nodeCount: number, text: string, id: string): HTMLElement {
  const link = h('a', { text, attrs: { href: context.hrefOf({ options: { nodeCount } }), id } });
  link.addEventListener('click', (event) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    context.navigate({ options: { nodeCount } });
  });
  return link;
}

/** The time-limit answer: what happened, and a link to the node count the server suggests. */
function tooLargeMessage(context: ViewContext, error: ApiError): HTMLElement | undefined {
  const suggested = error.body?.suggestedNodeCount;
  if (error.status !== 422 || typeof suggested !== 'number') return undefined;
  return h(
    'div',
    { className: 'graph-too-large', attrs: { role: 'alert' } },
    h('p', { text: `${error.message}.` }),
    h(
      'p',
      {},
      nodeCountLink(context, suggested, `Show ${suggested} nodes (n=${suggested})`, 'graph-smaller'),
      ': few enough edges for Graphviz, whose time grows steeply with them. Top and the flame graph show every function.',
    ),
  );
}

/** Says that fewer nodes than pprof's default are drawn, and links to the full graph. */
function reductionNotice(context: ViewContext, graph: GraphViewModel): HTMLElement | undefined {
  const from = graph.reducedFrom;
  if (from === undefined) return undefined;
  return h(
    'p',
    { className: 'graph-reduced', attrs: { role: 'note' } },
    `Showing n=${from.nodeCount} (${graph.nodes.length} nodes): pprof's default n=${from.defaultNodeCount} keeps ` +
      `${from.nodes} nodes and ${from.edges} edges here, which Graphviz takes minutes to lay out. `,
    nodeCountLink(context, from.defaultNodeCount, `Try n=${from.defaultNodeCount} anyway`, 'graph-full'),
    ' (it may run past the time limit).',
  );
}

export const mountGraphView: ViewFactory = (container, context, initial): View => {
  let state = initial;
  let drawn: Drawn | undefined;
  let request: AbortController | undefined;
  let requestedKey: string | undefined;

  const status = h('span', { className: 'graph-status', attrs: { role: 'status', 'aria-live': 'polite' } });
  const stage = h('div', {
    id: 'graph-stage',
    className: 'graph-stage',
    attrs: {
      tabindex: '0',
      'aria-label': 'Call graph: drag or use the arrow keys to move, the wheel or + and − to zoom, 0 to fit',
    },
  });
  const toolbar = h(
    'div',
    { className: 'graph-toolbar' },
    toolButton('Zoom in', '+', () => drawn?.panZoom.zoomBy(ZOOM_STEP_FACTOR)),
    toolButton('Zoom out', '−', () => drawn?.panZoom.zoomBy(1 / ZOOM_STEP_FACTOR)),
    toolButton('Fit the whole graph', 'Fit', () => drawn?.panZoom.fit()),
    status,
  );
  const message = h('div', { className: 'graph-message' });
  const section = h('section', { className: 'graph-view', attrs: { 'aria-label': 'Graph' } }, toolbar, message, stage);
  container.replaceChildren(section);

  // The stage fills the window below the header; the page itself does not scroll.
  const sizeStage = () => {
    const top = stage.getBoundingClientRect().top + window.scrollY;
    stage.style.height = `${Math.max(window.innerHeight - top - 12, 320)}px`;
  };
  window.addEventListener('resize', sizeStage);

  const tools = [...toolbar.querySelectorAll('button')];
  /** Without a drawing there is nothing to pan or zoom: no empty stage, no buttons. */
  const showStage = (shown: boolean) => {
    stage.hidden = !shown;
    for (const button of tools) button.hidden = !shown;
  };
  const clearDrawing = () => {
    drawn?.panZoom.destroy();
    drawn = undefined;
    stage.replaceChildren();
    section.dataset.drawn = 'false';
  };

  const showMatches = () => {
    if (drawn === undefined) return;
    const matched = drawn.graph.matchedNodes;
    drawn.nodes.mark(state.search === '' ? undefined : matched);
    context.setSearchStatus(
      state.search === '' || matched === undefined
        ? ''
        : `${matched.length} of ${drawn.graph.nodes.length} nodes match`,
    );
  };

  const draw = (layoutKey: string, graph: GraphViewModel) => {
    if (drawn?.layoutKey === layoutKey) {
      // Only the search changed: same drawing, same pan and zoom.
      drawn = { ...drawn, graph };
    } else {
      clearDrawing();
      showStage(true);
      const { svg, bounds } = importGraphSvg(graph.svg);
      svg.classList.add('graph-svg');
      stage.append(svg);
      sizeStage();
      const panZoom = installPanZoom(stage, svg, bounds);
      const nodes = wireGraphNodes(svg, graph.nodes, { wasDrag: panZoom.wasDrag });
      drawn = { layoutKey, graph, nodes, panZoom };
    }
    status.textContent =
      graph.nodes.length === 0
        ? 'No nodes to show: the total is 0 or every node was filtered out.'
        : `${graph.nodes.length} nodes, ${graph.edgeCount} edges. Click a node to refine.`;
    context.setLegend(graph.legend);
    showMatches();
    section.dataset.drawn = 'true';
  };

  const update = (next: ViewState) => {
    state = next;
    const layoutKey = optionsQuery(state.options);
    const params = new URLSearchParams(layoutKey);
    if (state.search !== '') params.set('q', state.search);
    const key = params.toString();
    if (key === requestedKey) return;
    requestedKey = key;
    request?.abort();
    request = new AbortController();
    const relayout = drawn?.layoutKey !== layoutKey;
    section.setAttribute('aria-busy', 'true');
    if (relayout) {
      section.dataset.drawn = 'false';
      showStage(true);
      stage.classList.add('loading');
      status.textContent = 'Laying out the graph with Graphviz…';
    }
    context.api.graph(key, request.signal).then(
      (graph) => {
        section.removeAttribute('aria-busy');
        stage.classList.remove('loading');
        message.replaceChildren(...[reductionNotice(context, graph)].filter((notice) => notice !== undefined));
        context.showError(undefined);
        draw(layoutKey, graph);
      },
      (error: unknown) => {
        if (isAbort(error)) return;
        section.removeAttribute('aria-busy');
        stage.classList.remove('loading');
        requestedKey = undefined;
        clearDrawing();
        showStage(false);
        status.textContent = '';
        context.setLegend([]);
        context.setSearchStatus('');
        const tooLarge = error instanceof ApiError ? tooLargeMessage(context, error) : undefined;
        if (tooLarge !== undefined) message.replaceChildren(tooLarge);
        else context.showError(messageOf(error));
      },
    );
  };
  update(initial);

  return {
    update,
    destroy: () => {
      request?.abort();
      window.removeEventListener('resize', sizeStage);
      clearDrawing();
      container.replaceChildren();
    },
  };
};
