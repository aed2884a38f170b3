// `--max-stack-depth` on the real processor: a source serving absurdly deep stacks (a loopback
// server written for the test, serving profiles built with src/pprof's encoder) gets a truncated
// capture whose viewer says so, or a refusal naming the limit; the processor keeps serving.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { decodeProfile } from '../src/pprof/index.js';
import { deepStackProfile } from './support/hostile-profiles.js';
import { startTestProcessor, viewerPort, type TestProcessor } from './support/test-processor.js';
import { waitFor } from './support/wait-for.js';

const R = 'diagnoser.runtime.go_profiler.result.';

/** `/debug/pprof/heap` (path `/<frames>/debug/pprof/heap`): one sample of `<frames>` frames. */
let source: { url: string; close(): Promise<void> };
let processor: TestProcessor;

before(async () => {
  const bodies = new Map<string, Uint8Array>();
  const server = http.createServer((request, response) => {
    const frames = /^\/(\d+)\/debug\/pprof\/heap$/.exec(request.url ?? '')?.[1];
    if (frames === undefined) return void response.writeHead(404).end();
    let body = bodies.get(frames);
    if (body === undefined) bodies.set(frames, (body = deepStackProfile([Number(frames)])));
    response.writeHead(200, { 'content-type': 'application/octet-stream' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  source = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  processor = await startTestProcessor({ trust: { maxStackDepth: 4096 } });
});

after(async () => {
  await processor?.close();
  await source?.close();
});

describe('--max-stack-depth', () => {
  it('truncates a 100,000-frame stack to 4096 frames plus (truncated 95904 frames); the details say so', async () => {
    const { status, json } = await processor.post({ source: `${source.url}/100000`, type: 'Heap' });
    assert.equal(status, 200, JSON.stringify(json));
    assert.equal(json[`${R}samples`], '1');
    const viewer = `http://127.0.0.1:${viewerPort(json)}`;
    const summary = (await (await fetch(`${viewer}/api/profile`)).json()) as { details: Record<string, unknown> };
    assert.equal(summary.details.truncatedStacks, '1 sample deeper than 4096 frames kept its 4096 leaf-most frames');
    const top = await fetch(`${viewer}/api/top?f=truncated`);
    assert.equal(top.status, 200);
    assert.match(await top.text(), /\(truncated 95904 frames\)/);
    // The stored file is the body as served, every frame of it, as go tool pprof would read it.
    const stored = decodeProfile(readFileSync(path.join(processor.dataRoot, String(json[`${R}file`]))));
    assert.equal(stored.samples.stackLocations.length, 100_000);
  });

  it('refuses a 20,000,000-frame stack with a 500 naming the limit; nothing is stored', async () => {
    // The earlier capture's offline report comes after its answer: counted once written.
    await waitFor(() => processor.logs.some((line) => /offline report (not )?written/.test(line)), 'its report');
    const before = readdirSync(processor.dataRoot, { recursive: true }).length;
    const { status, json } = await processor.post({ source: `${source.url}/20000000`, type: 'Heap' });
    assert.equal(status, 500);
    assert.equal(
      json.error,
      `fetch ${source.url}/20000000/debug/pprof/heap: not a profile: the answer is gzip data (69684 bytes): sample 0 has more than 1048576 frames (256 × the maximum stack depth of 4096): refused as absurd`,
    );
    assert.equal(readdirSync(processor.dataRoot, { recursive: true }).length, before);
    assert.equal(await (await fetch(`${processor.url}/healthz`)).text(), 'ok\n');
  });
});
