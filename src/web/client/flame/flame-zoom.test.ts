import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { profileFromCollapsed } from '../../../pprof/index.js';
import { buildFlameGraph, DEFAULT_QUERY_OPTIONS } from '../../../query/index.js';
import { decodeFlameGraph, encodeFlameGraph } from '../../flame-graph-wire.js';
import { QueryCache } from '../../query-cache.js';
import { layoutFlameGraph } from './flame-layout.js';
import { findPath, graphQuery } from './flame-zoom.js';

const engineGraph = buildFlameGraph(profileFromCollapsed('main;a;b 4\nmain;a;c 2\nmain;d 3'), DEFAULT_QUERY_OPTIONS);
const bytes = encodeFlameGraph(engineGraph, { legend: [], minFraction: 0, maxNodes: 10, outputUnit: '', warnings: [] });
const layout = layoutFlameGraph(decodeFlameGraph(bytes.buffer.slice(bytes.byteOffset) as ArrayBuffer));
const nameOf = (node: number) => layout.graph.names[layout.graph.nameIndex[node]!];

describe('zoom lookups in the client', () => {
  it('finds the frame at the end of a call path, or says it is not there', () => {
    assert.equal(findPath(layout, []), 0);
    assert.equal(nameOf(findPath(layout, ['main', 'a', 'c'])), 'c');
    assert.equal(nameOf(findPath(layout, ['main', 'd'])), 'd');
    assert.equal(findPath(layout, ['main', 'c']), -1);
    assert.equal(findPath(layout, ['main', 'a', 'b', 'x']), -1);
  });

  it('adds the zoom to the query only when zoomed', () => {
    assert.equal(graphQuery('si=alloc_space', ''), 'si=alloc_space');
    assert.equal(graphQuery('si=alloc_space', 'main;a\\;b'), 'si=alloc_space&zoom=main%3Ba%5C%3Bb');
  });

  it('keeps the last graphs, the most recent last to go', () => {
    const cache = new QueryCache<string>(2);
    cache.get('a', () => 'A');
    cache.get('b', () => 'B');
    assert.equal(cache.find('a'), 'A');
    cache.get('c', () => 'C');
    assert.equal(cache.find('b'), undefined);
    assert.equal(cache.find('a'), 'A');
  });
});
