// The offline report (`go-profiler report FILE… -o report.html`) in Chromium from file://, with
// every request that is not the file itself refused and recorded: nothing is asked for, the
// flame graph draws with pprof's total, search, zoom, hover, the sample-type and file switches
// work, Top's rows are `go tool pprof -top`'s.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../support/browser.js';
import { REPO_ROOT, fixturePath } from '../support/fixtures.js';
import { goToolPprof, pprofTotal } from '../support/go-pprof.js';
import { runPprofTop } from './pprof-top.js';

const BIN = path.join(REPO_ROOT, 'dist/cli/main.js');

/** A browser where only file:// loads: anything else is aborted and recorded. */
async function launchOffline(): Promise<{ context: BrowserContext; refused: string[]; close(): Promise<void> }> {
  const userDataDir = await mkdtemp(path.join(tmpdir(), 'go-profiler-report-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 800 },
  });
  context.setDefaultTimeout(0);
  context.setDefaultNavigationTimeout(0);
  const refused: string[] = [];
  await context.route('**', async (route) => {
    const url = route.request().url();
    if (url.startsWith('file://')) return route.continue();
    refused.push(url);
    return route.abort('blockedbyclient');
  });
  // Requests the route does not see (a service worker's, a favicon's) are recorded too.
  context.on('request', (request) => {
    if (!request.url().startsWith('file://') && !request.url().startsWith('data:')) refused.push(request.url());
  });
  return {
    context,
    refused,
    close: async () => {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

async function writeReport(files: readonly string[], output: string): Promise<void> {
  await promisify(execFile)(process.execPath, [BIN, 'report', ...files, '-o', output]);
}

/** Waits until the page has drawn the flame graph of profile `profile`, sample type `sample`. */
async function waitForDrawn(page: Page, profile: number, sample: number): Promise<void> {
  await page.waitForSelector(`.report[data-drawn="${profile}:${sample}"] canvas.flame-canvas[data-painted]`);
}

/**
 * pprof's total for `flags`, printed in the unit the page printed `shown` in (the flame graph
 * picks one unit for the whole graph, as pprof's -unit does; -top picks one per value).
 */
async function pprofTotalIn(shown: string, flags: readonly string[], file: string): Promise<string> {
  const unit = /[a-zA-Z]+$/.exec(shown)?.[0];
  return pprofTotal(await goToolPprof(['-top', ...(unit === undefined ? [] : [`-unit=${unit}`]), ...flags, file]));
}

/** The "Showing nodes accounting for X, P% of T total" line's T, as the page shows it. */
async function shownTotal(page: Page): Promise<string> {
  return pprofTotal(await page.textContent('#flame-legend').then((text) => text ?? ''));
}

async function rootCum(page: Page): Promise<string> {
  return page.$eval('#flame-frames li[data-node="0"] .frame-cum', (element) => element.textContent ?? '');
}

describe('offline report from file://', () => {
  const heap = fixturePath('heap-small.pb.gz');
  const cpu = fixturePath('cpu-small.pb.gz');
  let dir: string;
  let browser: Awaited<ReturnType<typeof launchOffline>>;
  let page: Page;

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'go-profiler-report-'));
    const report = path.join(dir, 'report.html');
    await writeReport([heap, cpu], report);
    browser = await launchOffline();
    page = await browser.context.newPage();
    await page.goto(pathToFileURL(report).href);
    await waitForDrawn(page, 0, 3);
  });

  after(async () => {
    await browser?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('draws the default sample type with pprof total at the root, asking for nothing', async () => {
    const shown = await shownTotal(page);
    const expected = await pprofTotalIn(shown, [], heap);
    assert.equal(shown, expected);
    assert.equal(await rootCum(page), expected);
    assert.equal(await page.inputValue('#sample-select'), '3');
    assert.deepEqual(browser.refused, []);
  });

  it('zooms into a clicked frame, out again with Escape', async () => {
    const frame = await page.$eval('#flame-frames li[data-depth="2"]', (li) => ({
      node: li.getAttribute('data-node') ?? '',
      name: li.querySelector('.frame-name')?.textContent ?? '',
      x: Number(li.getAttribute('data-x')),
      y: Number(li.getAttribute('data-y')),
      width: Number(li.getAttribute('data-width')),
    }));
    const canvas = (await page.$('canvas.flame-canvas'))!;
    await canvas.click({ position: { x: frame.x + frame.width / 2, y: frame.y + 5 } });
    await page.waitForSelector(`canvas.flame-canvas[data-zoom="${frame.node}"]`);
    assert.equal(await page.textContent('#flame-zoom'), `Zoomed into ${frame.name}: click the top row to zoom out`);
    const canvasWidth = await canvas.evaluate((element) => element.clientWidth);
    const zoomedWidth = await page.$eval(`#flame-frames li[data-node="${frame.node}"]`, (li) =>
      Number(li.getAttribute('data-width')),
    );
    assert.equal(Math.round(zoomedWidth), canvasWidth);
    await page.keyboard.press('Escape');
    await page.waitForSelector('canvas.flame-canvas[data-zoom="0"]');
  });

  it('shows a frame under the pointer in the hover card', async () => {
    const frame = await page.$eval('#flame-frames li[data-depth="1"]', (li) => ({
      name: li.querySelector('.frame-name')?.textContent ?? '',
      cum: li.querySelector('.frame-cum')?.textContent ?? '',
      x: Number(li.getAttribute('data-x')),
      y: Number(li.getAttribute('data-y')),
      width: Number(li.getAttribute('data-width')),
    }));
    const canvas = (await page.$('canvas.flame-canvas'))!;
    await canvas.hover({ position: { x: frame.x + frame.width / 2, y: frame.y + 5 } });
    await page.waitForSelector('.flame-tooltip:not([hidden])');
    assert.equal(await page.textContent('.flame-tooltip .tooltip-name'), frame.name);
    assert.match((await page.textContent('.flame-tooltip')) ?? '', new RegExp(`cum ${frame.cum.replace('.', '\\.')} `));
  });

  it('searches: the matched value is what pprof -focus keeps', async () => {
    const pattern = 'runtime\\.malg';
    await page.fill('#search', pattern);
    await page.press('#search', 'Enter');
    await page.waitForSelector('#search-status:not(:empty)');
    const status = (await page.textContent('#search-status')) ?? '';
    // In the unit the page printed the matched value in (values scale one by one, as pprof's do).
    const unit = /^Matched [\d.]+([a-zA-Z]*) /.exec(status)?.[1] ?? '';
    const focused = await goToolPprof(['-top', `-unit=${unit === '' ? 'minimum' : unit}`, `-focus=${pattern}`, heap]);
    const kept = /Showing nodes accounting for (\S+), (\S+) of/.exec(focused)!;
    assert.equal(status, `Matched ${kept[1]} (${kept[2]} of total)`);
    await page.fill('#search', '');
    await page.press('#search', 'Enter');
    await page.waitForSelector('#search-status:empty', { state: 'attached' });
  });

  it('switches sample type: alloc_space is drawn with its own total', async () => {
    await page.selectOption('#sample-select', '1');
    await waitForDrawn(page, 0, 1);
    const shown = await shownTotal(page);
    const expected = await pprofTotalIn(shown, ['-sample_index=alloc_space'], heap);
    assert.equal(shown, expected);
    assert.equal(await rootCum(page), expected);
  });

  it("lists Top's rows as go tool pprof -top prints them", async () => {
    await page.click('button[data-tab="top"]');
    await page.waitForSelector('#top-table');
    const rows = await page.$$eval('#top-table tbody tr', (trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')),
    );
    const expected = await runPprofTop(heap, ['-sample_index=alloc_space', '-nodecount=500']);
    assert.deepEqual(
      rows,
      expected.rows.map((row) => [row.flat, row.flatPercent, row.sumPercent, row.cum, row.cumPercent, row.name]),
    );
    await page.click('button[data-tab="flame"]');
    await waitForDrawn(page, 0, 1);
  });

  it('switches file: the CPU profile is drawn with its total, then its Top and details', async () => {
    await page.selectOption('#profile-select', '1');
    await waitForDrawn(page, 1, 1);
    const shown = await shownTotal(page);
    assert.equal(shown, await pprofTotalIn(shown, [], cpu));
    await page.click('button[data-tab="details"]');
    await page.waitForSelector('#details');
    assert.equal(await page.textContent('#omitted'), 'Nothing: the flame graph holds every frame of this sample type.');
    assert.equal(await page.textContent('#advice p'), 'No advice for this capture.');
    assert.deepEqual(browser.refused, []);
  });
});

/**
 * `go tool pprof -top -unit=MB heap-large.pb.gz`, as pprof printed it (testdata/golden/commands.txt): pprof
 * takes a minute of CPU on heap-large, so its golden stands in for the live run (as in report-golden.test.ts,
 * which also checks our Top against this file). The page draws heap-large in MB: in another unit this fails.
 */
const HEAP_LARGE_MB_TOP = path.join(REPO_ROOT, 'testdata/golden/heap-large.unit=MB.top.txt');

describe('offline report of a large profile', () => {
  it('fits heap-large in 5 MB, draws it, and says what its flame graph left out', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'go-profiler-report-'));
    const browser = await launchOffline();
    try {
      const report = path.join(dir, 'heap-large.html');
      await writeReport([fixturePath('heap-large.pb.gz')], report);
      const { size } = await stat(report);
      assert.ok(size <= 5 * 1024 * 1024, `heap-large's report is ${size} bytes`);
      const page = await browser.context.newPage();
      await page.goto(pathToFileURL(report).href);
      await waitForDrawn(page, 0, 3);
      assert.equal(await shownTotal(page), pprofTotal(readFileSync(HEAP_LARGE_MB_TOP, 'utf8')));
      const note = (await page.textContent('.flame-note')) ?? '';
      assert.match(
        note,
        /^Flame graph: \d+ call subtrees, each under 0\.01% of the total or past the 60000-frame budget, are drawn as \d+ "N smaller frames" boxes: /,
      );
      assert.ok((await page.$$('#flame-frames li[data-aggregated]')).length > 0, 'aggregates are drawn');
      assert.deepEqual(browser.refused, []);
    } finally {
      await browser.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
