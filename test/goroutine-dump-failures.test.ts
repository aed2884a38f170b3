// A goroutine dump that cannot be had (issue 12, s7): through the real processor, a source that
// serves every profile of the real Go target but fails `debug=2` (a 500, an HTML page, a hang cut by
// the fetch's time limit) still gets its Goroutine capture or bundle; the sidecar, a warning in the
// log and the Goroutines view's API say why, as our errors phrase it, never echoing what came. Where
// the dump works, a bundle's goroutine profile has the Goroutines view of the bundle's dump.

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readCaptureRecord } from '../src/store/index.js';
import {
  FAILURE_PAGE,
  FAILURE_TEXT,
  startDumpFailingProxy,
  type DumpFailingProxy,
} from './support/dump-failing-proxy.js';
import { startGoTarget, type GoTarget } from './support/go-target.js';
import { startTestProcessor, viewerPort, type TestProcessor } from './support/test-processor.js';
import { waitFor } from './support/wait-for.js';

const R = 'diagnoser.runtime.go_profiler.result.';

let target: GoTarget;
let failing500: DumpFailingProxy;
let failingHtml: DumpFailingProxy;
let failingDebug1: DumpFailingProxy;
let hanging: DumpFailingProxy;
let dataRoot: string;
let processor: TestProcessor;
/** Its fetch time limit cuts the hanging dump: the profile itself is answered at once by the target. */
let quick: TestProcessor;

before(async () => {
  target = await startGoTarget(['-goroutines', '40', '-stacks', '4', '-cpu', '0', '-contention', '0']);
  [failing500, failingHtml, failingDebug1, hanging] = await Promise.all([
    startDumpFailingProxy(target.url, '500'),
    startDumpFailingProxy(target.url, 'html'),
    startDumpFailingProxy(target.url, 'debug1'),
    startDumpFailingProxy(target.url, 'hang'),
  ]);
  dataRoot = mkdtempSync(path.join(os.tmpdir(), 'go-profiler-dump-failures-'));
  [processor, quick] = await Promise.all([
    startTestProcessor({ dataRoot }),
    startTestProcessor({ fetchTimeoutSeconds: 2 }),
  ]);
});

after(async () => {
  await Promise.all([processor?.close(), quick?.close()]);
  await Promise.all([
    failing500?.close(),
    failingHtml?.close(),
    failingDebug1?.close(),
    hanging?.close(),
    target?.stop(),
  ]);
  if (dataRoot !== undefined) rmSync(dataRoot, { recursive: true, force: true });
});

async function getAnswer(url: string): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(url);
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

/** Captures `type` of `source`; checks what the sidecar, the log and the viewer say of the missing dump. */
async function captureWithoutDump(
  on: TestProcessor,
  source: string,
  body: Record<string, unknown>,
  reasonOf: string | (() => string),
  viewerPrefix: string,
): Promise<void> {
  const { status, json } = await on.post({ source, ...body });
  assert.equal(status, 200, JSON.stringify(json));
  const reason = typeof reasonOf === 'string' ? reasonOf : reasonOf();
  const file = String(json[`${R}file`]);
  const record = await readCaptureRecord(on.dataRoot, file);
  assert.equal(record.goroutineDumpError, reason);
  assert.equal(record.goroutineDump, undefined);
  assert.equal(json[`${R}goroutine_dump`], undefined);
  const stem = file.replace(/(\.prof|\.json)$/, '');
  assert.equal(existsSync(path.join(on.dataRoot, `${stem}.debug2.txt`)), false);
  assert.equal(existsSync(path.join(on.dataRoot, `${stem}.goroutine.debug2.txt`)), false);

  const warnings = on.logs
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((line) => line.msg === 'goroutine dump not stored' && line.file === file);
  assert.deepEqual(
    warnings.map((line) => [line.level, line.reason]),
    [[40, reason]],
  );

  const viewer = `http://127.0.0.1:${viewerPort(json)}${viewerPrefix}`;
  const summary = await getAnswer(`${viewer}/api/profile`);
  assert.equal(summary.status, 200);
  assert.equal(summary.json.goroutineDumpError, reason);
  assert.equal(summary.json.goroutineDump, undefined);
  const shownFile = viewerPrefix === '' ? file : `${stem}.goroutine.prof`;
  assert.deepEqual(await getAnswer(`${viewer}/api/goroutines`), {
    status: 404,
    json: { error: `show goroutines of ${shownFile}: no goroutine dump: ${reason}` },
  });
  for (const sent of [FAILURE_TEXT.trim(), 'sign in']) assert.ok(!JSON.stringify(summary.json).includes(sent));
}

describe('a Goroutine capture whose dump fails', () => {
  it('with a 500: the capture stands; the sidecar, the log and the view say the status and the body kind', async () => {
    await captureWithoutDump(
      processor,
      failing500.url,
      { type: 'Goroutine' },
      `fetch ${failing500.url}/debug/pprof/goroutine?debug=2: the target answered HTTP 500 with text (${FAILURE_TEXT.length} bytes)`,
      '',
    );
  });

  it('with a body that is no dump: it says what kind of body came, never its content', async () => {
    await captureWithoutDump(
      processor,
      failingHtml.url,
      { type: 'Goroutine' },
      `fetch ${failingHtml.url}/debug/pprof/goroutine?debug=2: not a goroutine dump: an HTML page (${FAILURE_PAGE.length} bytes)`,
      '',
    );
  });

  it('with a debug=1 text in place of the dump: it says so', async () => {
    await captureWithoutDump(
      processor,
      failingDebug1.url,
      { type: 'Goroutine' },
      () =>
        `fetch ${failingDebug1.url}/debug/pprof/goroutine?debug=2: not a goroutine dump: a debug=1 goroutine profile (${failingDebug1.lastDumpBytes()} bytes)`,
      '',
    );
    assert.equal(failingDebug1.dumpRequests(), 1);
  });

  it("with a hang: the fetch's time limit cuts it, and says so", async () => {
    await captureWithoutDump(
      quick,
      hanging.url,
      { type: 'Goroutine' },
      `fetch ${hanging.url}/debug/pprof/goroutine?debug=2: timed out: no complete answer within 2 s`,
      '',
    );
    assert.equal(hanging.dumpRequests(), 1);
  });
});

describe('a Bundle whose dump fails', () => {
  it("keeps every profile; its goroutine profile's Goroutines view says why there is no dump", async () => {
    await captureWithoutDump(
      processor,
      failing500.url,
      { type: 'Bundle', seconds: 1 },
      `fetch ${failing500.url}/debug/pprof/goroutine?debug=2: the target answered HTTP 500 with text (${FAILURE_TEXT.length} bytes)`,
      '/profile/goroutine',
    );
  });
});

describe('a Bundle whose dump works (the real Go target)', () => {
  it("stores it, and its goroutine profile's Goroutines view groups every goroutine of it", async () => {
    const { status, json } = await processor.post({ source: target.url, type: 'Bundle', seconds: 1 });
    assert.equal(status, 200, JSON.stringify(json));
    const record = await readCaptureRecord(processor.dataRoot, String(json[`${R}file`]));
    assert.equal(record.goroutineDumpError, undefined);
    const dump = readFileSync(path.join(processor.dataRoot, record.goroutineDump!), 'utf8');
    const headers = dump.match(/^goroutine \d+ \[[^\]]+\]:$/gm)!.length;
    const viewer = `http://127.0.0.1:${viewerPort(json)}/profile/goroutine`;
    const summary = await getAnswer(`${viewer}/api/profile`);
    assert.deepEqual([summary.json.goroutineDump, summary.json.goroutineDumpError], [true, undefined]);
    const goroutines = await getAnswer(`${viewer}/api/goroutines`);
    assert.equal(goroutines.status, 200);
    assert.equal(goroutines.json.total, headers);
    // The 40 parked goroutines, on the target's 4 stacks: 10 on each.
    const parked = (goroutines.json.groups as { count: number; frames: { function: string }[] }[])
      .filter((group) => group.frames.some((frame) => frame.function === 'main.parkLeaf'))
      .map((group) => group.count);
    assert.deepEqual(parked, [10, 10, 10, 10]);
    // The CPU profile at the root has no dump of its own.
    const root = await getAnswer(`http://127.0.0.1:${viewerPort(json)}/api/profile`);
    assert.deepEqual([root.json.goroutineDump, root.json.goroutineDumpError], [undefined, undefined]);
  });
});

describe('after a restart', () => {
  it('a restored Goroutine capture or bundle still says why it has no dump', async () => {
    const reason = `fetch ${failing500.url}/debug/pprof/goroutine?debug=2: the target answered HTTP 500 with text (${FAILURE_TEXT.length} bytes)`;
    const single = await processor.post({ source: failing500.url, type: 'Goroutine' });
    const bundle = await processor.post({ source: failing500.url, type: 'Bundle', seconds: 1 });
    assert.deepEqual([single.status, bundle.status], [200, 200]);
    const bundleStem = String(bundle.json[`${R}file`]).replace(/\.json$/, '');
    const views = [
      { url: `http://127.0.0.1:${viewerPort(single.json)}`, file: String(single.json[`${R}file`]) },
      { url: `http://127.0.0.1:${viewerPort(bundle.json)}/profile/goroutine`, file: `${bundleStem}.goroutine.prof` },
    ];
    await processor.close();
    processor = await startTestProcessor({ dataRoot });
    for (const view of views) {
      await waitFor(async () => {
        const answer = await fetch(`${view.url}/api/profile`).catch(() => undefined);
        return answer?.status === 200;
      }, `${view.url} restored`);
      assert.equal((await getAnswer(`${view.url}/api/profile`)).json.goroutineDumpError, reason);
      assert.deepEqual(await getAnswer(`${view.url}/api/goroutines`), {
        status: 404,
        json: { error: `show goroutines of ${view.file}: no goroutine dump: ${reason}` },
      });
    }
  });
});
