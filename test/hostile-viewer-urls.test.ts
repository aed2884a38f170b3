// Hostile URLs against a real viewer session (token on, diff bases stored under a data root), over
// a bare socket so that nothing normalizes them on the way: each is answered with its 4xx, never a
// 5xx or a stall, with `nosniff`, the API's errors in JSON naming the parameter, and the session
// keeps serving. (Evil but valid regexps are the RE2 work's table.)

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { HEAP_CAPTURE_PAIR, makeDataRoot, type TestDataRoot } from './support/data-root.js';
import { rawGet, rawRequest, type RawResponse } from './support/raw-http.js';
import { computeTop, DEFAULT_QUERY_OPTIONS } from '../src/query/index.js';
import type { TopViewModel } from '../src/web/view-models.js';
import { createViewerToken, viewerCookieName } from '../src/web/viewer-guards.js';
import { startViewerServer, type ViewerServer } from '../src/web/viewer-server.js';

interface HostileUrl {
  readonly url: string;
  readonly status: number;
  /** The parameter the JSON error names; none for errors about no parameter. */
  readonly key?: string;
  /** Headers beside the cookie and Host; `cookie: ''` sends none. */
  readonly headers?: Readonly<Record<string, string>>;
  readonly host?: string;
}

const INVALID_REGEXPS: readonly HostileUrl[] = [
  { url: '/api/top?f=(', status: 400, key: 'f' },
  { url: '/api/top?i=%5B', status: 400, key: 'i' },
  { url: '/api/top?h=a%2A%2A', status: 400, key: 'h' },
  { url: '/api/top?s=(%3Fi', status: 400, key: 's' },
  { url: '/api/top?sf=x%7B2%2C1%7D', status: 400, key: 'sf' },
  { url: '/api/top?q=%5Cp%7BNope%7D', status: 400, key: 'q' },
  { url: '/api/pivot?p=(&part=callers', status: 400, key: 'p' },
  { url: '/api/top?tf=route%3D(', status: 400, key: 'tf' },
  { url: '/api/top?ti=(', status: 400, key: 'ti' },
  { url: '/api/top?prunefrom=%5Bz-a%5D', status: 400, key: 'prunefrom' },
  { url: '/api/top?ts=)', status: 400, key: 'ts' },
  { url: '/api/top?th=%5C', status: 400, key: 'th' },
  { url: '/api/graph?f=(', status: 400, key: 'f' },
  { url: '/api/peek?f=(', status: 400, key: 'f' },
  { url: '/api/source?f=a%2A%2A', status: 400, key: 'f' },
  { url: '/api/search?q=(%3FP%3Cx', status: 400, key: 'q' },
  { url: '/api/flamegraph?i=(', status: 400, key: 'i' },
  { url: '/download/filtered?h=(', status: 400, key: 'h' },
  { url: '/download/folded?s=(', status: 400, key: 's' },
];

const BAD_NUMBERS_AND_CHOICES: readonly HostileUrl[] = [
  { url: '/api/top?n=1e9', status: 400, key: 'n' },
  { url: '/api/graph?n=abc', status: 400, key: 'n' },
  { url: '/api/top?n=99999999999999999999', status: 400, key: 'n' },
  { url: '/api/top?si=99', status: 400, key: 'si' },
  { url: '/api/top?si=-1', status: 400, key: 'si' },
  { url: '/api/flamegraph?si=..%2F..%2Fetc', status: 400, key: 'si' },
  { url: '/api/top?g=bogus', status: 400, key: 'g' },
  { url: '/api/top?nf=NaN', status: 400, key: 'nf' },
  { url: '/api/flamegraph?zoom=main.main%3B%5C', status: 400, key: 'zoom' },
  { url: '/api/search?q=main&zoom=%5Cx', status: 400, key: 'zoom' },
];

const BASE_TRAVERSALS: readonly HostileUrl[] = [
  { url: '/api/top?base=..%2F..%2Fetc%2Fpasswd', status: 400, key: 'base' },
  { url: '/api/top?base=%2Fetc%2Fpasswd', status: 400, key: 'base' },
  { url: '/api/top?base=%252e%252e%252fetc%252fpasswd', status: 400, key: 'base' },
  { url: '/api/flamegraph?base=%2e%2e%2f%2e%2e%2fsettings.json', status: 400, key: 'base' },
  { url: '/api/top?base=profilers%2F..%2F..%2F..%2Fetc%2Fpasswd', status: 400, key: 'base' },
  { url: '/api/top?base=%00', status: 400, key: 'base' },
  { url: '/download/filtered?base=go-profiler%2Fconfigs%2Fdefault.json', status: 400, key: 'base' },
];

const PATHS: readonly HostileUrl[] = [
  { url: '/%2e%2e/%2e%2e/etc/passwd', status: 404 },
  { url: '/assets/..%2f..%2fpackage.json', status: 404 },
  { url: '/assets/%2e%2e/%2e%2e/package.json', status: 404 },
  { url: '/ui/../../etc/passwd', status: 404 },
  { url: '/download/..%2f..%2f..%2fetc%2fpasswd', status: 404 },
  { url: '/api/top%00', status: 404 },
  { url: '/%zz', status: 400 },
  { url: `/api/configs/${'a'.repeat(200)}`, status: 400, headers: { 'x-method': 'DELETE' } },
];

const ACCESS: readonly HostileUrl[] = [
  { url: '/api/top', status: 421, key: 'host', host: 'rebound.evil.example' },
  { url: '/', status: 401, headers: { cookie: '' } },
  { url: '/api/top', status: 401, key: 'token', headers: { cookie: '' } },
  { url: `/api/top?token=${'0'.repeat(32)}`, status: 401, key: 'token' },
  { url: '/api/configs', status: 403, headers: { 'x-method': 'POST', 'sec-fetch-site': 'cross-site' } },
];

const OVERSIZED: readonly HostileUrl[] = [
  { url: `/api/top?f=${'a'.repeat(9 * 1024)}`, status: 414 },
  { url: `/api/top?f=${'a'.repeat(20 * 1024)}`, status: 431 },
];

let root: TestDataRoot;
let viewer: ViewerServer;
let cookie: string;
const token = createViewerToken();

before(async () => {
  root = await makeDataRoot(HEAP_CAPTURE_PAIR);
  viewer = await startViewerServer({
    capture: await root.captureOf(1),
    host: '127.0.0.1',
    token,
    handOverProfile: false,
  });
  const opened = await rawGet(viewer.port, `/?token=${token}`);
  assert.equal(opened.status, 303);
  cookie = `${viewerCookieName(viewer.port)}=${token}`;
});
after(async () => {
  await viewer?.close();
  await root?.remove();
});

function send(hostile: HostileUrl): Promise<RawResponse> {
  const { 'x-method': method = 'GET', cookie: cookieHeader = cookie, ...headers } = hostile.headers ?? {};
  const lines = [
    `${method} ${hostile.url} HTTP/1.1`,
    `Host: ${hostile.host ?? `127.0.0.1:${viewer.port}`}`,
    'Connection: close',
  ];
  if (cookieHeader !== '') lines.push(`Cookie: ${cookieHeader}`);
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  if (method === 'POST') lines.push('Content-Type: application/json', 'Content-Length: 2');
  return rawRequest(viewer.port, `${lines.join('\r\n')}\r\n\r\n${method === 'POST' ? '{}' : ''}`);
}

describe('hostile viewer URLs', () => {
  const tables = { INVALID_REGEXPS, BAD_NUMBERS_AND_CHOICES, BASE_TRAVERSALS, PATHS, ACCESS, OVERSIZED };
  const all = Object.values(tables).flat();

  it(`answers each of ${all.length} hostile URLs with its 4xx`, async () => {
    assert.equal(all.length, 51, 'the rows of the tables');
    for (const hostile of all) {
      const what = `${hostile.headers?.['x-method'] ?? 'GET'} ${hostile.url.slice(0, 80)}`;
      const response = await send(hostile);
      assert.equal(response.status, hostile.status, `${what}: ${response.body.slice(0, 300)}`);
      assert.equal(response.headers['x-content-type-options'], 'nosniff', what);
      if (response.headers['content-type']?.startsWith('application/json')) {
        const body = JSON.parse(response.body) as { error: unknown; key?: unknown };
        assert.equal(typeof body.error, 'string', what);
        assert.equal(body.key, hostile.key, `${what}: ${body.error}`);
        assert.ok(!String(body.error).includes(root.dataRoot), `${what} names the data root`);
      } else {
        assert.equal(hostile.key, undefined, `${what}: a JSON error naming ${hostile.key} was expected`);
      }
    }
  });

  it('reads no file a URL names, and keeps serving', async () => {
    for (const hostile of [...BASE_TRAVERSALS, ...PATHS]) {
      const response = await send(hostile);
      assert.doesNotMatch(response.body, /root:x:0:0|"name": "go-profiler"/, hostile.url);
    }
    const top = await send({ url: '/api/top', status: 200 });
    assert.equal(top.status, 200);
    const rows = (JSON.parse(top.body) as TopViewModel).rows.map((row) => row.name);
    const expected = computeTop((await root.captureOf(1)).profile, DEFAULT_QUERY_OPTIONS).rows.map((row) => row.name);
    assert.deepEqual(rows, expected, "the engine's Top of the capture");
    assert.equal(rows.length, 320);
    const diffed = await send({ url: `/api/top?base=${encodeURIComponent(root.records[0]!.file)}`, status: 200 });
    assert.equal(diffed.status, 200, 'a listed base is still diffed');
  });

  it('answers a raw NUL byte in the request line as bad HTTP', async () => {
    const response = await rawRequest(
      viewer.port,
      `GET /api/top\u0000 HTTP/1.1\r\nHost: 127.0.0.1:${viewer.port}\r\n\r\n`,
    );
    assert.equal(response.status, 400);
    assert.equal(response.headers['x-content-type-options'], 'nosniff');
  });

  it('ignores unknown parameters, whatever their values, as pprof does', async () => {
    const response = await send({ url: '/api/top?__proto__=1&constructor=%ff%fe&zzz=%00&n=', status: 200 });
    assert.equal(response.status, 400, 'an empty n is still a bad n');
    assert.equal(JSON.parse(response.body).key, 'n');
    const unknown = await send({ url: '/api/top?__proto__=1&constructor=%ff%fe&zzz=%00&toString=x', status: 200 });
    assert.equal(unknown.status, 200);
  });
});
