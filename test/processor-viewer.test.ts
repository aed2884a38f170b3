// The seed's story end to end: a KubeDiag-shaped request to the running processor captures a live
// Go program's heap; the answered address, opened in a real Chromium, draws its flame graph with
// the program's function names (read through the accessible frame list, SPEC §3: the engine's
// widest frames of the stored profile); at expiry the address stops answering.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { decodeProfile } from '../src/pprof/index.js';
import { buildFlameGraph, DEFAULT_QUERY_OPTIONS, type FlameGraph } from '../src/query/index.js';
import { FLAME_GRAPH_LIMITS } from '../src/web/viewer-queries.js';
import {
  launchBrowser,
  readFrameList,
  saveScreenshot,
  waitForFlameGraph,
  type BrowserSession,
} from './support/browser.js';
import { startGoTarget, type GoTarget } from './support/go-target.js';
import { ManualClock } from './support/manual-clock.js';
import { startTestProcessor, viewerPort, type TestProcessor } from './support/test-processor.js';

const R = 'diagnoser.runtime.go_profiler.result.';

let target: GoTarget;
let processor: TestProcessor;
const clock = new ManualClock();

before(async () => {
  [target, processor] = await Promise.all([
    // Every allocation recorded (rate 1), so the retained heap's call paths are all in the profile
    // whatever the moment of capture.
    startGoTarget(['-stacks', '16', '-depth', '8', '-leak', '1', '-memprofilerate', '1', '-cpu', '0']),
    startTestProcessor({ clock }),
  ]);
});

after(async () => {
  await processor?.close();
  await target?.stop();
});

describe('the processor end to end in a browser', () => {
  it("opens the answered address on a flame graph of the live program's heap, then closes it at expiry", async () => {
    const { status, json } = await processor.post({ source: target.url, type: 'Heap', expirationSeconds: 300 });
    assert.equal(status, 200, JSON.stringify(json));
    const address = /^Visit (http:\/\/\S+), this server/.exec(String(json[`${R}endpoint`]))?.[1];
    assert.ok(address);

    // The viewer counts down to the session's expiry, measured by the session manager's clock.
    const summary = (await (await fetch(`${address}/api/profile`)).json()) as Record<string, unknown>;
    assert.equal(summary.expiresAt, json[`${R}expires_at`]);
    assert.equal(summary.expiresInMs, 300_000);

    let browser: BrowserSession | undefined;
    try {
      browser = await launchBrowser();
      const page = await browser.newPage();
      await page.goto(address);
      await waitForFlameGraph(page);
      await saveScreenshot(page, 'processor-live-heap-flame-graph');

      // The frames listed are the engine's flame graph of the stored capture, widest first (then in
      // pre-order), as many as the caption says: the page's own cut (what the canvas is wide enough
      // to draw, at most a cap; test/browser/flame-graph.test.ts checks it on a fixture).
      const profile = decodeProfile(readFileSync(path.join(processor.dataRoot, String(json[`${R}file`]))));
      const graph = buildFlameGraph(profile, DEFAULT_QUERY_OPTIONS, FLAME_GRAPH_LIMITS);
      const nameOf = (node: number) => graph.names[graph.nameIndex[node]!]!;
      const listed = await readFrameList(page);
      assert.match(
        (await page.textContent('.frame-list-caption')) ?? '',
        new RegExp(`^\\d+ frames drawn; the ${listed.length} widest are listed\\.$`),
      );
      assert.deepEqual(
        listed.map((frame) => [frame.node, frame.name]),
        widestFrames(graph)
          .slice(0, listed.length)
          .map((node) => [node, nameOf(node)]),
      );
      // The target's generated call paths (main.parseRequest, main.hashBlock, ...) hold its retained heap.
      assert.ok(
        listed.some((frame) => /^main\.[a-z]+[A-Z]\w+$/.test(frame.name)),
        listed.map((frame) => frame.name).join(', '),
      );
      assert.deepEqual(browser.externalRequests, [], 'the page loads nothing from outside');

      clock.advance(300_000);
      await assert.rejects(page.goto(`http://127.0.0.1:${viewerPort(json)}/`), /ERR_CONNECTION_REFUSED/);
    } finally {
      await browser?.close();
    }
  });

  it('lets a second capture of the same program diff against the first', async () => {
    const first = await processor.post({ source: target.url, type: 'Heap', expirationSeconds: 60 });
    // Captures are stored by the second: the clock moves so the second gets its own folder.
    clock.advance(1000);
    const second = await processor.post({ source: target.url, type: 'Heap', expirationSeconds: 60 });
    assert.equal(second.status, 200, JSON.stringify(second.json));
    const viewer = `http://127.0.0.1:${viewerPort(second.json)}`;
    const listing = (await (await fetch(`${viewer}/api/bases`)).json()) as { bases: { file: string }[] };
    assert.ok(
      listing.bases.some((base) => base.file === first.json[`${R}file`]),
      JSON.stringify(listing),
    );
    const top = await fetch(`${viewer}/api/top?${new URLSearchParams({ base: String(first.json[`${R}file`]) })}`);
    assert.equal(top.status, 200);
    // An idle program's two heaps may not differ at all: the diff is answered either way.
    assert.match(((await top.json()) as { legend: string[] }).legend.join('\n'), /^Showing nodes accounting for /m);
    clock.advance(60_000);
  });
});

/** The graph's frames, widest first, then in pre-order (as the page lists them). */
function widestFrames(graph: FlameGraph): number[] {
  const width = (node: number) => Math.abs(graph.cum[node]!);
  return Array.from({ length: graph.nodeCount }, (_, node) => node).sort((a, b) => width(b) - width(a) || a - b);
}
