import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { WireFlameGraph } from '../../flame-graph-wire.js';
import { flameGraphOfRows, type FlameRow } from '../flame/flame-graph-rows.js';
import { layoutFlameGraph } from '../flame/flame-layout.js';
import { parseLocation } from '../url-state.js';
import {
  drawnHighlight,
  droppedNote,
  emptyMessage,
  initialFlameGraphState,
  leafFirstReasonOf,
  leafFirstToggle,
  legendOf,
  loadStep,
  orientationButtonText,
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
  type LoadedGraph,
} from './flame-graph-state.js';

// root(10) → main(10) → a(7) → [b;x(4), c(2)];  main → d(3)
const ROWS: readonly FlameRow[] = [
  [0, 'root', 10, 0],
  [1, 'main', 10, 0],
  [2, 'a', 7, 1],
  [3, 'b;x', 4, 4],
  [3, 'c', 2, 2],
  [2, 'd', 3, 3],
];

function graphOf(rows: readonly FlameRow[], changes: Partial<WireFlameGraph> = {}, zoomNode?: number): WireFlameGraph {
  const graph = flameGraphOfRows(rows);
  const info = { ...graph.info, minFraction: 0.0001, ...changes.info, ...(zoomNode === undefined ? {} : { zoomNode }) };
  return { ...graph, ...changes, info };
}

const url = (query: string) => parseLocation('/flamegraph', query).state;

function loaded(query: string, graph: WireFlameGraph): LoadedGraph {
  const { optionsQuery, zoomPath } = wantedGraph(url(query));
  return { query: wantedGraph(url(query)).query, optionsQuery, zoomPath, layout: layoutFlameGraph(graph) };
}

function showing(query: string, graph: WireFlameGraph): FlameGraphState {
  return withLoaded(initialFlameGraphState(url(query)), loaded(query, graph));
}

describe('flame graph view state', () => {
  it('asks for the shape the URL names (leaf=1, leaf=0) or, without one, the profile’s default', () => {
    assert.equal(wantedGraph(url('?leaf=1')).query, 'leaf=1');
    assert.equal(wantedGraph(url('?leaf=0&zoom=main')).query, 'leaf=0&zoom=main');
    assert.equal(wantedGraph(url('?leaf=0')).optionsQuery, 'leaf=0');
    assert.equal(wantedGraph(url('?leaf=yes')).query, '');
  });

  it('says why a graph opened leaf first by itself, and only then', () => {
    const reason = '88% of in-use space is in call stacks under 0.01% each';
    const leafByDefault = graphOf(ROWS, { info: { ...graphOf(ROWS).info, leafFirst: true, defaultLeafFirst: reason } });
    assert.equal(leafFirstReasonOf(url(''), leafByDefault), `Opened leaf first: ${reason}`);
    assert.equal(leafFirstReasonOf(url('?leaf=1'), leafByDefault), '', 'the URL chose');
    const rootAsked = graphOf(ROWS, { info: { ...graphOf(ROWS).info, defaultLeafFirst: reason } });
    assert.equal(leafFirstReasonOf(url('?leaf=0'), rootAsked), '');
    assert.equal(leafFirstReasonOf(url(''), graphOf(ROWS)), '');
  });

  it('toggles to the other shape, leaving `leaf` out of the URL when that shape is the default', () => {
    const info = graphOf(ROWS).info;
    const reason = 'why';
    assert.equal(leafFirstToggle(graphOf(ROWS)), true);
    assert.equal(leafFirstToggle(graphOf(ROWS, { info: { ...info, leafFirst: true } })), 'default');
    assert.equal(
      leafFirstToggle(graphOf(ROWS, { info: { ...info, leafFirst: true, defaultLeafFirst: reason } })),
      false,
    );
    assert.equal(leafFirstToggle(graphOf(ROWS, { info: { ...info, defaultLeafFirst: reason } })), 'default');
  });

  it('asks for the options and the zoom path of a URL state', () => {
    assert.deepEqual(wantedGraph(url('?si=alloc_space&zoom=main%3Ba&q=enc')), {
      query: 'si=alloc_space&zoom=main%3Ba',
      optionsQuery: 'si=alloc_space',
      zoomPath: 'main;a',
    });
    assert.deepEqual(wantedGraph(url('')), { query: '', optionsQuery: '', zoomPath: '' });
  });

  it('zooms at once in a whole graph that lost nothing, and asks again only when it was pruned', () => {
    const whole = showing('', graphOf(ROWS));
    assert.deepEqual(urlStep(whole, url('?zoom=main%3Ba')), { zoomTo: 2, served: true });
    assert.deepEqual(urlStep(whole, url('?zoom=main%3Ba%3Bb%5C%3Bx')), { zoomTo: 3, served: true });
    const pruned = showing('', graphOf(ROWS, { droppedNodes: 5 }));
    assert.deepEqual(urlStep(pruned, url('?zoom=main%3Ba')), { zoomTo: 2, served: false });
  });

  it('zooms in a zoomed graph only inside its subtree', () => {
    const zoomed = showing('?zoom=main%3Ba', graphOf(ROWS, {}, 2));
    assert.deepEqual(urlStep(zoomed, url('?zoom=main%3Ba%3Bc')), { zoomTo: 4, served: false });
    assert.deepEqual(urlStep(zoomed, url('?zoom=main')), { zoomTo: undefined, served: false });
    assert.deepEqual(urlStep(zoomed, url('')), { zoomTo: undefined, served: false });
  });

  it('does not zoom in place for other options, the same graph, or a path it does not hold', () => {
    const whole = showing('', graphOf(ROWS));
    assert.deepEqual(urlStep(whole, url('?f=main&zoom=main')), { zoomTo: undefined, served: false });
    assert.deepEqual(urlStep(whole, url('')), { zoomTo: undefined, served: false });
    assert.deepEqual(urlStep(whole, url('?zoom=main%3Bc')), { zoomTo: undefined, served: false });
    assert.deepEqual(urlStep(initialFlameGraphState(url('')), url('?zoom=main')), { zoomTo: undefined, served: false });
  });

  it('waits for a graph on its way, shows its own zoom for the one at hand, else the kept one, else fetches', () => {
    const zoomed = showing('?zoom=main%3Ba', graphOf(ROWS, {}, 2));
    const loading = withLoading(zoomed, 'f=main');
    assert.deepEqual(loadStep(loading, 'f=main', false), { kind: 'wait' });
    assert.deepEqual(loadStep(loading, 'zoom=main%3Ba', false), { kind: 'own-zoom', node: 2 });
    assert.deepEqual(loadStep(loading, 'i=x', true), { kind: 'recent' });
    assert.deepEqual(loadStep(loading, 'i=x', false), { kind: 'fetch' });
  });

  it('shows a new graph at its own zoom, nothing hovered, nothing loading', () => {
    const before = withHovered(withZoom(withLoading(initialFlameGraphState(url('')), 'zoom=main'), 4), 3);
    const graph = loaded('?zoom=main', graphOf(ROWS, {}, 1));
    assert.deepEqual(withLoaded(before, graph), {
      ...before,
      loaded: graph,
      loadingQuery: undefined,
      zoom: 1,
      hovered: -1,
    });
    assert.equal(withHovered(before, 3), before);
    assert.deepEqual(withZoom(before, 2), { ...before, zoom: 2, hovered: -1 });
  });

  it('writes a frame’s zoom path and selects the zoomed frame for the Refine menu', () => {
    const whole = showing('', graphOf(ROWS));
    assert.equal(zoomPathTo(whole.loaded!.layout, 3), 'main;a;b\\;x');
    assert.equal(zoomPathTo(whole.loaded!.layout, 0), '');
    assert.deepEqual(selectionOf(whole), []);
    assert.deepEqual(selectionOf(withZoom(whole, 3)), ['b;x']);
    assert.deepEqual(selectionOf(withZoom(initialFlameGraphState(url('')), 3)), []);
  });

  it('asks the search about the graph drawn once per graph and search, and clears it without one', () => {
    const searching = withUrl(showing('?zoom=main', graphOf(ROWS, {}, 1)), url('?zoom=main&q=%5Eb'));
    const step = searchStep(searching);
    assert.deepEqual(step, { kind: 'request', key: 'zoom=main\n^b', query: 'zoom=main', params: 'zoom=main&q=%5Eb' });
    const asked = withSearchKey(searching, 'zoom=main\n^b');
    assert.deepEqual(searchStep(asked), { kind: 'none' });
    const cleared = withUrl(asked, url('?zoom=main'));
    assert.deepEqual(searchStep(cleared), { kind: 'clear', key: 'zoom=main\n' });
    assert.deepEqual(searchStep(initialFlameGraphState(url('?f=x&q=y'))), {
      kind: 'request',
      key: 'f=x\ny',
      query: 'f=x',
      params: 'f=x&q=y',
    });
  });

  it('highlights the matched names of the graph drawn, and nothing for another graph or after a failure', () => {
    const searching = withUrl(showing('', graphOf(ROWS)), url('?q=c'));
    const matched = withMatches(searching, '', [4, 1, 99]);
    assert.deepEqual([...drawnHighlight(matched)!.names], [0, 1, 0, 0, 1, 0]);
    assert.deepEqual(matched.highlight, {
      query: '',
      names: Uint8Array.from([0, 1, 0, 0, 1, 0]),
      aggregates: new Map(),
    });
    const stale = withMatches(searching, 'f=main', [1]);
    assert.deepEqual(stale.highlight, { query: 'f=main', names: new Uint8Array(0), aggregates: new Map() });
    assert.equal(drawnHighlight(stale), undefined);
    assert.deepEqual(withSearchFailed(withSearchKey(matched, '\nc')), {
      ...matched,
      searchKey: '',
      highlight: undefined,
    });
    assert.equal(withSearchKey(withUrl(matched, url('')), '\n').highlight, undefined);
  });

  it('says what was not drawn, why nothing is, and what the zoom shows', () => {
    const pruned = graphOf(ROWS, { droppedNodes: 7, nodeCount: 6 });
    assert.equal(
      droppedNote(pruned),
      '7 call subtrees under 0.01% of the total or beyond the 6 widest frames are drawn as hatched aggregates (click one for its detail).',
    );
    assert.deepEqual(legendOf(pruned), [
      'Type: samples',
      '7 call subtrees under 0.01% of the total or beyond the 6 widest frames are drawn as hatched aggregates (click one for its detail).',
    ]);
    assert.equal(
      droppedNote(graphOf(ROWS, { droppedNodes: 2, info: { ...pruned.info, maxNodes: 100 } }, 2)),
      '2 call subtrees under 0.01% of the zoomed frame are drawn as hatched aggregates (click one for its detail).',
    );
    assert.deepEqual(legendOf(graphOf(ROWS)), ['Type: samples']);
    assert.equal(emptyMessage(layoutFlameGraph(graphOf(ROWS))), '');
    assert.equal(
      emptyMessage(layoutFlameGraph(graphOf([[0, 'root', 0, 0]]))),
      'This profile has no samples of this type: the total is 0, so there is nothing to draw.',
    );
    assert.equal(
      emptyMessage(layoutFlameGraph(flameGraphOfRows([[0, 'root', 0, 0]], [5]))),
      'The two captures do not differ in this sample type, so there is no change to draw.',
    );
  });

  it('labels the zoom, saying when a leaf-looking frame had its callees pruned', () => {
    const layout = layoutFlameGraph(graphOf(ROWS));
    assert.equal(zoomLabelOf(layout, 0), '');
    assert.equal(zoomLabelOf(layout, 2), 'Zoomed into a');
    assert.equal(zoomLabelOf(layout, 4), 'Zoomed into c');
    const cut = layoutFlameGraph(
      graphOf(
        [
          [0, 'root', 10, 0],
          [1, 'main', 10, 2],
        ],
        {},
        1,
      ),
    );
    assert.equal(
      zoomLabelOf(cut, 1),
      'Zoomed into main; its callees are each under 0.01% of this frame and are not drawn',
    );
    assert.equal(orientationButtonText(url('')), 'Flame (root at bottom)');
    assert.equal(orientationButtonText(url('?orient=flame')), 'Icicle (root on top)');
  });
});
