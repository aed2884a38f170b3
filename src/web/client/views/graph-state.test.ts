import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { GraphViewModel } from '../../view-models.js';
import { parseLocation } from '../url-state.js';
import {
  graphMatches,
  graphStatusText,
  graphStep,
  initialGraphState,
  reductionText,
  suggestedNodeCount,
  withDrawing,
  withRequest,
} from './graph-state.js';

const url = (path: string, query: string) => parseLocation(path, query).state;

describe('graph view state', () => {
  const graph: GraphViewModel = {
    legend: [],
    svg: '<svg/>',
    nodes: [
      { id: 'node1', name: 'main.a', flatText: '1', flatPercent: '10%', cumText: '2', cumPercent: '20%' },
      { id: 'node2', name: 'main.b', flatText: '1', flatPercent: '10%', cumText: '1', cumPercent: '10%' },
    ],
    edgeCount: 1,
    warnings: [],
    matchedNodes: [1],
  } as GraphViewModel;

  it('lays out again only for new options; a new search asks for the same drawing', () => {
    const start = initialGraphState(url('/graph', ''));
    assert.deepEqual(graphStep(start, url('/graph', '?f=main')), {
      kind: 'request',
      key: 'f=main',
      layoutKey: 'f=main',
      relayout: true,
    });
    const drawn = withDrawing(withRequest(start, url('/graph', '?f=main'), 'f=main'), 'f=main');
    assert.deepEqual(graphStep(drawn, url('/graph', '?f=main')), { kind: 'none' });
    assert.deepEqual(graphStep(drawn, url('/graph', '?f=main&q=b')), {
      kind: 'request',
      key: 'f=main&q=b',
      layoutKey: 'f=main',
      relayout: false,
    });
    const failed = withRequest(drawn, drawn.url, undefined);
    assert.equal(graphStep(failed, url('/graph', '?f=main')).kind, 'request');
  });

  it('says what is drawn, what the search marks and what was left out', () => {
    assert.equal(graphStatusText(graph), '2 nodes, 1 edges. Click a node to refine.');
    assert.equal(
      graphStatusText({ ...graph, nodes: [] }),
      'No nodes to show: the total is 0 or every node was filtered out.',
    );
    assert.deepEqual(graphMatches('b', graph), { marked: [1], status: '1 of 2 nodes match' });
    assert.deepEqual(graphMatches('', graph), { status: '' });
    assert.equal(reductionText(graph), undefined);
    assert.equal(
      reductionText({ ...graph, reducedFrom: { defaultNodeCount: 80, nodes: 80, edges: 400, nodeCount: 40 } }),
      "Showing n=40 (2 nodes): pprof's default n=80 keeps 80 nodes and 400 edges here, which Graphviz did not lay out within its time limit. ",
    );
    assert.equal(suggestedNodeCount(422, { suggestedNodeCount: 30 }), 30);
    assert.equal(suggestedNodeCount(400, { suggestedNodeCount: 30 }), undefined);
    assert.equal(suggestedNodeCount(422, undefined), undefined);
  });
});
