// The details panel, the session countdown, the themes and the keyboard in a real Chromium on a
// real fixture: the panel lists the engine's facts and what the view dropped; the countdown runs
// on the browser's clock down to "expired"; light and dark follow the system until toggled, the
// choice survives a reload and the canvas follows it; every shortcut does what the help says.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { decodeProfile } from '../../src/pprof/index.js';
import { computeSampleTotals, formatProfileTime, UTC_TIME_ZONE } from '../../src/query/index.js';
import { formatValueLabel } from '../../src/units/index.js';
import { SHORTCUTS } from '../../src/web/client/keyboard-shortcuts.js';
import { startViewerServer, type DecodedCapture, type ViewerServer } from '../../src/web/viewer-server.js';
import {
  afterNextFrames,
  type BrowserSession,
  launchBrowser,
  readCanvasPixel,
  readFrameList,
  saveScreenshot,
  waitForExpression,
  waitForFlameGraph,
} from '../support/browser.js';
import { fixturePath } from '../support/fixtures.js';

const FIXTURE = 'heap-medium.pb.gz';
const EXPIRES_IN_MS = 10 * 60_000;

let browser: BrowserSession;
let viewer: ViewerServer;
let capture: DecodedCapture;
let url: string;
let page: Page;

before(async () => {
  const rawBytes = new Uint8Array(await readFile(fixturePath(FIXTURE)));
  capture = {
    profile: decodeProfile(rawBytes),
    rawBytes,
    file: 'profilers/go/pprof/20261125064900/default.demo.Heap.prof',
    type: 'Heap',
    source: 'http://10.1.2.3:6060',
    capturedAt: new Date('2026-11-25T06:49:00Z'),
    expiresAt: new Date(Date.now() + EXPIRES_IN_MS),
  };
  [browser, viewer] = await Promise.all([
    launchBrowser(),
    startViewerServer({ capture, host: '127.0.0.1', handOverProfile: false }),
  ]);
  url = `http://127.0.0.1:${viewer.port}`;
  page = await browser.newPage();
});
after(async () => {
  await browser?.close();
  await viewer?.close();
});

async function readFacts(selector: string): Promise<Map<string, string>> {
  const pairs = await page.$$eval(`${selector} dt`, (terms) =>
    terms.map((dt) => [dt.textContent ?? '', dt.nextElementSibling?.textContent ?? '']),
  );
  return new Map(pairs.map(([term, value]) => [term ?? '', value ?? '']));
}

describe('details panel', () => {
  it("lists the profile's facts, the capture and what the view leaves out", async () => {
    await page.goto(`${url}/`);
    await waitForFlameGraph(page);
    assert.equal(await page.isHidden('#details'), true);
    await page.keyboard.press('d');
    await page.waitForSelector('#details:not([hidden])');

    const profile = await readFacts('#details .profile-facts');
    const totals = computeSampleTotals(capture.profile);
    capture.profile.sampleTypes.forEach((sampleType, i) => {
      assert.equal(
        profile.get(`Total ${sampleType.type}`),
        `${formatValueLabel(totals[i]!, sampleType.unit)} (${sampleType.unit})`,
      );
    });
    assert.equal(profile.get('Time'), formatProfileTime(capture.profile.timeNanos, UTC_TIME_ZONE));
    assert.equal(profile.get('Samples'), String(capture.profile.samples.count));
    assert.equal(profile.get('Period'), `${formatValueLabel(capture.profile.period, 'bytes')} (space)`);

    const facts = await readFacts('#details .capture');
    assert.equal(facts.get('Source'), 'http://10.1.2.3:6060');
    assert.equal(facts.get('Stored as'), capture.file);
    assert.match(facts.get('Session') ?? '', /^expires in (9m [0-5]\d|10m 00)s \(at \d{4}-\d\d-\d\dT[\d:.]+Z\)$/);

    const legend = await page.$$eval('#details .legend li', (items) => items.map((li) => li.textContent ?? ''));
    assert.equal(legend[0], 'File: gotarget');
    assert.match(legend.at(-1) ?? '', /^\d+ call subtrees under 0\.01% of the total are drawn as hatched aggregates/);
    await saveScreenshot(page, 'details-panel');

    await page.keyboard.press('t');
    await page.waitForSelector('section.top-view[data-loaded="true"]');
    const topLegend = await page.$$eval('#details .legend li', (items) => items.map((li) => li.textContent ?? ''));
    assert.ok(
      topLegend.some((line) => /^Dropped \d+ nodes \(cum <= \S+\)$/.test(line)),
      topLegend.join('\n'),
    );
    await page.keyboard.press('d');
    assert.equal(await page.isHidden('#details'), true);
  });

  it('counts the session down to "expired", warning in the header near the end', async () => {
    const clocked = await browser.newPage();
    try {
      await clocked.clock.install();
      await clocked.goto(`${url}/top`);
      await clocked.waitForSelector('#expiry-countdown[data-remaining-ms]', { state: 'attached' });
      assert.equal(await clocked.isHidden('#expiry-badge'), true, 'no warning with ten minutes left');
      await clocked.clock.fastForward('05:30');
      await clocked.locator('#expiry-badge', { hasText: /^Closes in 4m [0-3]\ds$/ }).waitFor();
      await clocked.clock.fastForward('05:00');
      await clocked.locator('#expiry-badge', { hasText: 'Session expired' }).waitFor();
      assert.match((await clocked.textContent('#expiry-countdown')) ?? '', /^expired at \d{4}-/);
    } finally {
      await clocked.close();
    }
  });
});

describe('themes', () => {
  const rootPixel = async (p: Page) => {
    const [rootFrame] = await readFrameList(p);
    assert.equal(rootFrame?.name, 'root');
    return readCanvasPixel(p, 'canvas.flame-canvas', 2, 12);
  };
  const background = (p: Page) => p.evaluate('getComputedStyle(document.body).backgroundColor');

  it('follows the system, toggles, remembers the choice and repaints the canvas', async () => {
    const themed = await browser.newPage();
    try {
      await themed.emulateMedia({ colorScheme: 'light' });
      await themed.goto(`${url}/`);
      await waitForFlameGraph(themed);
      const light = await rootPixel(themed);
      assert.equal(await background(themed), 'rgb(255, 255, 255)');

      await themed.emulateMedia({ colorScheme: 'dark' });
      await waitForExpression(themed, `getComputedStyle(document.body).backgroundColor === 'rgb(13, 17, 23)'`);
      await afterNextFrames(themed);
      const dark = await rootPixel(themed);
      const sum = (rgb: number[]) => rgb.reduce((a, b) => a + b, 0);
      assert.ok(sum(dark) < sum(light) - 150, `dark frame rgb(${dark}) vs light rgb(${light})`);
      await saveScreenshot(themed, 'dark-theme');

      await themed.click('#theme-toggle');
      assert.equal(await themed.getAttribute('html', 'data-theme'), 'light');
      assert.equal(await background(themed), 'rgb(255, 255, 255)');
      await afterNextFrames(themed);
      assert.deepEqual(await rootPixel(themed), light, 'the canvas repaints in the light palette');

      await themed.reload();
      await waitForFlameGraph(themed);
      assert.equal(await themed.getAttribute('html', 'data-theme'), 'light', 'remembered over the dark system');
      assert.equal(await background(themed), 'rgb(255, 255, 255)');
      await themed.keyboard.press('l');
      assert.equal(await themed.getAttribute('html', 'data-theme'), 'dark');
      await themed.evaluate('localStorage.clear()');
    } finally {
      await themed.close();
    }
  });
});

describe('keyboard shortcuts', () => {
  it('lists every shortcut in the help overlay, which Esc closes', async () => {
    await page.goto(`${url}/`);
    await waitForFlameGraph(page);
    await page.keyboard.press('?');
    await page.waitForSelector('#help-overlay:not([hidden])');
    const rows = await page.$$eval('#help-overlay tr', (trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')),
    );
    assert.deepEqual(
      rows.map((row) => row[1]),
      SHORTCUTS.map((shortcut) => shortcut.description),
    );
    assert.equal(rows[0]?.[0], 'f');
    await saveScreenshot(page, 'help-overlay');
    await page.keyboard.press('Escape');
    assert.equal(await page.isHidden('#help-overlay'), true);
  });

  it('switches views by their initials and leaves text fields alone', async () => {
    for (const [key, path] of [
      ['t', '/top'],
      ['g', '/graph'],
      ['p', '/peek'],
      ['s', '/source'],
      ['f', '/flamegraph'],
    ] as const) {
      await page.keyboard.press(key);
      await page.waitForURL((u) => u.pathname === path);
    }
    await waitForFlameGraph(page);
    await page.keyboard.press('/');
    assert.equal(await page.evaluate('document.activeElement.id'), 'search');
    await page.keyboard.type('tg');
    assert.equal(new URL(page.url()).pathname, '/flamegraph', 'typing in the search box switches nothing');
    await page.keyboard.press('Escape');
    assert.notEqual(await page.evaluate('document.activeElement.id'), 'search');
    await page.fill('#search', '');
  });

  it('zooms the flame graph out one level and back to the whole graph', async () => {
    const frames = await readFrameList(page);
    const target = frames.find((f) => Number(f.node) > 0 && f.name === 'main.(*config).setupLeak');
    assert.ok(target, 'setupLeak is drawn');
    const li = page.locator(`#flame-frames li[data-node="${target.node}"]`);
    const [x, y, width] = await Promise.all(['data-x', 'data-y', 'data-width'].map((a) => li.getAttribute(a)));
    const box = (await page.locator('canvas.flame-canvas').boundingBox())!;
    await page.mouse.click(box.x + Number(x) + Number(width) / 2, box.y + Number(y) + 8);
    await page.locator('.flame-zoom-label', { hasText: 'Zoomed into main.(*config).setupLeak' }).waitFor();
    await page.keyboard.press('u');
    await page.locator('.flame-zoom-label', { hasText: /^Zoomed into main\.main$/ }).waitFor();
    await page.keyboard.press('r');
    await page.locator('.flame-zoom-label:empty').waitFor({ state: 'attached' });
    await page.mouse.click(box.x + Number(x) + Number(width) / 2, box.y + Number(y) + 8);
    await page.locator('.flame-zoom-label', { hasText: 'Zoomed into' }).waitFor();
    await page.mouse.move(1, 1);
    await page.keyboard.press('Escape');
    await page.locator('.flame-zoom-label:empty').waitFor({ state: 'attached' });
  });

  it('loaded nothing from outside the session', () => {
    assert.deepEqual(browser.externalRequests, []);
  });
});
