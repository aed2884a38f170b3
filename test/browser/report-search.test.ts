// The offline report's search in Chromium, which has no server to ask: it reads patterns as the
// viewer's server reads `q` (Go's syntax and case rules, re2js bundled in the page). The same
// pattern lights the same frames with the same "Matched" value in the report as in a live viewer
// of the same profile; a pattern Go refuses shows the server's error; a pattern that stalls
// JavaScript's backtracking RegExp on long names is answered, and the page takes the next search.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { encodeProfile } from '../../src/pprof/index.js';
import {
  afterNextFrames,
  launchBrowser,
  readCanvasPixel,
  readFrameList,
  startFixtureViewer,
  waitForFlameGraph,
  type BrowserSession,
  type RunningViewer,
} from '../support/browser.js';
import { labelledLongNamesProfile, LONG_TOTAL } from '../support/evil-regexps.js';
import { REPO_ROOT, fixturePath } from '../support/fixtures.js';

const BIN = path.join(REPO_ROOT, 'dist/cli/main.js');
const HIGHLIGHT = [0xd9, 0x3b, 0xd9];

let dir: string;
let browser: BrowserSession;
let viewer: RunningViewer;

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'go-profiler-report-search-'));
  browser = await launchBrowser();
  viewer = await startFixtureViewer('heap-small.pb.gz');
});

after(async () => {
  await browser?.close();
  await viewer?.server.close();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

/** Writes the offline report of `profile` (a file) and opens it, drawn. */
async function openReport(profile: string, name: string): Promise<Page> {
  const report = path.join(dir, `${name}.html`);
  await promisify(execFile)(process.execPath, [BIN, 'report', profile, '-o', report]);
  const page = await browser.newPage();
  await page.goto(pathToFileURL(report).href);
  await page.waitForSelector('.report[data-drawn] canvas.flame-canvas[data-painted]');
  return page;
}

async function searchReport(page: Page, pattern: string): Promise<void> {
  await page.fill('#search', pattern);
  await page.press('#search', 'Enter');
}

/** The listed frames painted in the search colour, as `name cum`, sorted. */
async function highlightedFrames(page: Page): Promise<string[]> {
  await afterNextFrames(page);
  const shown: string[] = [];
  for (const frame of await readFrameList(page)) {
    const li = page.locator(`#flame-frames li[data-node="${frame.node}"]`);
    const [x, y, width] = await Promise.all(['data-x', 'data-y', 'data-width'].map((a) => li.getAttribute(a)));
    const pixel = await readCanvasPixel(
      page,
      'canvas.flame-canvas',
      Number(x) + Math.min(Number(width) / 2, 2),
      Number(y) + 12,
    );
    if (pixel.join() === HIGHLIGHT.join()) shown.push(`${frame.name} ${frame.cum}`);
  }
  return shown.sort();
}

describe("the offline report's search reads Go regexps as the viewer's server does", () => {
  it('(?i)ALLOC: the same frames lit and the same Matched value as the live viewer', async () => {
    const pattern = '(?i)ALLOC';
    const live = await browser.newPage();
    await live.goto(`${viewer.url}/?${new URLSearchParams({ q: pattern })}`);
    await waitForFlameGraph(live);
    await live.locator('#search-status', { hasText: /^Matched/ }).waitFor();
    const liveStatus = /^Matched (\S+) \((\S+)\) of /.exec((await live.textContent('#search-status')) ?? '');
    const liveFrames = await highlightedFrames(live);

    const page = await openReport(fixturePath('heap-small.pb.gz'), 'heap-small');
    await searchReport(page, pattern);
    await page.waitForSelector('#search-status:not(:empty)');
    assert.equal(await page.textContent('#search-status'), `Matched ${liveStatus?.[1]} (${liveStatus?.[2]} of total)`);
    assert.equal(await page.textContent('#report-error'), '');
    const reportFrames = await highlightedFrames(page);
    assert.deepEqual(reportFrames, liveFrames);
    for (const name of ['main.allocIndex', 'main.allocBuffer', 'main.allocRecords']) {
      assert.ok(
        reportFrames.some((frame) => frame.startsWith(`${name} `)),
        `${name} is lit in ${reportFrames.join(', ')}`,
      );
    }
    assert.ok(!reportFrames.some((frame) => frame.startsWith('main.cpuWorker ')));

    await page.click('button[data-tab="top"]');
    const matchedTop = await page.$$eval('#top-table tbody tr.matched td.name', (tds) =>
      tds.map((td) => td.textContent),
    );
    assert.ok(matchedTop.includes('main.allocIndex'), matchedTop.join(', '));
    assert.ok(
      matchedTop.every((name) => /alloc/i.test(name ?? '')),
      matchedTop.join(', '),
    );
    await live.close();
    await page.close();
  });

  it("shows the server's error for a pattern Go refuses, and lights nothing", async () => {
    const response = await fetch(`${viewer.url}/api/search?${new URLSearchParams({ q: '(*T)' })}`);
    assert.equal(response.status, 400);
    const serverError = ((await response.json()) as { error: string }).error;
    assert.equal(serverError, 'search "(*T)": error parsing regexp: missing argument to repetition operator: `*`');
    const page = await openReport(fixturePath('heap-small.pb.gz'), 'heap-small-error');
    await searchReport(page, '(*T)');
    await page.locator('#report-error', { hasText: /^search/ }).waitFor();
    assert.equal(await page.textContent('#report-error'), serverError);
    assert.equal(await page.textContent('#search-status'), '');
    assert.deepEqual(await highlightedFrames(page), []);
    await page.close();
  });

  it('answers (.+)+QQQ on 50k–100k character names, then the next search', async () => {
    const file = path.join(dir, 'long-names.pb.gz');
    await writeFile(file, encodeProfile(labelledLongNamesProfile()));
    const page = await openReport(file, 'long-names');
    await searchReport(page, '(.+)+QQQ');
    await page.locator('#search-status', { hasText: /^Matched/ }).waitFor();
    assert.equal(await page.textContent('#search-status'), 'Matched 0 (0% of total)');
    // The search after it is answered too: the page was not left stuck in the first.
    await searchReport(page, '(a*)*b');
    await page.locator('#search-status', { hasText: /^Matched [1-9]/ }).waitFor();
    assert.equal(
      await page.textContent('#search-status'),
      `Matched 16 (${((16 / LONG_TOTAL) * 100).toFixed(2)}% of total)`,
    );
    await page.close();
  });
});
