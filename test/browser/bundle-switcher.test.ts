// A bundle session's profile switcher in a real Chromium: each profile under /profile/NAME/ keeps
// its own URL state (sample type, filters, view) across switches; a delta says "during N s" in the
// header; `?profile=NAME` on the root opens that profile with the rest of its query.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { decodeProfile } from '../../src/pprof/index.js';
import { startViewerServer, type DecodedCapture, type ViewerServer } from '../../src/web/viewer-server.js';
import { launchBrowser, type BrowserSession } from '../support/browser.js';
import { fixturePath } from '../support/fixtures.js';
import { waitForTop } from './top-table.js';

const DIR = 'profilers/go/pprof/20261125064900';
let browser: BrowserSession;
let server: ViewerServer;
let url: string;
let page: Page;

async function capture(name: string, fixture: string, type: string): Promise<DecodedCapture> {
  const rawBytes = new Uint8Array(await readFile(fixturePath(fixture)));
  return {
    profile: decodeProfile(rawBytes),
    rawBytes,
    file: `${DIR}/default.b.Bundle.${name}.prof`,
    type,
    source: 'http://127.0.0.1:6060',
    capturedAt: new Date('2026-11-25T06:49:00Z'),
    ...(name === 'allocs' ? { window: { seconds: 30, method: 'go' as const } } : {}),
  };
}

before(async () => {
  const profiles = [
    { name: 'cpu', capture: await capture('cpu', 'cpu-small.pb.gz', 'Profile') },
    { name: 'allocs', capture: await capture('allocs', 'allocs-small.pb.gz', 'Allocs') },
    { name: 'heap', capture: await capture('heap', 'heap-small.pb.gz', 'Heap') },
  ];
  browser = await launchBrowser();
  server = await startViewerServer({
    handOverProfile: false,
    capture: { ...profiles[0]!.capture, profiles },
    host: '127.0.0.1',
  });
  url = `http://127.0.0.1:${server.port}`;
  page = await browser.newPage();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** Picks `name` in the switcher and waits for that profile's Top. */
async function switchTo(name: string): Promise<string> {
  await Promise.all([page.waitForURL(new RegExp(`/profile/${name}/`)), page.selectOption('#profile-switch', name)]);
  await waitForTop(page);
  return new URL(page.url()).pathname + new URL(page.url()).search;
}

describe('the bundle profile switcher', () => {
  it('keeps each profile its own state across switches', async () => {
    await page.goto(`${url}/profile/heap/top?si=alloc_space&h=runtime`);
    await waitForTop(page);
    assert.equal(await page.inputValue('#profile-switch'), 'heap');
    assert.deepEqual(
      await page.$$eval('#profile-switch option', (options) => options.map((option) => option.textContent)),
      ['cpu', 'allocs · during 30 s', 'heap'],
    );
    assert.equal(await page.inputValue('#sample-type'), 'alloc_space');

    // A profile not yet visited opens on the same view, on its own defaults.
    assert.equal(await switchTo('cpu'), '/profile/cpu/top');
    await page.goto(`${url}/profile/cpu/top?f=main`);
    await waitForTop(page);

    // Back to the heap: as it was left, not the CPU's filters.
    assert.equal(await switchTo('heap'), '/profile/heap/top?si=alloc_space&h=runtime');
    assert.equal(await page.inputValue('#sample-type'), 'alloc_space');
    assert.equal(await switchTo('cpu'), '/profile/cpu/top?f=main');
  });

  it("says a delta's window in the header", async () => {
    await page.goto(`${url}/profile/allocs/top`);
    await waitForTop(page);
    await page.waitForSelector('#details-button:has-text("during 30 s")');
    const title = await page.$eval('#details-button', (button) => button.textContent);
    assert.match(String(title), / during 30 s ▾$/);
  });

  it('opens ?profile=NAME on the root as that profile, with the rest of the query', async () => {
    await page.goto(`${url}/top?profile=heap&si=inuse_objects`);
    await waitForTop(page);
    assert.equal(new URL(page.url()).pathname, '/profile/heap/top');
    assert.equal(await page.inputValue('#sample-type'), 'inuse_objects');
    assert.equal(await page.inputValue('#profile-switch'), 'heap');
  });
});
