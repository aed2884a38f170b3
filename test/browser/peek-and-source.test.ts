// The Peek and Source views in a real Chromium on a real fixture: the names and numbers on screen
// equal `go tool pprof -peek` / `-list` (with `f` as the focus too, as pprof -http reads it),
// clicking a caller peeks at it through the URL and back returns, the refine menu reaches both
// views, and a regexp that matches nothing says so.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { fixturePath } from '../support/fixtures.js';
import { goToolPprof } from '../support/go-pprof.js';
import {
  launchBrowser,
  saveScreenshot,
  startFixtureViewer,
  type BrowserSession,
  type RunningViewer,
} from '../support/browser.js';
import { runPprofList, runPprofPeek, type PprofPeek, type PprofPeekEntry } from '../support/pprof-peek.js';
import { readLegend, waitForTop } from './top-table.js';

const FIXTURE = 'heap-small.pb.gz';
const RUN_PATH = '^main\\.runPath$';
const SETUP_LEAK = '^main\\.\\(\\*config\\)\\.setupLeak$';

let browser: BrowserSession;
let viewer: RunningViewer;
let page: Page;
let expected: { runPath: PprofPeek; setupLeak: PprofPeek };

before(async () => {
  const file = fixturePath(FIXTURE);
  const [session, running, runPath, setupLeak] = await Promise.all([
    launchBrowser(),
    startFixtureViewer(FIXTURE),
    runPprofPeek(RUN_PATH, [`-focus=${RUN_PATH}`, file]),
    runPprofPeek(SETUP_LEAK, [`-focus=${SETUP_LEAK}`, file]),
  ]);
  browser = session;
  viewer = running;
  expected = { runPath, setupLeak };
  page = await browser.newPage();
});
after(async () => {
  await browser?.close();
  await viewer?.server.close();
});

async function waitForView(name: 'peek' | 'source'): Promise<void> {
  await page.waitForSelector(`section.${name}-view[data-loaded="true"]:not([aria-busy])`);
}

/** The Peek table over all its pages (Next until the last), in the shape runPprofPeek splits pprof's text into. */
async function readPeek(): Promise<PprofPeekEntry[]> {
  const entries = await readPeekPage();
  const pager = page.locator('.peek-view nav.pager');
  while ((await pager.isVisible()) && !(await page.isDisabled('.peek-view .pager-next'))) {
    const next = Number(await pager.getAttribute('data-page')) + 1;
    await page.click('.peek-view .pager-next');
    await page.waitForSelector(`.peek-view nav.pager[data-page="${next}"]`);
    entries.push(...(await readPeekPage()));
  }
  return entries;
}

/** The page of the Peek table shown. */
async function readPeekPage(): Promise<PprofPeekEntry[]> {
  const bodies = await page.$$eval('#peektable tbody.peek-entry', (groups) =>
    groups.map((group) =>
      [...group.querySelectorAll('tr')].map((tr) => ({
        kind: tr.className,
        cells: [...tr.querySelectorAll('td, th')].map((cell) => cell.textContent ?? ''),
        name: tr.querySelector('.fn-link')?.textContent ?? '',
      })),
    ),
  );
  return bodies.map((rows) => {
    const own = rows.findIndex((row) => row.kind.includes('peek-function'));
    const call = (row: (typeof rows)[number]) => ({
      weight: row.cells[5] ?? '',
      percent: row.cells[6] ?? '',
      name: row.cells[7]?.replace(/^[↑↓] /, '') ?? '',
    });
    const [flat, flatPercent, sumPercent, cum, cumPercent] = rows[own]!.cells;
    return {
      flat: flat ?? '',
      flatPercent: flatPercent ?? '',
      sumPercent: sumPercent ?? '',
      cum: cum ?? '',
      cumPercent: cumPercent ?? '',
      name: rows[own]!.name,
      callers: rows.slice(0, own).map(call),
      callees: rows.slice(own + 1).map(call),
    };
  });
}

async function assertPeekEquals(pprof: PprofPeek, what: string): Promise<void> {
  await waitForView('peek');
  assert.deepEqual(await readPeek(), pprof.entries, what);
  assert.deepEqual(await readLegend(page), pprof.header, what);
}

describe(`Peek and Source on ${FIXTURE} in Chromium`, () => {
  it("shows go tool pprof -peek's callers, row and callees for f", async () => {
    await page.goto(`${viewer.url}/ui/peek?f=${encodeURIComponent(RUN_PATH)}`);
    await assertPeekEquals(expected.runPath, 'runPath');
    const [entry] = expected.runPath.entries;
    assert.deepEqual([expected.runPath.entries.length, entry!.callers.length, entry!.callees.length], [1, 2, 16]);
    await saveScreenshot(page, 'peek-runpath');
  });

  it('peeks at a caller when its name is clicked, and back returns', async () => {
    await page.click('#peektable tr.peek-caller a.fn-link[data-name="main.(*config).setupLeak"]');
    await page.waitForURL((url) => url.searchParams.get('f') === SETUP_LEAK);
    await assertPeekEquals(expected.setupLeak, 'setupLeak');
    await saveScreenshot(page, 'peek-setupleak');
    await page.goBack();
    await page.waitForURL((url) => url.searchParams.get('f') === RUN_PATH);
    await assertPeekEquals(expected.runPath, 'back to runPath');
  });

  it('highlights the names the search matches', async () => {
    await page.fill('#search', 'setupLeak');
    await page.waitForSelector('#peektable tr.matched');
    assert.deepEqual(
      await page.$$eval('#peektable tr.matched', (rows) => rows.map((row) => row.getAttribute('data-name'))),
      ['main.(*config).setupLeak'],
    );
    await page.fill('#search', '');
    await page.waitForURL((url) => !url.searchParams.has('q'));
    await page.waitForSelector('#peektable:not(:has(tr.matched))');
  });

  it("lists the function's source lines with -list's totals, saying the code is not here", async () => {
    const list = await runPprofList(RUN_PATH, [`-focus=${RUN_PATH}`, fixturePath(FIXTURE)]);
    await page.click('#peektable tr.peek-function a.source-link');
    await page.waitForURL(/\/ui\/source\?/);
    await waitForView('source');
    const routine = list.routines[0]!;
    const block = page.locator('section.source-routine');
    assert.equal(await block.count(), 1);
    assert.equal(await block.getAttribute('data-function'), routine.function);
    assert.equal(await block.getAttribute('data-file'), routine.file);
    assert.equal(
      await block.locator('.routine-summary').textContent(),
      `flat ${routine.flat}, cum ${routine.cum} (${routine.percent} of Total)`,
    );
    assert.equal(await block.locator('tfoot td').first().textContent(), routine.flat);
    assert.deepEqual(await block.locator('tfoot td').allTextContents(), [routine.flat, routine.cum, 'total']);
    // pprof has no source for package main to print lines with; -top at line granularity
    // names its lines (one here), and -list's cum is theirs.
    const top = await goToolPprof(['-top', '-lines', '-nodecount=0', '-nodefraction=0', fixturePath(FIXTURE)]);
    const lines = [...top.matchAll(/ main\.runPath \S*\/(main\.go:\d+)$/gm)].map((match) => match[1]);
    assert.equal(lines.length, 1);
    assert.deepEqual(
      await block
        .locator('tbody tr')
        .evaluateAll((rows) => rows.map((row) => [...row.querySelectorAll('td')].map((td) => td.textContent))),
      [['.', routine.cum, lines[0]]],
    );
    assert.match((await page.textContent('.source-note')) ?? '', /Source files are not available on this server/);
    assert.match((await page.textContent('.report-status')) ?? '', new RegExp(`Total: ${list.total}\\.`));
    await saveScreenshot(page, 'source-runpath');
  });

  it('reaches Peek and Source from the refine menu of a Top row', async () => {
    await page.goto(`${viewer.url}/top`);
    await waitForTop(page);
    await page.click('#toptable tr[data-name="main.runPath"]', { button: 'right' });
    await page.click('#refine-menu [data-action="peek"]');
    await page.waitForURL((url) => url.pathname === '/peek' && url.searchParams.get('f') === RUN_PATH);
    await assertPeekEquals(expected.runPath, 'peek from Top');
    await page.click('#peektable tr.peek-function a.fn-link', { button: 'right' });
    await page.click('#refine-menu [data-action="source"]');
    await page.waitForURL((url) => url.pathname === '/source' && url.searchParams.get('f') === RUN_PATH);
    await waitForView('source');
    assert.equal(await page.locator('section.source-routine').count(), 1);
  });

  it('says when f matches no function, pointing to Top and the flame graph', async () => {
    for (const view of ['peek', 'source'] as const) {
      await page.goto(`${viewer.url}/${view}?f=noSuchFunction`);
      await waitForView(view);
      assert.match(
        (await page.textContent('.empty-state')) ?? '',
        /^No function matches f=noSuchFunction — pick one in Top or the flame graph/,
      );
      assert.equal(await page.getAttribute('.empty-state a:first-of-type', 'href'), '/top');
    }
    await saveScreenshot(page, 'source-no-match');
  });

  it('shows every function up to the limit without f, saying how many there are', async () => {
    const all = await runPprofPeek('.', [fixturePath(FIXTURE)]);
    await page.goto(`${viewer.url}/peek`);
    await waitForView('peek');
    const shown = await readPeek();
    assert.equal(shown.length, 80);
    assert.deepEqual(shown, all.entries.slice(0, 80));
    assert.match(
      (await page.textContent('.report-status')) ?? '',
      new RegExp(`Showing the first 80 of ${all.entries.length} functions`),
    );
    await saveScreenshot(page, 'peek-all');
  });

  it('refuses a bad regexp in f, naming it', async () => {
    await page.goto(`${viewer.url}/peek?f=(`);
    await page.waitForSelector('#errors:not([hidden])');
    assert.match(
      (await page.textContent('#errors')) ?? '',
      /^peek "\(": error parsing regexp: missing closing \): `\(`$/,
    );
  });
});
