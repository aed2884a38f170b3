// The Goroutines view in a real Chromium on real captures: two Goroutine captures of one target
// program (8 then 400 goroutines parked on 4 paths), each stored with its debug=2 dump beside it as
// the processor stores them. The view ranks the groups, filters by state and search, opens a
// group's stack, links to the flame graph zoomed to that stack, and, compared with the earlier
// capture, shows each group's growth. A capture without a dump has no such view.

import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { decodeProfile } from '../../src/pprof/index.js';
import { resolveCaptureFile, saveCapture, type CaptureRecord } from '../../src/store/index.js';
import { startViewerServer, type DecodedCapture, type ViewerServer } from '../../src/web/viewer-server.js';
import {
  launchBrowser,
  readFrameList,
  saveScreenshot,
  waitForExpression,
  waitForFlameGraph,
  type BrowserSession,
} from '../support/browser.js';
import { startGoTarget } from '../support/go-target.js';

const SOURCE = 'http://10.0.0.9:6060';
const QUIET = ['-cpu', '0', '-contention', '0', '-leak', '0', '-stacks', '4'];

let dataRoot: string;
let browser: BrowserSession;
let page: Page;
let viewer: ViewerServer;
let bare: ViewerServer;
let url: string;
let baseRecord: CaptureRecord;

/** Captures a target's goroutine profile and dump, stored as the processor stores a capture. */
async function storeCapture(
  goroutines: number,
  capturedAt: Date,
): Promise<{ record: CaptureRecord; bytes: Uint8Array }> {
  const target = await startGoTarget([...QUIET, '-goroutines', String(goroutines)]);
  try {
    const bytes = new Uint8Array(await (await fetch(`${target.url}/debug/pprof/goroutine`)).arrayBuffer());
    const dump = await (await fetch(`${target.url}/debug/pprof/goroutine?debug=2`)).text();
    const profile = decodeProfile(bytes);
    const record = await saveCapture(dataRoot, {
      bytes,
      path: { capturedAt, type: 'Goroutine', diagnosisNamespace: 'default', diagnosisName: 'demo' },
      record: {
        source: SOURCE,
        url: `${SOURCE}/debug/pprof/goroutine`,
        type: 'Goroutine',
        requestedAt: capturedAt.toISOString(),
        capturedAt: capturedAt.toISOString(),
        sampleTypes: profile.sampleTypes.map(({ type, unit }) => ({ type, unit })),
        sampleCount: profile.samples.count,
        diagnosis: { namespace: 'default', name: 'demo' },
      },
    });
    await writeFile(resolveCaptureFile(dataRoot, record.file.replace(/\.prof$/, '.debug2.txt')), dump);
    return { record, bytes };
  } finally {
    await target.stop();
  }
}

function captureOf(record: CaptureRecord, bytes: Uint8Array): DecodedCapture {
  return {
    profile: decodeProfile(bytes),
    rawBytes: bytes,
    file: record.file,
    type: record.type,
    source: record.source,
    capturedAt: new Date(record.capturedAt),
    dataRoot,
    namespace: 'default',
  };
}

before(async () => {
  dataRoot = await mkdtemp(path.join(tmpdir(), 'go-profiler-goroutines-view-'));
  const base = await storeCapture(8, new Date('2026-11-25T06:00:00Z'));
  const now = await storeCapture(400, new Date('2026-11-25T07:00:00Z'));
  baseRecord = base.record;
  browser = await launchBrowser();
  viewer = await startViewerServer({
    handOverProfile: false,
    capture: captureOf(now.record, now.bytes),
    host: '127.0.0.1',
  });
  // The same profile with no dump beside it (a bare name outside any data root).
  bare = await startViewerServer({
    handOverProfile: false,
    capture: { ...captureOf(now.record, now.bytes), dataRoot: undefined, file: 'goroutine.pb.gz' },
    host: '127.0.0.1',
  });
  url = `http://127.0.0.1:${viewer.port}`;
  page = await browser.newPage();
});

after(async () => {
  await browser?.close();
  await viewer?.close();
  await bare?.close();
  if (dataRoot !== undefined) await rm(dataRoot, { recursive: true, force: true });
});

interface ShownRow {
  readonly rank: string;
  readonly count: string;
  readonly growth?: string;
  readonly state: string;
  readonly topFrame: string;
  readonly createdBy: string;
}

async function readRows(): Promise<ShownRow[]> {
  const rows = await page.$$eval('#goroutinetable tbody tr.goroutine-group', (trs) =>
    trs.map((tr) => [
      tr.querySelector('td:first-child')?.textContent ?? '',
      tr.querySelector('.count')?.textContent ?? '',
      tr.querySelector('.growth')?.textContent ?? '',
      tr.querySelector('.state')?.textContent ?? '',
      tr.querySelector('.top-frame')?.textContent ?? '',
      tr.querySelector('.created-by')?.textContent ?? '',
    ]),
  );
  return rows.map(([rank, count, growth, state, topFrame, createdBy]) => ({
    rank: rank!.replace(/^\D+/, ''),
    count: count!,
    ...(growth === '' ? {} : { growth: growth! }),
    state: state!,
    topFrame: topFrame!,
    createdBy: createdBy!,
  }));
}

async function openView(query = ''): Promise<void> {
  await page.goto(`${url}/goroutines${query}`);
  await page.waitForSelector('section.goroutines-view[data-loaded="true"]');
}

const PARKED = {
  'chan receive': 'main.waitOnChannel',
  select: 'main.waitInSelect',
  semacquire: 'sync.runtime_SemacquireMutex',
  'sync.Cond.Wait': 'sync.runtime_notifyListWait',
};

describe('the Goroutines view', () => {
  it('ranks the groups: the four parked paths of 100 first, blocked before the rest', async () => {
    await openView();
    const rows = await readRows();
    assert.deepEqual(
      rows
        .slice(0, 4)
        .map((row) => [row.count, row.state, row.topFrame, row.createdBy])
        .sort(),
      Object.entries(PARKED)
        .map(([state, frame]) => ['100', state, frame, 'main.(*config).setupGoroutines'])
        .sort(),
    );
    assert.ok(rows.slice(4).every((row) => Number(row.count) < 100));
    assert.equal(await page.getAttribute('nav a[data-view="goroutines"]', 'aria-current'), 'page');
    assert.equal(await page.title(), 'Goroutine goroutine · Goroutines · go-profiler');
    await saveScreenshot(page, 'goroutines-view');
  });

  it('filters by state and by the search box, and opens a stack', async () => {
    await openView();
    await page.selectOption('#goroutine-state', 'select');
    assert.deepEqual(
      (await readRows()).map((row) => [row.count, row.state, row.topFrame]),
      [['100', 'select', 'main.waitInSelect']],
    );
    await openView('?q=waitOnChannel');
    assert.deepEqual(
      (await readRows()).map((row) => [row.count, row.state, row.topFrame]),
      [['100', 'chan receive', 'main.waitOnChannel']],
    );
    assert.equal(await page.isVisible('#goroutinetable tr.goroutine-stack'), false);
    await page.click('#goroutinetable .goroutine-toggle');
    const frames = await page.$$eval('#goroutinetable tr.goroutine-stack:not([hidden]) .frames .function', (codes) =>
      codes.map((code) => code.textContent ?? ''),
    );
    assert.equal(frames[0], 'main.waitOnChannel');
    assert.equal(frames.at(-1), 'main.parkedMain');
    assert.match(
      (await page.textContent('#goroutinetable tr.goroutine-stack:not([hidden]) .created')) ?? '',
      /^created by main\.\(\*config\)\.setupGoroutines \S+main\.go:\d+$/,
    );
  });

  it("searches as the server reads q: Go's syntax and case rules, its error, and no stall on (.+)+QQQ", async () => {
    const shown = async () => (await readRows()).map((row) => [row.count, row.state, row.topFrame]);
    // The same goroutines as the server's search on the profile (each sample counted once).
    const server = (await (await fetch(`${url}/api/search?q=${encodeURIComponent('(?i)WAITONCHANNEL')}`)).json()) as {
      matched: number;
    };
    await openView(`?q=${encodeURIComponent('(?i)WAITONCHANNEL')}`);
    assert.deepEqual(await shown(), [['100', 'chan receive', 'main.waitOnChannel']]);
    assert.equal(server.matched, 100);
    assert.match(
      (await page.textContent('#goroutine-status')) ?? '',
      new RegExp(`^1 of \\d+ groups, ${server.matched} goroutines$`),
    );
    await openView('?q=WAITONCHANNEL');
    assert.deepEqual(await shown(), []);
    await openView(`?q=${encodeURIComponent('^main\\.\\pL+InSelect$')}`);
    assert.deepEqual(await shown(), [['100', 'select', 'main.waitInSelect']]);
    // A pattern Go refuses: the server's words for q, in place of the view.
    const refused = await fetch(`${url}/api/search?q=${encodeURIComponent('(*T)')}`);
    assert.equal(refused.status, 400);
    await page.goto(`${url}/goroutines?q=${encodeURIComponent('(*T)')}`);
    await page.waitForSelector('#errors:not([hidden])');
    assert.equal(await page.textContent('#errors'), ((await refused.json()) as { error: string }).error);
    assert.equal(
      await page.textContent('#errors'),
      'search "(*T)": error parsing regexp: missing argument to repetition operator: `*`',
    );
    // Stalls a backtracking RegExp on the dump's file paths; answered, and the next search too.
    await openView(`?q=${encodeURIComponent('(.+)+QQQ')}`);
    assert.deepEqual(await shown(), []);
    await openView('?q=waitOnChannel');
    assert.deepEqual(await shown(), [['100', 'chan receive', 'main.waitOnChannel']]);
  });

  it("links a group to the flame graph zoomed to its stack: the zoomed frame holds the group's goroutines", async () => {
    await openView('?q=waitOnChannel');
    await page.click('#goroutinetable a.flame-link');
    await waitForFlameGraph(page);
    const zoom = new URL(page.url()).searchParams.get('zoom') ?? '';
    assert.equal(zoom.split(';')[0], 'main.parkedMain');
    assert.equal(zoom.split(';').at(-1), 'main.waitOnChannel');
    await waitForExpression(page, `document.querySelectorAll('#flame-frames li').length > 0`);
    const listed = await readFrameList(page);
    const frame = listed.find((row) => row.name === 'main.waitOnChannel');
    assert.equal(frame?.cum, '100');
    assert.equal(await page.isVisible('#errors'), false);
  });

  it('compared with the earlier capture, the groups that grew come first with their growth', async () => {
    await openView();
    const options = await page.$$eval('#goroutine-base option', (items) => items.map((o) => o.getAttribute('value')));
    assert.deepEqual(options, ['', baseRecord.file]);
    await page.selectOption('#goroutine-base', baseRecord.file);
    await waitForExpression(page, `new URL(location.href).searchParams.get('base') !== null`);
    await page.waitForSelector('#goroutinetable th:text("Growth")');
    const rows = await readRows();
    assert.deepEqual(
      rows
        .slice(0, 4)
        .map((row) => [row.count, row.growth, row.state])
        .sort(),
      Object.keys(PARKED)
        .map((state) => ['100', '+98 from 2', state])
        .sort(),
    );
    assert.equal(new URL(page.url()).searchParams.get('base'), baseRecord.file);
  });

  it('answers a base that is not a stored dump of this target with a 400 naming base', async () => {
    const response = await fetch(`${url}/api/goroutines?base=${encodeURIComponent('../../../etc/passwd')}`);
    assert.equal(response.status, 400);
    assert.deepEqual(await response.json(), {
      error:
        'compare goroutines with "../../../etc/passwd": not another stored capture of http://10.0.0.9:6060 with a goroutine dump in this namespace',
      key: 'base',
    });
  });

  it('has no Goroutines view for a capture without a dump', async () => {
    const bareUrl = `http://127.0.0.1:${bare.port}`;
    await page.goto(`${bareUrl}/`);
    await waitForFlameGraph(page);
    assert.equal(await page.$('nav a[data-view="goroutines"]'), null);
    assert.equal((await fetch(`${bareUrl}/goroutines`)).status, 404);
    assert.equal((await fetch(`${bareUrl}/api/goroutines`)).status, 404);
  });
});
