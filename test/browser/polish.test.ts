// The polish a user notices, in a real Chromium on a real fixture: no page load asks for anything
// that answers 404 (the favicon is served); the details panel's Captured fact is the profile's
// own time, equal to `go tool pprof -top`'s `Time:` line, with the time go-profiler received it
// beside it; the header keeps a long search's status whole at 1280 px; Top uses a wide window;
// Peek and Source show `f=.` in pages of a few hundred rows.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { fixturePath } from '../support/fixtures.js';
import { goToolPprof } from '../support/go-pprof.js';
import {
  launchBrowser,
  saveScreenshot,
  startFixtureViewer,
  waitForFlameGraph,
  type BrowserSession,
  type RunningViewer,
} from '../support/browser.js';
import { runPprofPeek } from '../support/pprof-peek.js';
import { ROWS_PER_PAGE, splitIntoPages } from '../../src/web/client/views/row-pages.js';
import { PEEK_LIMITS } from '../../src/web/peek-view-model.js';
import { sourceRoutineRows } from '../../src/web/client/views/source-state.js';
import type { SourceViewModel } from '../../src/web/view-models.js';
import { runPprofTop } from './pprof-top.js';
import { waitForTop } from './top-table.js';

const FIXTURE = 'heap-medium.pb.gz';
/** A CPU profile with names up to 45 characters, taken at 06:51 UTC. */
const WIDE_FIXTURE = 'cpu-large.pb.gz';

let browser: BrowserSession;
let viewer: RunningViewer;
let wideViewer: RunningViewer;
let pprofTime: string;
/** How many rows pprof's web Top (500 nodes) has for the wide fixture. */
let wideTopRows: number;

before(async () => {
  const [session, running, wide, top, wideTop] = await Promise.all([
    launchBrowser(),
    startFixtureViewer(FIXTURE),
    startFixtureViewer(WIDE_FIXTURE),
    goToolPprof(['-top', '-nodecount=1', fixturePath(WIDE_FIXTURE)]),
    runPprofTop(fixturePath(WIDE_FIXTURE), ['-nodecount=500']),
  ]);
  wideTopRows = wideTop.rows.length;
  [browser, viewer, wideViewer] = [session, running, wide];
  const line = top.split('\n').find((l) => l.startsWith('Time: '));
  assert.ok(line, top);
  pprofTime = line.slice('Time: '.length);
});
after(async () => {
  await browser?.close();
  await viewer?.server.close();
  await wideViewer?.server.close();
});

/** A fresh page of `width` × 800 px that records every response's status by URL. */
async function openPage(width: number): Promise<{ page: Page; statuses: Map<string, number> }> {
  const page = await browser.newPage();
  await page.setViewportSize({ width, height: 800 });
  const statuses = new Map<string, number>();
  page.on('response', (response) => statuses.set(response.url(), response.status()));
  return { page, statuses };
}

describe('favicon', () => {
  it('is linked from the page and served, so a page load makes no 404', async () => {
    const { page, statuses } = await openPage(1280);
    try {
      for (const path of ['/', '/ui/top']) {
        await page.goto(`${viewer.url}${path}`);
        await page.waitForSelector('#app:not([aria-busy])');
      }
      assert.equal(await page.getAttribute('link[rel="icon"]', 'href'), './favicon.svg');
      for (const path of ['/favicon.svg', '/favicon.ico', '/ui/favicon.svg']) {
        const response = await page.request.get(`${viewer.url}${path}`);
        assert.equal(response.status(), 200, path);
        assert.equal(response.headers()['content-type'], 'image/svg+xml', path);
        assert.match(await response.text(), /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/, path);
      }
      const missing = [...statuses].filter(([, status]) => status === 404);
      assert.deepEqual(missing, []);
      assert.ok(statuses.has(`${viewer.url}/`), 'the page load was recorded');
    } finally {
      await page.close();
    }
  });
});

describe('details panel', () => {
  it("shows the profile's time as Captured, as pprof's Time: line, and when go-profiler received it", async () => {
    const { page } = await openPage(1280);
    try {
      // The wide fixture's time (06:51) is not the time the test viewer says it received it (06:49).
      await page.goto(`${wideViewer.url}/`);
      await waitForFlameGraph(page);
      await page.keyboard.press('d');
      await page.waitForSelector('#details:not([hidden])');
      const captured = await page.$$eval('#details .capture .captured span', (spans) =>
        spans.map((span) => [span.className, span.textContent ?? '']),
      );
      assert.deepEqual(captured, [
        ['profile-time', `${pprofTime}, the profile's time`],
        ['capture-time', 'received by go-profiler 2026-11-25 06:49:00 UTC'],
      ]);
      await saveScreenshot(page, 'details-captured');
    } finally {
      await page.close();
    }
  });
});

/** A search as long as users write them: the four heaviest allocators of the heap fixture and more. */
const LONG_SEARCH = String.raw`main\.(allocIndex|allocBuffer|allocRecords)|strings\.\(\*Builder\)\.grow|runtime\.mallocgc`;

describe('header', () => {
  it('shows a long search’s status whole at 1280 px, on one header line', async () => {
    const { page } = await openPage(1280);
    try {
      await page.goto(`${viewer.url}/?q=${encodeURIComponent(LONG_SEARCH)}`);
      await waitForFlameGraph(page);
      await page.locator('#search-status', { hasText: /^Matched/ }).waitFor();
      const status = await page.$eval('#search-status', (element) => {
        const box = element.getBoundingClientRect();
        return {
          text: element.textContent ?? '',
          scrollWidth: element.scrollWidth,
          clientWidth: element.clientWidth,
          left: box.left,
          right: box.right,
          viewport: element.ownerDocument.documentElement.clientWidth,
        };
      });
      assert.match(status.text, /^Matched \S+ \(\d+\.\d\d%\) of \S+$/);
      assert.ok(status.scrollWidth <= status.clientWidth, JSON.stringify(status));
      assert.ok(status.left >= 0 && status.right <= status.viewport, JSON.stringify(status));
      // Every control of the header on one line: their vertical middles lie within a few pixels.
      const middles = await page.$$eval('header.header > *', (items) =>
        items
          .filter((item) => !item.hasAttribute('hidden'))
          .map((item) => (item.getBoundingClientRect().top + item.getBoundingClientRect().bottom) / 2),
      );
      assert.ok(Math.max(...middles) - Math.min(...middles) < 8, JSON.stringify(middles));
      assert.equal(await page.inputValue('#search'), LONG_SEARCH);
      await saveScreenshot(page, 'header-1280-long-search');
    } finally {
      await page.close();
    }
  });
});

describe('Top', () => {
  it('stretches to a 1600 px window, the names taking the room on one line each', async () => {
    const { page } = await openPage(1600);
    try {
      await page.goto(`${wideViewer.url}/top`);
      await waitForTop(page);
      const layout = await page.$eval('#toptable', (table) => {
        const section = table.parentElement!;
        const rows = [...table.querySelectorAll('tbody tr')];
        const wrapped = rows
          .filter((row) => row.querySelector('td.name')!.clientHeight !== row.querySelector('td')!.clientHeight)
          .map((row) => row.querySelector('td.name')!.textContent);
        const nameHeader = table.querySelector('thead th.name')!.getBoundingClientRect();
        return {
          tableWidth: table.getBoundingClientRect().width,
          sectionWidth: section.clientWidth,
          nameColumn: nameHeader.width,
          rows: rows.length,
          wrapped,
        };
      });
      assert.equal(layout.tableWidth, layout.sectionWidth);
      assert.equal(layout.sectionWidth, 1600 - 2 * 12, 'the view is the window less its padding');
      assert.ok(layout.nameColumn > layout.tableWidth / 2, JSON.stringify(layout));
      assert.deepEqual(layout.wrapped, []);
      assert.equal(layout.rows, wideTopRows);
      await saveScreenshot(page, 'top-1600');
    } finally {
      await page.close();
    }
  });
});

describe('Peek', () => {
  it("shows f=. in pages of whole functions, a few hundred rows each, in pprof's order", async () => {
    const pprof = await runPprofPeek('.', [fixturePath(WIDE_FIXTURE)]);
    const { page } = await openPage(1280);
    try {
      await page.goto(`${wideViewer.url}/peek?f=.`);
      await page.waitForSelector('section.peek-view[data-loaded="true"]:not([aria-busy])');
      // The rows the page has for each of pprof's entries: capped calls get a "… N more" row.
      const callRows = (calls: readonly unknown[]) =>
        Math.min(calls.length, PEEK_LIMITS.calls) + (calls.length > PEEK_LIMITS.calls ? 1 : 0);
      const expectedPages = splitIntoPages(
        pprof.entries.slice(0, 80).map((entry) => callRows(entry.callers) + 1 + callRows(entry.callees)),
      ).length;
      assert.ok(expectedPages > 1, 'f=. fills more than one page');
      const names: string[] = [];
      let index = 0;
      for (; ; index += 1) {
        await page.waitForSelector(`.peek-view nav.pager[data-page="${index}"]`);
        const shown = await page.$$eval('#peektable tbody.peek-entry', (bodies) =>
          bodies.map((body) => [body.getAttribute('data-name') ?? '', body.querySelectorAll('tr').length] as const),
        );
        const rows = shown.reduce((sum, [, count]) => sum + count, 0);
        assert.ok(rows <= ROWS_PER_PAGE || shown.length === 1, `page ${index}: ${rows} rows`);
        const height = await page.evaluate('document.scrollingElement.scrollHeight');
        assert.ok(Number(height) < 10_000, `page ${index} is ${String(height)} px tall`);
        const label = await page.textContent('.peek-view .pager-label');
        assert.match(
          label ?? '',
          new RegExp(
            `^Functions ${names.length + 1}–${names.length + shown.length} of 80 \\(page ${index + 1} of \\d+\\)$`,
          ),
        );
        names.push(...shown.map(([name]) => name));
        if (await page.isDisabled('.peek-view .pager-next')) break;
        await page.click('.peek-view .pager-next');
      }
      assert.deepEqual(
        names,
        pprof.entries.slice(0, 80).map((entry) => entry.name),
      );
      assert.ok(await page.isDisabled('.peek-view .pager-next'));
      await saveScreenshot(page, 'peek-paged');
    } finally {
      await page.close();
    }
  });
});

describe('Source', () => {
  it('shows f=. in pages of whole functions, a few hundred rows each', async () => {
    const { page } = await openPage(1280);
    try {
      const model = (await (await page.request.get(`${wideViewer.url}/api/source?f=.`)).json()) as SourceViewModel;
      const expectedPages = splitIntoPages(model.routines.map(sourceRoutineRows)).length;
      assert.ok(expectedPages > 1, 'f=. fills more than one page');
      await page.goto(`${wideViewer.url}/source?f=.`);
      await page.waitForSelector('section.source-view[data-loaded="true"]:not([aria-busy])');
      const functions: string[] = [];
      let index = 0;
      for (; ; index += 1) {
        await page.waitForSelector(`.source-view nav.pager[data-page="${index}"]`);
        const rows = await page.$$eval('.source-routine tr', (trs) => trs.length);
        const shown = await page.$$eval('.source-routine', (blocks) =>
          blocks.map((block) => block.getAttribute('data-function') ?? ''),
        );
        assert.ok(rows <= ROWS_PER_PAGE || shown.length === 1, `page ${index}: ${rows} rows`);
        const height = await page.evaluate('document.scrollingElement.scrollHeight');
        assert.ok(Number(height) < 10_000, `page ${index} is ${String(height)} px tall`);
        functions.push(...shown);
        if (await page.isDisabled('.source-view .pager-next')) break;
        await page.click('.source-view .pager-next');
      }
      assert.equal(index + 1, expectedPages);
      assert.deepEqual(
        functions,
        model.routines.map((routine) => routine.function),
      );
    } finally {
      await page.close();
    }
  });
});
