// The Top view and the URL state in a real Chromium: Top's rows and legend equal `go tool pprof
// -top` for the same file, sample type, sort and focus; the sample-type switch, the refine chips,
// reload and back/forward keep one state for every view; the download is the raw capture.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { fixturePath } from '../support/fixtures.js';
import {
  launchBrowser,
  saveScreenshot,
  startFixtureViewer,
  waitForFlameGraph,
  type BrowserSession,
  type RunningViewer,
} from '../support/browser.js';
import { runPprofTop, type PprofTop } from './pprof-top.js';
import { readLegend as readLegendOf, readTopRows as readTopRowsOf, waitForTop as waitForTopOf } from './top-table.js';

const FIXTURE = 'heap-small.pb.gz';
/** pprof's web UI shows 500 rows in Top; the CLI prints the same with -nodecount=500. */
const WEB_TOP = ['-nodecount=500'];

let browser: BrowserSession;
let viewer: RunningViewer;
let page: Page;
let expected: Record<'inuseSpace' | 'allocSpace' | 'allocSpaceCum' | 'focusSortKeys', PprofTop>;

before(async () => {
  const file = fixturePath(FIXTURE);
  const [session, running, inuseSpace, allocSpace, allocSpaceCum, focusSortKeys] = await Promise.all([
    launchBrowser(),
    startFixtureViewer(FIXTURE),
    runPprofTop(file, WEB_TOP),
    runPprofTop(file, [...WEB_TOP, '-sample_index=alloc_space']),
    runPprofTop(file, [...WEB_TOP, '-sample_index=alloc_space', '-cum']),
    runPprofTop(file, [...WEB_TOP, '-focus=sortKeys']),
  ]);
  browser = session;
  viewer = running;
  expected = { inuseSpace, allocSpace, allocSpaceCum, focusSortKeys };
  page = await browser.newPage();
});
after(async () => {
  await browser?.close();
  await viewer?.server.close();
});

const waitForTop = () => waitForTopOf(page);
const readTopRows = () => readTopRowsOf(page);
const readLegend = () => readLegendOf(page);

async function assertTopEquals(top: PprofTop, what: string): Promise<void> {
  await waitForTop();
  assert.deepEqual(await readTopRows(), top.rows, what);
  assert.deepEqual(await readLegend(), top.header, what);
}

describe(`Top and URL state on ${FIXTURE} in Chromium`, () => {
  it('shows the rows and legend of go tool pprof -top', async () => {
    await page.goto(`${viewer.url}/ui/top`);
    await assertTopEquals(expected.inuseSpace, 'inuse_space');
    await saveScreenshot(page, 'top-heap-small');
  });

  it('switches the sample type through the URL', async () => {
    await page.selectOption('#sample-type', 'alloc_space');
    await page.waitForURL(/\/ui\/top\?si=alloc_space$/);
    await assertTopEquals(expected.allocSpace, 'alloc_space');
  });

  it('sorts by cum as pprof -top -cum does, and by name without a running sum', async () => {
    await page.click('button[data-sort="cum"]');
    await page.waitForURL(/sort=cum/);
    await assertTopEquals(expected.allocSpaceCum, 'alloc_space -cum');
    assert.equal(await page.getAttribute('#toptable th:nth-child(4)', 'aria-sort'), 'descending');
    await page.click('button[data-sort="name"]');
    const byName = await readTopRows();
    const names = byName.map((row) => row.name);
    assert.deepEqual(
      names,
      [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
    );
    assert.ok(byName.every((row) => row.sumPercent === ''));
    assert.deepEqual(
      new Set(byName.map((row) => `${row.name} ${row.cum}`)),
      new Set(expected.allocSpaceCum.rows.map((row) => `${row.name} ${row.cum}`)),
    );
  });

  it('keeps one state across views, reloads and the history', async () => {
    await page.click('nav a[data-view="flamegraph"]');
    await page.waitForURL(/\/ui\/flamegraph\?si=alloc_space&sort=cum$/);
    await waitForFlameGraph(page);
    assert.equal(
      await page.$eval('#sample-type', (select) => (select as unknown as { value: string }).value),
      'alloc_space',
    );
    await page.reload();
    await waitForFlameGraph(page);
    assert.equal(await page.getAttribute('nav a[data-view="flamegraph"]', 'aria-current'), 'page');
    await page.goBack();
    await page.waitForURL(/\/ui\/top\?si=alloc_space&sort=cum$/);
    await assertTopEquals(expected.allocSpaceCum, 'back to top');
    await page.goForward();
    await page.waitForURL(/\/ui\/flamegraph/);
    await waitForFlameGraph(page);
  });

  it('turns Enter in the search box into a focus, shown as a removable chip', async () => {
    await page.goto(`${viewer.url}/top`);
    await waitForTop();
    await page.fill('#search', 'sortKeys');
    await page.press('#search', 'Enter');
    await page.waitForURL(/\/top\?f=sortKeys$/);
    await assertTopEquals(expected.focusSortKeys, 'focus sortKeys');
    assert.match((await page.textContent('.chip[data-param="f"]')) ?? '', /^focus: sortKeys/);
    await saveScreenshot(page, 'top-focus-chip');
    await page.click('.chip[data-param="f"] button');
    await page.waitForURL(/\/top$/);
    await assertTopEquals(expected.inuseSpace, 'focus removed');
  });

  it('names a bad URL parameter instead of showing data', async () => {
    await page.goto(`${viewer.url}/top?n=abc`);
    await page.waitForSelector('#errors:not([hidden])');
    assert.match((await page.textContent('#errors')) ?? '', /option n: "abc" is not a number/);
    await page.goto(`${viewer.url}/flamegraph?f=(unclosed`);
    await page.waitForSelector('#errors:not([hidden])');
    assert.match((await page.textContent('#errors')) ?? '', /\(unclosed/);
  });

  it('downloads the raw capture', async () => {
    await page.goto(`${viewer.url}/top`);
    await waitForTop();
    await page.click('#export-menu summary');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('a.download')]);
    const path = await download.path();
    assert.deepEqual(new Uint8Array(await readFile(path)), viewer.capture.rawBytes);
  });

  it('matches pprof on a profile of delays (time units, both sample types)', async () => {
    const block = await startFixtureViewer('block-small.pb.gz');
    try {
      const file = fixturePath('block-small.pb.gz');
      const [delay, contentions] = await Promise.all([
        runPprofTop(file, WEB_TOP),
        runPprofTop(file, [...WEB_TOP, '-sample_index=contentions']),
      ]);
      await page.goto(`${block.url}/top`);
      await assertTopEquals(delay, 'block delay');
      await page.selectOption('#sample-type', 'contentions');
      await page.waitForURL(/si=contentions/);
      await assertTopEquals(contentions, 'block contentions');
    } finally {
      await block.server.close();
    }
  });

  it('loaded nothing from outside the session', () => {
    assert.deepEqual(browser.externalRequests, []);
  });
});
