// The Config menu (pprof's saved views) in a real Chromium, across two viewers on two ports that
// share one settings file, as two captures of the processor (or two `go-profiler view`s) do: a
// config saved in one viewer (from the keyboard, with its validation message) is listed in the
// other, applying it there rewrites the URL's refine options (keeping the view and the sample
// type) and Top then shows `go tool pprof -top` with the same filters; "Default" drops them; a
// delete asks first and is seen by both viewers. Names are shown as text, never as markup.

import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import {
  SCREENSHOT_DIR,
  launchBrowser,
  startFixtureViewer,
  type BrowserSession,
  type RunningViewer,
  waitForExpression,
} from '../support/browser.js';
import { fixturePath } from '../support/fixtures.js';
import { runPprofTop, type PprofTop } from './pprof-top.js';
import { readTop, waitForTop } from './top-table.js';

const FOCUS = 'main\\.encodeJSON';
const HIDE = '^encoding/json\\.';
/** Markup in a name must show as text. */
const NAME = 'encode <b>JSON</b> & no json';

let browser: BrowserSession;
let scratch: string;
let settingsFile: string;
let first: RunningViewer;
let second: RunningViewer;
let pageA: Page;
let pageB: Page;
let expectedTop: PprofTop;

before(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'go-profiler-configs-'));
  settingsFile = path.join(scratch, 'settings.json');
  [browser, first, second, expectedTop] = await Promise.all([
    launchBrowser(),
    startFixtureViewer('heap-small.pb.gz', { settingsFile }),
    startFixtureViewer('heap-sparse.pb.gz', { settingsFile }),
    runPprofTop(fixturePath('heap-sparse.pb.gz'), [
      '-nodecount=500',
      '-sample_index=alloc_space',
      `-focus=${FOCUS}`,
      `-hide=${HIDE}`,
    ]),
  ]);
  [pageA, pageB] = await Promise.all([browser.newPage(), browser.newPage()]);
});
after(async () => {
  await browser?.close();
  await first?.server.close();
  await second?.server.close();
  if (scratch !== undefined) await rm(scratch, { recursive: true, force: true });
});

/** What the window shows (Top's full page is thousands of pixels long). */
async function saveScreenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`) });
}

const configLink = (page: Page, name: string) => page.locator(`#config-menu a.config-link[data-config="${name}"]`);
const savedFile = async () => JSON.parse(await readFile(settingsFile, 'utf8')) as { configs: unknown[] };

async function openConfigMenu(page: Page): Promise<void> {
  // The list is read again on opening: wait for it to be drawn from the answer.
  await Promise.all([
    page.waitForResponse((response) => response.url().endsWith('/api/configs')),
    page.click('#config-menu > summary'),
  ]);
  await page.locator('#config-menu .config-list a[data-config="Default"]').waitFor();
}

describe('the Config menu across two viewers sharing a settings file', () => {
  it('saves the refine options of one viewer under a name, from the keyboard', async () => {
    assert.notEqual(first.url, second.url);
    await pageA.goto(`${first.url}/top?f=${encodeURIComponent(FOCUS)}&h=${encodeURIComponent(HIDE)}`);
    await waitForTop(pageA);
    await pageA.focus('#config-menu > summary');
    await pageA.keyboard.press('Enter');
    await pageA.keyboard.press('Tab');
    assert.equal(await pageA.evaluate('document.activeElement.id'), 'save-config');
    await pageA.keyboard.press('Enter');
    const dialog = pageA.locator('#save-config-dialog');
    await dialog.waitFor();
    assert.equal(await pageA.evaluate('document.activeElement.id'), 'config-name', 'the name field has the focus');
    await pageA.keyboard.type('   ');
    await pageA.keyboard.press('Enter');
    await pageA.locator('#save-config-dialog .dialog-error', { hasText: 'Give the config a name.' }).waitFor();
    await pageA.fill('#config-name', NAME);
    await saveScreenshot(pageA, 'config-save-dialog');
    await pageA.keyboard.press('Enter');
    await dialog.waitFor({ state: 'hidden' });
    assert.deepEqual(await savedFile(), {
      version: 1,
      configs: [{ name: NAME, query: new URLSearchParams({ f: FOCUS, h: HIDE }).toString() }],
    });

    await openConfigMenu(pageA);
    const link = configLink(pageA, NAME);
    assert.equal(await link.textContent(), NAME, 'the name is text, markup and all');
    assert.equal(await pageA.locator('#config-menu b').count(), 0);
    assert.equal(await link.getAttribute('aria-current'), 'true', 'this view is the config just saved');
    assert.equal(await configLink(pageA, 'Default').getAttribute('aria-current'), null);
    await saveScreenshot(pageA, 'config-menu-saved');
  });

  it('applies the config in another viewer: the URL takes its options, Top shows pprof’s numbers', async () => {
    await pageB.goto(`${second.url}/top?si=alloc_space`);
    await waitForTop(pageB);
    await openConfigMenu(pageB);
    assert.equal(await configLink(pageB, 'Default').getAttribute('aria-current'), 'true');
    const link = configLink(pageB, NAME);
    const href = new URL((await link.getAttribute('href')) ?? '', second.url);
    assert.equal(href.pathname, '/top', 'a real link to the current view');
    await saveScreenshot(pageB, 'config-menu-other-viewer');
    await link.click();
    await pageB.waitForURL(
      (url) =>
        url.pathname === '/top' &&
        JSON.stringify(Object.fromEntries(url.searchParams)) ===
          JSON.stringify({ si: 'alloc_space', f: FOCUS, h: HIDE }),
    );
    await waitForExpression(
      pageB,
      `document.querySelectorAll('#toptable tbody tr').length === ${expectedTop.rows.length}`,
    );
    await waitForTop(pageB);
    assert.deepEqual(await readTop(pageB), expectedTop);
    await saveScreenshot(pageB, 'config-applied');

    await openConfigMenu(pageB);
    assert.equal(await configLink(pageB, NAME).getAttribute('aria-current'), 'true');
    await configLink(pageB, 'Default').click();
    await pageB.waitForURL((url) => url.pathname === '/top' && url.search === '?si=alloc_space');
  });

  it('deletes a config after asking, for every viewer sharing the file', async () => {
    await openConfigMenu(pageB);
    const deleteButton = pageB.locator(`#config-menu button[aria-label="Delete config ${NAME}"]`);
    await deleteButton.click();
    const dialog = pageB.locator('#delete-config-dialog');
    await dialog.waitFor();
    assert.match((await dialog.textContent()) ?? '', new RegExp(`Delete the config “${NAME}”\\?`));
    await saveScreenshot(pageB, 'config-delete-dialog');
    // Escape is a "no": the config stays, the page stays.
    await pageB.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    assert.equal((await savedFile()).configs.length, 1);
    assert.equal(new URL(pageB.url()).search, '?si=alloc_space');

    await openConfigMenu(pageB);
    await deleteButton.click();
    await dialog.waitFor();
    await pageB.click('#delete-config-dialog .dialog-confirm');
    await dialog.waitFor({ state: 'hidden' });
    assert.deepEqual((await savedFile()).configs, []);
    await openConfigMenu(pageB);
    assert.equal(await configLink(pageB, NAME).count(), 0);

    await pageA.click('#config-menu > summary'); // closes the menu left open
    await openConfigMenu(pageA);
    assert.equal(await configLink(pageA, NAME).count(), 0, 'gone from the first viewer too');
    await saveScreenshot(pageA, 'config-menu-after-delete');
  });
});
