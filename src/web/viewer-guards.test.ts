// SPEC §5 "Viewers" and "Slow clients" against listening viewers, over bare sockets (any Host, any
// bytes): the Host check (421), the token and its cookie (303, 401), nosniff on every answer, the
// URL length (414, and Node's 431 beyond), 408 for a dripping client, and the port range.

import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { fixtureCapture } from '../../test/support/fixture-capture.js';
import { parseRawResponse, rawGet, rawRequest, type RawResponse } from '../../test/support/raw-http.js';
import { MAX_VIEWER_URL_BYTES, createViewerToken, viewerCookieName } from './viewer-guards.js';
import { ViewerPortsExhaustedError } from './viewer-ports.js';
import { startViewerServer, type ViewerServer, type ViewerServerOptions } from './viewer-server.js';

const capture = fixtureCapture('heap-small.pb.gz', 'Heap');
const servers: ViewerServer[] = [];
async function startViewer(options: Partial<ViewerServerOptions> = {}): Promise<ViewerServer> {
  const server = await startViewerServer({ capture, host: '127.0.0.1', handOverProfile: false, ...options });
  servers.push(server);
  return server;
}

let open: ViewerServer;
let locked: ViewerServer;
let lockedToo: ViewerServer;
const token = createViewerToken();
const otherToken = createViewerToken();
before(async () => {
  [open, locked, lockedToo] = await Promise.all([
    startViewer(),
    startViewer({ token }),
    startViewer({ token: otherToken }),
  ]);
});
after(() => Promise.all(servers.map((server) => server.close())));

function assertNoSniff(response: RawResponse, what: string): void {
  assert.equal(response.headers['x-content-type-options'], 'nosniff', `${what}: ${response.status}`);
}

describe('a viewer answers only its own names', () => {
  it('answers its address and the loopback names with its port, and 421 to any other Host', async () => {
    const { port } = open;
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, `LocalHost:${port}`]) {
      const response = await rawGet(port, '/api/profile', {}, host);
      assert.equal(response.status, 200, host);
    }
    for (const host of [
      `evil.example:${port}`,
      `127.0.0.1.nip.io:${port}`,
      `localhost.evil.example:${port}`,
      `127.0.0.1:${port + 1}`,
      '127.0.0.1',
      `127.0.0.1:${port}:${port}`,
      '',
    ]) {
      const api = await rawGet(port, '/api/profile', {}, host);
      assert.equal(api.status, 421, host);
      assert.equal(JSON.parse(api.body).key, 'host', host);
      assertNoSniff(api, host);
      const page = await rawGet(port, '/top', {}, host);
      assert.equal(page.status, 421, host);
      assert.match(page.headers['content-type']!, /^text\/html/);
      assert.match(page.body, /this viewer answers only at its own address or a loopback name/);
    }
  });

  it('answers the advertised address when it is not a loopback name', async () => {
    const viewer = await startViewer({ host: '127.0.0.2' });
    const get = (host: string) =>
      rawRequest(viewer.port, `GET /api/profile HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`, '127.0.0.2');
    assert.equal((await get(`127.0.0.2:${viewer.port}`)).status, 200);
    assert.equal((await get(`localhost:${viewer.port}`)).status, 200);
    assert.equal((await get(`127.0.0.3:${viewer.port}`)).status, 421);
  });
});

describe('--viewer-auth token', () => {
  it('refuses a request without the token: JSON for the API, a short page otherwise', async () => {
    const api = await rawGet(locked.port, '/api/profile');
    assert.equal(api.status, 401);
    assert.deepEqual(JSON.parse(api.body), {
      error: "open viewer: this viewer needs its token; open the link of the capture's result (it ends with ?token=…)",
      key: 'token',
    });
    const page = await rawGet(locked.port, '/');
    assert.equal(page.status, 401);
    assert.match(page.headers['content-type']!, /^text\/html/);
    assert.match(page.body, /<p>open viewer: this viewer needs its token/);
    assert.doesNotMatch(page.body, /refresh/);
    for (const url of ['/download', '/assets/app.js', '/ui/api/top', '/nope']) {
      assert.equal((await rawGet(locked.port, url)).status, 401, url);
    }
    const wrong = await rawGet(locked.port, `/top?token=${otherToken}`);
    assert.equal(wrong.status, 401);
    assert.match(wrong.body, /the token in this link is not this viewer&#39;s/);
  });

  it('trades the token for a cookie of its own port and redirects to the URL without it', async () => {
    const response = await rawGet(locked.port, `/top?si=alloc_space&token=${token}&f=main%5E&q=a+b`);
    assert.equal(response.status, 303);
    assert.equal(response.headers.location, '/top?si=alloc_space&f=main%5E&q=a+b');
    assert.equal(
      response.headers['set-cookie'],
      `${viewerCookieName(locked.port)}=${token}; Path=/; HttpOnly; SameSite=Strict`,
    );
    assertNoSniff(response, 'redirect');
    // A path that starts like a URL of another host stays on this one.
    const sideways = await rawGet(locked.port, `//evil.example/x?token=${token}`);
    assert.equal(sideways.status, 303);
    assert.equal(sideways.headers.location, '/evil.example/x');
    assert.equal((await rawGet(locked.port, `/\\evil.example?token=${token}`)).headers.location, '/evil.example');
  });

  it("answers with the viewer's cookie, also beside another viewer's, and not with another's alone", async () => {
    const mine = `${viewerCookieName(locked.port)}=${token}`;
    const theirs = `${viewerCookieName(lockedToo.port)}=${otherToken}`;
    assert.equal((await rawGet(locked.port, '/api/profile', { cookie: mine })).status, 200);
    assert.equal((await rawGet(locked.port, '/api/profile', { cookie: `${theirs}; ${mine}` })).status, 200);
    assert.equal((await rawGet(lockedToo.port, '/api/profile', { cookie: `${mine}; ${theirs}` })).status, 200);
    assert.equal((await rawGet(locked.port, '/api/profile', { cookie: theirs })).status, 401);
    // Another viewer's token under this viewer's cookie name.
    const forged = `${viewerCookieName(locked.port)}=${otherToken}`;
    assert.equal((await rawGet(locked.port, '/api/profile', { cookie: forged })).status, 401);
    assert.equal((await rawGet(open.port, '/api/profile')).status, 200, 'a viewer without a token asks for none');
  });

  it('reloads once a cross-site navigation that SameSite=Strict left without the cookie', async () => {
    const headers = { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate' };
    const page = await rawGet(locked.port, '/top', headers);
    assert.equal(page.status, 401);
    assert.match(page.body, /<meta http-equiv="refresh" content="0">/);
    const sameOrigin = await rawGet(locked.port, '/top', { ...headers, 'sec-fetch-site': 'same-origin' });
    assert.doesNotMatch(sameOrigin.body, /refresh/);
  });
});

describe('every answer', () => {
  it('says nosniff: pages, assets, API, downloads, redirects and errors', async () => {
    const cases: [string, number][] = [
      ['/', 200],
      ['/ui/top', 200],
      ['/assets/app.css', 200],
      ['/api/profile', 200],
      ['/api/flamegraph', 200],
      ['/download', 200],
      ['/download/folded', 200],
      ['/ui?si=alloc_space', 302],
      ['/api/top?si=nope', 400],
      ['/nope', 404],
      ['/%zz', 400],
    ];
    for (const [url, status] of cases) {
      const response = await rawGet(open.port, url);
      assert.equal(response.status, status, url);
      assertNoSniff(response, url);
    }
  });

  it(`refuses a URL over ${MAX_VIEWER_URL_BYTES} bytes with 414, and Node's header limit with 431`, async () => {
    const long = await rawGet(open.port, `/api/top?f=${'a'.repeat(MAX_VIEWER_URL_BYTES)}`);
    assert.equal(long.status, 414);
    assert.match(JSON.parse(long.body).error, /^read request URL: \d+ bytes is longer than the 8192 bytes/);
    assertNoSniff(long, '414');
    const huge = await rawGet(open.port, `/api/top?f=${'a'.repeat(20 * 1024)}`);
    assert.equal(huge.status, 431);
    assert.deepEqual(JSON.parse(huge.body), {
      error: 'read request: the request line and headers are larger than 16 KiB',
    });
    assertNoSniff(huge, '431');
    const garbage = await rawRequest(open.port, 'NOT HTTP\r\n\r\n');
    assert.equal(garbage.status, 400);
    assertNoSniff(garbage, 'garbage');
  });
});

/** Writes `head`, then one `drip` every few milliseconds until the server closes; the answer. */
function drip(port: number, head: string, dripText: string): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', () => undefined); // a write racing the close; the answer is what counts
    socket.on('close', () => {
      clearInterval(timer);
      try {
        resolve(parseRawResponse(Buffer.concat(chunks).toString('utf8')));
      } catch (error) {
        reject(error);
      }
    });
    socket.write(head);
    const timer = setInterval(() => {
      if (!socket.destroyed) socket.write(dripText);
    }, 20);
  });
}

describe('slow clients', () => {
  let slow: ViewerServer;
  before(async () => {
    // The limit is the processor's 30 s in production; a small one here, so the test waits little.
    slow = await startViewer({ slowClientTimeoutMs: 300 });
  });

  it('answers 408 and closes when the headers drip in', async () => {
    const response = await drip(
      slow.port,
      `GET /api/profile HTTP/1.1\r\nHost: 127.0.0.1:${slow.port}\r\n`,
      'X-A: b\r\n',
    );
    assert.equal(response.status, 408);
    assert.deepEqual(JSON.parse(response.body), {
      error: 'read request: the headers and body did not arrive within 0.3 s',
    });
    assertNoSniff(response, '408');
  });

  it('answers 408 and closes when the body drips in', async () => {
    const head =
      `POST /api/configs HTTP/1.1\r\nHost: 127.0.0.1:${slow.port}\r\n` +
      'Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"name": "';
    const response = await drip(slow.port, head, 'a');
    assert.equal(response.status, 408);
    assertNoSniff(response, '408');
    // The viewer keeps serving.
    assert.equal((await rawGet(slow.port, '/api/profile')).status, 200);
  });
});

/** A port held by a listener of the test, and whether the next port is free (then it is left free). */
async function holdPortBelowAFreeOne(): Promise<{ held: net.Server; port: number }> {
  for (;;) {
    const held = await listen(0);
    const port = (held.address() as net.AddressInfo).port;
    const next = await listen(port + 1).catch(() => undefined);
    if (next !== undefined) {
      await new Promise((resolve) => next.close(resolve));
      return { held, port };
    }
    await new Promise((resolve) => held.close(resolve));
  }
}

function listen(port: number): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

describe('--viewer-ports', () => {
  it('listens on the first free port of the range, and refuses when none is free', async () => {
    const { held, port } = await holdPortBelowAFreeOne();
    try {
      const ports = { low: port, high: port + 1 };
      const first = await startViewer({ ports });
      assert.equal(first.port, port + 1, 'the held port is skipped');
      assert.equal((await rawGet(first.port, '/api/profile')).status, 200);
      await assert.rejects(startViewer({ ports }), (error: unknown) => {
        assert.ok(error instanceof ViewerPortsExhaustedError);
        assert.equal(
          error.message,
          `start viewer on 127.0.0.1: no free port in ${port}-${port + 1} (--viewer-ports); one frees when a viewer expires`,
        );
        return true;
      });
      await first.close();
      assert.equal((await startViewer({ ports })).port, port + 1, 'a closed viewer frees its port');
    } finally {
      await new Promise((resolve) => held.close(resolve));
    }
  });
});
