// The Source view with the code (`go-profiler view --source-path`) in a real Chromium: each line's
// flat, cum, number and text on screen equal `go tool pprof -list -source_path`'s on the same
// fixture (with `f` as the focus too, as pprof -http reads it), and the sampled lines stand out.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { sourceFilesUnder } from '../../src/web/source-files.js';
import {
  launchBrowser,
  saveScreenshot,
  startFixtureViewer,
  type BrowserSession,
  type RunningViewer,
} from '../support/browser.js';
import { GOTARGET_DIR, fixturePath } from '../support/fixtures.js';
import { goToolPprof } from '../support/go-pprof.js';

const FIXTURE = 'heap-small.pb.gz';
const RUN_PATH = '^main\\.runPath$';

let browser: BrowserSession;
let viewer: RunningViewer;
let page: Page;
let pprofList: string;

before(async () => {
  [browser, viewer, pprofList] = await Promise.all([
    launchBrowser(),
    startFixtureViewer(FIXTURE, { sources: sourceFilesUnder(GOTARGET_DIR, '') }),
    goToolPprof([`-list=${RUN_PATH}`, `-focus=${RUN_PATH}`, `-source_path=${GOTARGET_DIR}`, fixturePath(FIXTURE)]),
  ]);
  page = await browser.newPage();
});
after(async () => {
  await browser?.close();
  await viewer?.server.close();
});

/** pprof's code lines as [flat, cum, line, text]. */
function pprofRows(text: string): string[][] {
  return text
    .split('\n')
    .map((line) => /^(.{10}) (.{10}) +(\d+):(.*)$/.exec(line))
    .filter((match) => match !== null)
    .map((match) => [match[1]!.trim(), match[2]!.trim(), match[3]!, match[4]!]);
}

describe('Source view with --source-path', () => {
  it("shows pprof -list's code lines with their flat and cum, the sampled ones highlighted", async () => {
    await page.goto(`${viewer.url}/ui/source?f=${encodeURIComponent(RUN_PATH)}`);
    await page.waitForSelector('section.source-view[data-loaded="true"]:not([aria-busy])');
    const expected = pprofRows(pprofList);
    assert.equal(expected.length, 11, 'pprof read main.go');
    const rows = await page.$$eval('table.source-code tbody tr', (trs) =>
      trs.map((tr) => ({
        cells: [...tr.querySelectorAll('td')].map((td) => td.textContent ?? ''),
        hot: tr.classList.contains('hot'),
      })),
    );
    const backgrounds = (await page.evaluate(
      `[...document.querySelectorAll('table.source-code tbody tr > td:first-child')].map((td) => getComputedStyle(td).backgroundColor)`,
    )) as string[];
    assert.deepEqual(
      rows.map((row) => row.cells),
      expected,
    );
    const hot = rows.filter((row) => row.hot);
    assert.deepEqual(
      hot.map((row) => row.cells[2]),
      expected.filter(([flat, cum]) => flat !== '.' || cum !== '.').map((row) => row[2]),
    );
    const hotIndex = rows.findIndex((row) => row.hot);
    assert.notEqual(backgrounds[hotIndex], backgrounds[rows.findIndex((row) => !row.hot)], 'hot lines stand out');
    assert.match((await page.textContent('.source-note')) ?? '', /read from files under --source-path/);
    await saveScreenshot(page, 'source-with-code');
  });
});
