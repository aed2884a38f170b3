// The viewer's regexp parameters (f, i, h, s, sf, prunefrom, tf, ti, p, q) with patterns that
// would make a backtracking engine run for ages on 50k–100k character names: each answers right
// and the viewer keeps serving (`/api/top?f=(.%2B)%2BQQQ` once froze the process for 40 s). A
// stall would hang this file: that is how it fails. Bad patterns are 400s with Go's reason.

import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import {
  EVIL_PATTERNS,
  LONG,
  LONG_TOTAL,
  LONG_VALUES,
  labelledLongNamesProfile,
  shortName as short,
  valueOf as sum,
} from '../../test/support/evil-regexps.js';
import { decodeFlameGraph } from './flame-graph-wire.js';
import type { PeekViewModel, SearchViewModel, TopViewModel } from './view-models.js';
import { buildViewerApp } from './viewer-server.js';

// main → LONG → leaf, each sample labelled fn=LONG.
const app = buildViewerApp({
  profile: labelledLongNamesProfile(),
  rawBytes: new Uint8Array(0),
  file: 'profilers/go/pprof/20261125065500/default.demo.Heap.prof',
  type: 'Heap',
  source: 'http://127.0.0.1:6060',
  capturedAt: new Date('2026-11-25T06:55:00Z'),
});
after(() => app.close());

async function get<T>(path: string, parameters: Record<string, string>): Promise<T> {
  const response = await app.inject({ url: `${path}?${new URLSearchParams(parameters)}` });
  assert.equal(response.statusCode, 200, `${path} ${JSON.stringify(parameters)}: ${response.body.slice(0, 300)}`);
  return response.json() as T;
}

/** Top's rows as short name → flat. */
async function top(parameters: Record<string, string>): Promise<Map<string, number>> {
  const model = await get<TopViewModel>('/api/top', parameters);
  return new Map(model.rows.map((row) => [short(row.name), row.flat]));
}

const flatSum = (rows: Map<string, number>) => [...rows.values()].reduce((total, flat) => total + flat, 0);

describe('viewer regexp parameters with evil patterns on long names', () => {
  for (const [pattern, matched] of EVIL_PATTERNS) {
    it(`${pattern}: f, i, h, s, sf, prunefrom, tf, ti`, async () => {
      assert.equal(flatSum(await top({ f: pattern })), sum(matched));
      assert.equal(flatSum(await top({ i: pattern })), LONG_TOTAL - sum(matched));
      const hidden = await top({ h: pattern });
      assert.deepEqual(
        LONG.filter((s) => hidden.has(s)),
        LONG.filter((s) => !matched.includes(s)),
      );
      assert.deepEqual([...(await top({ s: pattern })).keys()].sort(), [...matched].sort());
      assert.equal(flatSum(await top({ sf: pattern })), sum(matched));
      const pruned = await top({ prunefrom: pattern });
      assert.equal(pruned.get('leaf'), LONG_TOTAL - sum(matched));
      for (const s of matched) assert.equal(pruned.get(s), LONG_VALUES[s]);
      assert.equal(flatSum(await top({ tf: `fn=${pattern}` })), sum(matched));
      assert.equal(flatSum(await top({ ti: `fn=${pattern}` })), LONG_TOTAL - sum(matched));
    });

    it(`${pattern}: q on top, search and peek, f on peek, p on the pivot`, async () => {
      const marked = await get<TopViewModel>('/api/top', { q: pattern });
      assert.deepEqual(
        marked.rows.filter((row) => row.matched).map((row) => short(row.name)),
        LONG.filter((s) => matched.includes(s)).sort((a, b) => LONG_VALUES[b] - LONG_VALUES[a]),
      );
      const search = await get<SearchViewModel>('/api/search', { q: pattern });
      assert.equal(search.matched, sum(matched));
      const peek = await get<PeekViewModel>('/api/peek', { f: pattern, q: pattern });
      assert.deepEqual(peek.entries.map((entry) => short(entry.name)).sort(), [...matched].sort());
      assert.ok(peek.entries.every((entry) => entry.matched === true));
      for (const part of ['callers', 'callees']) {
        const response = await app.inject({ url: `/api/pivot?${new URLSearchParams({ p: pattern, part })}` });
        assert.equal(response.statusCode, 200);
        const body = response.rawPayload;
        const graph = decodeFlameGraph(
          body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer,
        );
        assert.equal(graph.total, sum(matched));
      }
    });
  }

  it("refuses a bad pattern with a 400 naming the parameter and Go's reason, and keeps serving", async () => {
    const cases: [string, string, string][] = [
      ['/api/top?f=(', 'f', 'parse option focus: parse regexp "(": error parsing regexp: missing closing ): `(`'],
      [
        '/api/top?h=%5Cp%7BKawi%7D',
        'h',
        'parse option hide: parse regexp "\\\\p{Kawi}": error parsing regexp: invalid character class range: `\\p{Kawi}`',
      ],
      [
        '/api/top?tf=fn%3D(%3F%3Cn%3Ex)',
        'tf',
        'parse option tagfocus: parse regexp "(?<n>x)": error parsing regexp: invalid or unsupported Perl syntax: `(?<`',
      ],
      [
        '/api/top?sf=a%7B2%2C1%7D',
        'sf',
        'parse option show_from: parse regexp "a{2,1}": error parsing regexp: invalid repeat count: `{2,1}`',
      ],
      ['/api/search?q=x**', 'q', 'search "x**": error parsing regexp: invalid nested repetition operator: `**`'],
      ['/api/peek?f=%5Cz%5C8', 'f', 'peek "\\\\z\\\\8": error parsing regexp: invalid escape sequence: `\\8`'],
    ];
    for (const [url, key, error] of cases) {
      const response = await app.inject({ url });
      assert.equal(response.statusCode, 400, url);
      assert.deepEqual(response.json(), { error, key }, url);
    }
    assert.equal(flatSum(await top({ f: '\\pL' })), LONG_TOTAL);
  });
});
