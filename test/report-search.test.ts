// The offline report's search (src/web/client/report/report-search.ts) against the viewer's server-side
// search on the same profile: the same names matched, the same value, the same refusal.

import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { fixtureCapture } from './support/fixture-capture.js';
import { decodeFlameGraph } from '../src/web/flame-graph-wire.js';
import type { SearchViewModel } from '../src/web/view-models.js';
import { buildViewerApp } from '../src/web/viewer-server.js';
import { SearchPatternError } from '../src/web/client/search-regexp.js';
import { searchFlameGraph } from '../src/web/client/report/report-search.js';

// The viewer's server-side search (`/api/search?q=`) on heap-small: the report must agree with it.
const app = buildViewerApp(fixtureCapture('heap-small.pb.gz', 'Heap'));
after(() => app.close());

async function serverSearch(pattern: string): Promise<SearchViewModel> {
  const response = await app.inject({ url: `/api/search?${new URLSearchParams({ q: pattern })}` });
  assert.equal(response.statusCode, 200, response.body);
  return response.json() as SearchViewModel;
}

async function flameGraph() {
  const body = (await app.inject({ url: '/api/flamegraph' })).rawPayload;
  return decodeFlameGraph(body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer);
}

describe("the report's search", () => {
  it("matches the names and the value the viewer's server-side search does, with Go's syntax", async () => {
    const graph = await flameGraph();
    for (const [pattern, some] of [
      ['(?i)ALLOC', 'main.allocIndex'],
      ['^runtime\\.m', 'runtime.malg'],
      ['^\\pL+\\.main$', 'main.main'],
    ] as const) {
      const server = await serverSearch(pattern);
      const search = searchFlameGraph(graph, pattern);
      const matchedNames = [...search.highlight.keys()].filter((index) => search.highlight[index] === 1);
      assert.deepEqual(
        matchedNames,
        [...server.matchedNames].sort((a, b) => a - b),
        pattern,
      );
      assert.ok(
        matchedNames.some((index) => graph.names[index] === some),
        `${pattern} matches ${some}`,
      );
      assert.deepEqual(server.matchedAggregates, [], 'heap-small has no aggregates to count apart');
      assert.equal(search.matchedValue, server.matched, pattern);
    }
  });

  it("refuses a pattern Go refuses with the server's message", async () => {
    const graph = await flameGraph();
    const response = await app.inject({ url: '/api/search?q=(%3Fi' });
    assert.equal(response.statusCode, 400);
    assert.throws(
      () => searchFlameGraph(graph, '(?i'),
      (error) => error instanceof SearchPatternError && error.message === response.json().error,
    );
    assert.equal(
      response.json().error,
      'search "(?i": error parsing regexp: invalid or unsupported Perl syntax: `(?i`',
    );
  });
});
