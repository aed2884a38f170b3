import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FlameGraphWireError, decodeFlameGraph, encodeFlameGraph, type FlameGraphColumns } from './flame-graph-wire.js';

// root(10) → main.a(7) → main.b(4); root → main.<c>&"x"(3): a name with markup and quotes.
const graph: FlameGraphColumns = {
  sampleType: { type: 'inuse_space', unit: 'bytes' },
  total: 10,
  reportTotal: 12,
  names: ['root', 'main.a', 'main.b', 'main.<c>&"x"'],
  shortNames: ['root', 'a', 'b', '<c>&"x"'],
  nodeCount: 4,
  nameIndex: Uint32Array.of(0, 1, 2, 3),
  aggregated: Uint32Array.of(0, 0, 0, 5),
  depth: Uint16Array.of(0, 1, 2, 1),
  parent: Int32Array.of(-1, 0, 1, 0),
  cum: Float64Array.of(10, 7, 4, 3),
  flat: Float64Array.of(0, 3, 4, 3),
  droppedNodes: 2,
};
const info = { legend: ['Type: inuse_space'], minFraction: 0.0001, maxNodes: 60000, outputUnit: 'MB', warnings: [] };

function bufferOf(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

describe('flame graph wire format', () => {
  it('round-trips every column, the names and the info', () => {
    const decoded = decodeFlameGraph(bufferOf(encodeFlameGraph(graph, info)));
    assert.deepEqual(decoded.names, graph.names);
    assert.deepEqual(decoded.shortNames, graph.shortNames);
    assert.equal(decoded.reportTotal, 12);
    assert.deepEqual([...decoded.cum], [...graph.cum]);
    assert.deepEqual([...decoded.flat], [...graph.flat]);
    assert.deepEqual([...decoded.parent], [...graph.parent]);
    assert.deepEqual([...decoded.nameIndex], [...graph.nameIndex]);
    assert.deepEqual([...decoded.depth], [...graph.depth]);
    assert.deepEqual([...decoded.aggregated], [0, 0, 0, 5]);
    assert.equal(decoded.baseCum, undefined);
    assert.equal(decoded.total, 10);
    assert.equal(decoded.droppedNodes, 2);
    assert.deepEqual(decoded.sampleType, graph.sampleType);
    assert.deepEqual(decoded.info, info);
  });

  it('carries a diff base column when there is one, and values beyond 2^32', () => {
    const big = 2 ** 40 + 3;
    const withBase = { ...graph, cum: Float64Array.of(big, 7, 4, 3), baseCum: Float64Array.of(8, -2, 5, 0) };
    const decoded = decodeFlameGraph(bufferOf(encodeFlameGraph(withBase, info)));
    assert.deepEqual([...(decoded.baseCum ?? [])], [8, -2, 5, 0]);
    assert.equal(decoded.cum[0], big);
  });

  it('sends each name once however many nodes use it', () => {
    const n = 1000;
    const repeated: FlameGraphColumns = {
      ...graph,
      names: ['root', 'runtime.mallocgc'],
      shortNames: undefined,
      nodeCount: n,
      nameIndex: Uint32Array.from({ length: n }, (_, i) => (i === 0 ? 0 : 1)),
      aggregated: new Uint32Array(n),
      depth: Uint16Array.from({ length: n }, (_, i) => (i === 0 ? 0 : 1)),
      parent: Int32Array.from({ length: n }, (_, i) => (i === 0 ? -1 : 0)),
      cum: new Float64Array(n).fill(1),
      flat: new Float64Array(n),
    };
    const bytes = encodeFlameGraph(repeated, info);
    const text = new TextDecoder().decode(bytes);
    assert.equal(text.split('runtime.mallocgc').length - 1, 1);
    // The header with its two names, then about 30 bytes of columns per node.
    assert.equal(bytes.length, 30_288);
  });

  it('refuses bodies that are not a flame graph, naming why', () => {
    const good = encodeFlameGraph(graph, info);
    const cases: [Uint8Array, RegExp][] = [
      [new Uint8Array(3), /too short/],
      [new TextEncoder().encode('<html>error</html>'), /not PFG2/],
      [good.slice(0, good.length - 2), /expected \d+ for 4 nodes/],
    ];
    const badParent = encodeFlameGraph({ ...graph, parent: Int32Array.of(-1, 0, 5, 0) }, info);
    cases.push([badParent, /node 2 has parent 5/]);
    for (const [bytes, reason] of cases) {
      assert.throws(
        () => decodeFlameGraph(bufferOf(bytes)),
        (error: Error) => error instanceof FlameGraphWireError && reason.test(error.message),
      );
    }
  });
});
