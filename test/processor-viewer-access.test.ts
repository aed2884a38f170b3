// SPEC §5 through the running processor: `--viewer-auth token` puts a capability URL in the
// sentence and the viewer asks for it; `--viewer-ports` bounds the ports (503 with Retry-After when
// none is free); each viewer's diff bases and saved configs are its namespace's, and no answer
// names the data root. The source is a loopback server of the test serving a real heap profile.

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fixturePath } from './support/fixtures.js';
import { ManualClock } from './support/manual-clock.js';
import { isPortOpen } from './support/ports.js';
import { rawGet } from './support/raw-http.js';
import { startTestProcessor, viewerPort, type TestProcessor } from './support/test-processor.js';

const R = 'diagnoser.runtime.go_profiler.result.';
const SENTENCE =
  /^Visit http:\/\/127\.0\.0\.1:(\d+)\/\?token=([0-9a-f]{32}), this server will expire in 300 seconds\.$/;
const heapBytes = readFileSync(fixturePath('heap-small.pb.gz'));

let source: http.Server;
let sourceUrl: string;
before(async () => {
  source = http.createServer((_request, response) => response.end(heapBytes));
  await new Promise<void>((resolve) => source.listen(0, '127.0.0.1', resolve));
  sourceUrl = `http://127.0.0.1:${(source.address() as AddressInfo).port}`;
});
after(() => new Promise((resolve) => source.close(resolve)));

describe('a processor with --viewer-auth token', () => {
  let processor: TestProcessor;
  before(async () => {
    processor = await startTestProcessor({ trust: { viewerAuth: 'token' } });
  });
  after(() => processor?.close());

  const capture = async (namespace: string, extra: Record<string, string> = {}) => {
    const { status, json } = await processor.post({
      source: sourceUrl,
      type: 'Heap',
      expirationSeconds: 300,
      'diagnosis.namespace': namespace,
      'diagnosis.name': 'slow-checkout',
      ...extra,
    });
    assert.equal(status, 200, JSON.stringify(json));
    const [, port, token] = SENTENCE.exec(String(json[`${R}endpoint`])) ?? assert.fail(String(json[`${R}endpoint`]));
    const cookie = `go-profiler-viewer-${port}=${token}`;
    return { port: Number(port), token: token!, cookie, file: String(json[`${R}file`]) };
  };

  it('answers a capability URL, and the viewer lets in only who has it', async () => {
    const first = await capture('team-a');
    const second = await capture('team-a');
    assert.notEqual(first.token, second.token, 'each viewer has its own token');
    assert.equal(
      viewerPort({
        [`${R}endpoint`]: `Visit http://127.0.0.1:${first.port}/?token=${first.token}, this server will expire in 300 seconds.`,
      }),
      first.port,
    );

    const opened = await rawGet(first.port, `/?token=${first.token}`);
    assert.equal(opened.status, 303);
    assert.equal(opened.headers.location, '/');
    assert.equal(opened.headers['set-cookie'], `${first.cookie}; Path=/; HttpOnly; SameSite=Strict`);
    assert.equal((await rawGet(first.port, '/api/profile', { cookie: first.cookie })).status, 200);
    assert.equal((await rawGet(first.port, '/api/profile')).status, 401);
    assert.equal((await rawGet(first.port, `/?token=${second.token}`)).status, 401);
    assert.equal((await rawGet(first.port, '/download', { cookie: second.cookie })).status, 401);
    assert.equal(
      (await rawGet(first.port, '/api/profile', { cookie: first.cookie }, `evil.example:${first.port}`)).status,
      421,
    );
  });

  it("scopes diff bases and saved configs to the capture's namespace, and names no path", async () => {
    const a1 = await capture('team-c');
    const a2 = await capture('team-c');
    // A pod's namespace is the capture's, whatever the Diagnosis's.
    const b = await capture('team-c', { 'pod.namespace': 'team-d', 'pod.name': 'web-0' });
    const get = async (viewer: typeof a1, url: string) => {
      const response = await rawGet(viewer.port, url, { cookie: viewer.cookie });
      assert.ok(!response.body.includes(processor.dataRoot), `${url} names the data root: ${response.body}`);
      return response;
    };
    const bases = JSON.parse((await get(a2, '/api/bases')).body) as { bases: { file: string }[] };
    assert.deepEqual(
      bases.bases.map((base) => base.file),
      [a1.file],
    );
    const none = JSON.parse((await get(b, '/api/bases')).body) as { bases: unknown[]; unavailable: string };
    assert.deepEqual(none.bases, []);
    assert.match(none.unavailable, /in namespace team-d/);
    const refused = await get(b, `/api/top?base=${encodeURIComponent(a1.file)}`);
    assert.equal(refused.status, 400);
    assert.equal(JSON.parse(refused.body).key, 'base');

    const save = await fetch(`http://127.0.0.1:${a1.port}/api/configs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: a1.cookie },
      body: JSON.stringify({ name: 'mine', query: 'f=main' }),
    });
    assert.equal(save.status, 200);
    const listed = JSON.parse((await get(a2, '/api/configs')).body);
    assert.deepEqual(listed, { configs: [{ name: 'mine', query: 'f=main' }], scope: 'namespace team-c' });
    assert.deepEqual(JSON.parse((await get(b, '/api/configs')).body), { configs: [], scope: 'namespace team-d' });
    assert.ok(existsSync(path.join(processor.dataRoot, 'go-profiler', 'configs', 'team-c.json')));
    await get(a1, '/api/profile');
  });
});

/** A port free a moment ago (its listener closed). */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('a processor with --viewer-ports', () => {
  it('gives viewers ports of the range only, and 503 with Retry-After until one frees', async () => {
    const port = await freePort();
    const clock = new ManualClock();
    const processor = await startTestProcessor({ clock, trust: { viewerPorts: { low: port, high: port } } });
    try {
      const request = { source: sourceUrl, type: 'Heap', expirationSeconds: 300 };
      const first = await processor.post(request);
      assert.equal(first.status, 200, JSON.stringify(first.json));
      assert.equal(viewerPort(first.json), port);

      clock.advance(100_000);
      const busy = await processor.post(request);
      assert.equal(busy.status, 503);
      assert.equal(busy.headers.get('retry-after'), '200', 'until the live viewer expires');
      assert.match(
        String(busy.json.error),
        new RegExp(
          `^start viewer on 127\\.0\\.0\\.1: no free port in ${port}-${port} \\(--viewer-ports\\); .* \\(the profile is stored: profilers/`,
        ),
      );

      clock.advance(200_000); // the first viewer expires and frees its port once closed
      while (await isPortOpen(port)) await new Promise((resolve) => setTimeout(resolve, 10));
      const again = await processor.post(request);
      assert.equal(again.status, 200, JSON.stringify(again.json));
      assert.equal(viewerPort(again.json), port);
    } finally {
      await processor.close();
    }
  });
});
