// The Sandwich view in a real Chromium on heap-medium: a function's value reads in the same unit
// whether the page was opened with a focus (`f`, which picks the function) or a pivot (`p`), and
// as the engine's Top prints it with each value in its own unit; a focus in Go's own regexp syntax
// (`(?i)`, which JavaScript's RegExp refuses) still picks its function, matched by the server.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { computeTop, DEFAULT_QUERY_OPTIONS, withOptions } from '../../src/query/index.js';
import { launchBrowser, startFixtureViewer, type BrowserSession, type RunningViewer } from '../support/browser.js';

let browser: BrowserSession;
let heap: RunningViewer;
let page: Page;

before(async () => {
  [browser, heap] = await Promise.all([launchBrowser(), startFixtureViewer('heap-medium.pb.gz')]);
  page = await browser.newPage();
});
after(async () => {
  await browser?.close();
  await heap?.server.close();
});

const PIVOT = '^main\\.leakLeaf$';

/** Opens the Sandwich with `query`, waits for the pick (or pivot) to show, and reads the function's row. */
async function rowText(query: string): Promise<string> {
  await page.goto(`${heap.url}/ui/sandwich?${query}`);
  await page.waitForURL((url) => url.searchParams.get('p') === PIVOT);
  const link = page.locator('#sandwich-functions a[data-name="main.leakLeaf"][aria-current="true"]');
  await link.waitFor();
  return (await link.locator('.fn-value').textContent()) ?? '';
}

describe('Sandwich units in Chromium', () => {
  it('keeps one unit for a function whether opened with f= or p=, and picks a Go-syntax focus', async () => {
    const top = computeTop(heap.capture.profile, withOptions(DEFAULT_QUERY_OPTIONS, { sort: 'cum', unit: 'auto' }));
    const row = top.rows.find((r) => r.name === 'main.leakLeaf');
    assert.ok(row !== undefined, 'main.leakLeaf is in Top');
    const want = `${row.cumText} (${row.cumPercent.trim()})`;
    assert.match(want, /^\d+(\.\d+)?MB \(/, 'the value in its own unit, not kB');
    assert.equal(await rowText(`f=${encodeURIComponent('main\\.leakLeaf')}`), want);
    assert.equal(await rowText(`p=${encodeURIComponent(PIVOT)}`), want);
    // (?i) is Go's: the server matches it; the page picks the heaviest function it names.
    const goSyntax = await rowText(`f=${encodeURIComponent('(?i)MAIN\\.LEAKLEAF$')}`);
    assert.equal(goSyntax.split(' ')[0], row.cumText);
  });
});
