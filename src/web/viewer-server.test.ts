import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { DEFAULT_QUERY_OPTIONS, withOptions, buildFlameGraph } from '../query/index.js';
import { fixturePath, loadFixture, REPO_ROOT } from '../../test/support/fixtures.js';
import { decodeFlameGraph } from './flame-graph-wire.js';
import { FLAME_GRAPH_LIMITS } from './viewer-queries.js';
import { buildViewerApp, startViewerServer, type DecodedCapture } from './viewer-server.js';

const rawBytes = new Uint8Array(readFileSync(fixturePath('heap-small.pb.gz')));
const capture: DecodedCapture = {
  profile: loadFixture('heap-small.pb.gz'),
  rawBytes,
  file: 'profilers/go/pprof/20261125065500/default.demo.Heap.prof',
  type: 'Heap',
  source: 'http://127.0.0.1:6060',
  capturedAt: new Date('2026-11-25T06:55:00Z'),
};
const app = buildViewerApp(capture);
after(() => app.close());

function arrayBufferOf(body: Buffer): ArrayBuffer {
  return body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer;
}

describe('viewer routes', () => {
  it("serves the page at every pprof route, at / and under /ui/, loading only the session's own assets", async () => {
    for (const prefix of ['', '/ui']) {
      for (const route of ['/', '/flamegraph', '/top', '/graph', '/peek', '/source']) {
        const response = await app.inject({ url: `${prefix}${route}?si=alloc_space` });
        assert.equal(response.statusCode, 200, `${prefix}${route}`);
        assert.match(response.headers['content-type'] as string, /^text\/html/);
        assert.match(response.body, /<script type="module" src="\.\/assets\/app\.js"><\/script>/);
        assert.doesNotMatch(response.body, /(src|href)="(https?:)?\/\//);
        assert.match(response.headers['content-security-policy'] as string, /script-src 'self'/);
      }
    }
    const redirect = await app.inject({ url: '/ui?si=alloc_space' });
    assert.equal(redirect.statusCode, 302);
    assert.equal(redirect.headers.location, '/ui/?si=alloc_space');
  });

  it('serves the bundled client under both prefixes, gzipped to browsers that take it', async () => {
    for (const [url, file] of [
      ['/assets/app.js', 'app.js'],
      ['/ui/assets/app.js', 'app.js'],
      ['/assets/app.css', 'app.css'],
      ['/ui/assets/search-regexp.js', 'search-regexp.js'],
    ] as const) {
      const built = readFileSync(path.join(REPO_ROOT, 'dist/web/client', file));
      const plain = await app.inject({ url });
      assert.equal(plain.statusCode, 200, url);
      assert.equal(plain.headers['content-encoding'], undefined, url);
      assert.deepEqual(plain.rawPayload, built, url);
      for (const acceptEncoding of ['gzip, deflate, br, zstd', 'br;q=1.0, gzip;q=0.8']) {
        const gzipped = await app.inject({ url, headers: { 'accept-encoding': acceptEncoding } });
        assert.equal(gzipped.headers['content-encoding'], 'gzip', `${url} ${acceptEncoding}`);
        assert.equal(gzipped.headers.vary, 'accept-encoding');
        assert.deepEqual(gunzipSync(gzipped.rawPayload), built, url);
        assert.ok(gzipped.rawPayload.length < built.length / 2, `${url}: gzip saves more than half`);
      }
      const refused = await app.inject({ url, headers: { 'accept-encoding': 'gzip;q=0, identity' } });
      assert.equal(refused.headers['content-encoding'], undefined, url);
      assert.deepEqual(refused.rawPayload, built, url);
    }
  });

  it('downloads the raw capture byte for byte', async () => {
    for (const url of ['/download', '/ui/download']) {
      const response = await app.inject({ url });
      assert.equal(response.statusCode, 200);
      assert.deepEqual(new Uint8Array(response.rawPayload), rawBytes);
      assert.match(response.headers['content-disposition'] as string, /filename="default\.demo\.Heap\.prof"/);
    }
  });

  it('describes the capture and its sample types', async () => {
    const summary = (await app.inject({ url: '/api/profile' })).json();
    assert.deepEqual(
      summary.sampleTypes.map((t: { type: string }) => t.type),
      ['alloc_objects', 'alloc_space', 'inuse_objects', 'inuse_space'],
    );
    assert.equal(summary.defaultSampleIndex, 3);
    assert.equal(summary.source, 'http://127.0.0.1:6060');
    assert.equal(summary.capturedAt, '2026-11-25T06:55:00.000Z');
  });

  it("sends the engine's flame graph for the URL's options", async () => {
    for (const query of ['', 'si=alloc_space', 'si=alloc_objects&f=main']) {
      const response = await app.inject({ url: `/ui/api/flamegraph?${query}` });
      assert.equal(response.statusCode, 200, query);
      const sent = decodeFlameGraph(arrayBufferOf(response.rawPayload));
      const params = new URLSearchParams(query);
      const options = withOptions(DEFAULT_QUERY_OPTIONS, {
        sampleIndex: params.get('si') ?? '',
        focus: params.get('f') ?? '',
      });
      const expected = buildFlameGraph(capture.profile, options, FLAME_GRAPH_LIMITS);
      assert.equal(sent.total, expected.total, query);
      assert.equal(sent.nodeCount, expected.nodeCount, query);
      assert.deepEqual([...sent.cum], [...expected.cum], query);
      assert.deepEqual(
        Array.from(sent.nameIndex, (i) => sent.names[i]),
        Array.from(expected.nameIndex, (i) => expected.names[i]),
        query,
      );
    }
  });

  it("heads the flame graph with pprof's legend lines about the profile and filters", async () => {
    for (const query of ['', 'si=alloc_space&f=main&i=runtime']) {
      const top = (await app.inject({ url: `/api/top?${query}` })).json();
      const sent = decodeFlameGraph(arrayBufferOf((await app.inject({ url: `/api/flamegraph?${query}` })).rawPayload));
      const profileLines = top.legend.slice(
        0,
        top.legend.findIndex((line: string) => line.startsWith('Showing')),
      );
      assert.deepEqual(sent.info.legend.slice(0, -1), profileLines, query);
      assert.match(sent.info.legend.at(-1) ?? '', /^Showing nodes accounting for \S+, [\d.]+% of \S+ total$/);
    }
  });

  it('answers a search with the matching names and their share', async () => {
    const result = (await app.inject({ url: '/api/search?q=^main%5C.allocIndex$' })).json();
    const graph = decodeFlameGraph(arrayBufferOf((await app.inject({ url: '/api/flamegraph' })).rawPayload));
    assert.deepEqual(
      result.matchedNames.map((i: number) => graph.names[i]),
      ['main.allocIndex'],
    );
    const focused = buildFlameGraph(
      capture.profile,
      withOptions(DEFAULT_QUERY_OPTIONS, { focus: '^main\\.allocIndex$' }),
      FLAME_GRAPH_LIMITS,
    );
    assert.deepEqual([result.matched, result.reportTotal], [focused.total, graph.reportTotal]);
  });

  it('names the bad parameter in a 400 and keeps serving', async () => {
    const cases: [string, string | undefined, RegExp][] = [
      ['/api/top?n=abc', 'n', /option n: "abc" is not a number/],
      ['/api/flamegraph?g=bogus', 'g', /option g/],
      ['/api/top?f=(', 'f', /parse regexp "\(": error parsing regexp: missing closing \): `\(`/],
      [
        '/ui/api/search?q=(unclosed',
        'q',
        /search "\(unclosed": error parsing regexp: missing closing \): `\(unclosed`/,
      ],
      ['/api/flamegraph?si=bogus', 'si', /sample index "bogus": must be one of: alloc_objects, alloc_space/],
      ['/api/top?si=7', 'si', /sample index 7/],
    ];
    for (const [url, key, message] of cases) {
      const response = await app.inject({ url });
      assert.equal(response.statusCode, 400, url);
      const body = response.json();
      assert.equal(body.key, key, url);
      assert.match(body.error, message, url);
    }
    const missing = await app.inject({ url: '/nope' });
    assert.equal(missing.statusCode, 404);
    assert.match(missing.json().error, /no such page/);
    assert.equal((await app.inject({ url: '/api/top' })).statusCode, 200);
  });

  it('listens on a port of its own until closed', async () => {
    const server = await startViewerServer({ capture, host: '127.0.0.1' });
    const response = await fetch(`http://127.0.0.1:${server.port}/api/profile`);
    assert.equal(response.status, 200);
    await server.close();
    await assert.rejects(fetch(`http://127.0.0.1:${server.port}/api/profile`));
  });
});
