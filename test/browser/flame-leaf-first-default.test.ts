// Issue 12's "where the memory is at first sight", in a real Chromium: the 539k-sample heap
// (heap-large) opens its flame graph leaf first, saying why, its four heavy allocators the four
// widest frames below the root with `go tool pprof -top`'s flat values; one click on the reason
// line's link goes back to root first and the URL says so (`leaf=0`); cpu-large opens root first.
// The offline report of heap-large opens the same way, its link changing the address's fragment.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import {
  launchBrowser,
  saveScreenshot,
  startFixtureViewer,
  waitForFlameGraph,
  type BrowserSession,
  type RunningViewer,
} from '../support/browser.js';
import { REPO_ROOT, fixturePath } from '../support/fixtures.js';
import { goToolPprof } from '../support/go-pprof.js';

const HEAVY_ALLOCATORS = ['main.allocIndex', 'main.allocBuffer', 'strings.(*Builder).grow', 'main.allocRecords'];
const REASON = 'Opened leaf first: 88% of in-use space is in call stacks under 0.01% each — Root first';

let browser: BrowserSession;
let page: Page;

before(async () => {
  browser = await launchBrowser();
  page = await browser.newPage();
  await page.setViewportSize({ width: 1280, height: 800 });
});
after(async () => {
  await browser?.close();
});

interface TopFrame {
  readonly name: string;
  readonly width: number;
  readonly cum: string;
}

/** The frames one level below the root, widest first, from the accessible frame list. */
async function topLevelFrames(list = '#flame-frames'): Promise<TopFrame[]> {
  const rows = await page.$$eval(`${list} li[data-depth="1"]`, (items) =>
    items.map((li) => [
      li.querySelector('.frame-name')?.textContent ?? '',
      li.getAttribute('data-width') ?? '',
      li.querySelector('.frame-cum')?.textContent ?? '',
    ]),
  );
  return rows
    .map(([name, width, cum]) => ({ name: name ?? '', width: Number(width), cum: cum ?? '' }))
    .sort((a, b) => b.width - a.width);
}

/** pprof's flat column per function of `go tool pprof -top` (TZ=UTC) in `unit`. */
async function pprofFlat(file: string, unit: string): Promise<Map<string, string>> {
  const text = await goToolPprof(['-top', `-unit=${unit}`, file]);
  const flat = new Map<string, string>();
  for (const line of text.split('\n')) {
    const row = /^\s*(\S+)\s+\S+%\s+\S+%\s+\S+\s+\S+%\s+(.+?)( \(inline\))?$/.exec(line);
    if (row !== null) flat.set(row[2]!, row[1]!);
  }
  return flat;
}

/** The four widest top-level frames with the values they show, and pprof's flat in the same unit. */
async function heavyFramesAndPprof(list?: string): Promise<{ shown: string[]; pprof: string[] }> {
  const widest = (await topLevelFrames(list)).slice(0, 4);
  const unit = /[a-zA-Z]+$/.exec(widest[0]!.cum)![0];
  const flat = await pprofFlat(fixturePath('heap-large.pb.gz'), unit);
  return {
    shown: widest.map((frame) => `${frame.name} ${frame.cum}`),
    pprof: widest.map((frame) => `${frame.name} ${flat.get(frame.name)}`),
  };
}

describe('heap-large in the viewer', () => {
  let viewer: RunningViewer;
  before(async () => {
    viewer = await startFixtureViewer('heap-large.pb.gz');
  });
  after(async () => {
    await viewer?.server.close();
  });

  it('opens leaf first, says why, and its four widest frames are the heavy allocators at pprof’s flat', async () => {
    await page.goto(`${viewer.url}/`);
    await waitForFlameGraph(page);
    assert.equal(new URL(page.url()).searchParams.has('leaf'), false, 'the default stays out of the URL');
    assert.equal(await page.getAttribute('#flame-leaf-first', 'aria-pressed'), 'true');
    assert.equal(await page.textContent('#flame-leaf-reason'), REASON);
    assert.equal(await page.isVisible('#flame-leaf-reason'), true);
    const { shown, pprof } = await heavyFramesAndPprof();
    assert.deepEqual(
      shown.map((frame) => frame.replace(/ \S+$/, '')),
      ['main.allocIndex', 'strings.(*Builder).grow', 'main.allocBuffer', 'main.allocRecords'],
    );
    assert.deepEqual(new Set(shown.map((frame) => frame.replace(/ \S+$/, ''))), new Set(HEAVY_ALLOCATORS));
    assert.deepEqual(shown, pprof);
    await saveScreenshot(page, 'flame-heap-large');
  });

  it('goes back to root first in one click on the reason line, with leaf=0 in the URL', async () => {
    await page.click('#flame-root-first');
    await page.waitForURL((url) => url.searchParams.get('leaf') === '0');
    await page.waitForSelector('section.flame-view:not([aria-busy])');
    await page.locator('#flame-leaf-first[aria-pressed="false"]').waitFor();
    assert.equal(await page.isHidden('#flame-leaf-reason'), true);
    const names = (await topLevelFrames()).map((frame) => frame.name);
    assert.equal(
      names.some((name) => HEAVY_ALLOCATORS.includes(name)),
      false,
      `root first, the roots are not the allocators: ${names.join(', ')}`,
    );
    await page.reload();
    await waitForFlameGraph(page);
    assert.equal(await page.getAttribute('#flame-leaf-first', 'aria-pressed'), 'false', 'the URL holds the choice');
    await page.goBack();
    await page.waitForURL((url) => !url.searchParams.has('leaf'));
    await page.locator('#flame-leaf-first[aria-pressed="true"]').waitFor();
    assert.equal(await page.textContent('#flame-leaf-reason'), REASON);
  });

  it('an explicit leaf=1 wins and gives no reason; the toggle then asks for root first (leaf=0)', async () => {
    await page.goto(`${viewer.url}/?leaf=1`);
    await waitForFlameGraph(page);
    assert.equal(await page.getAttribute('#flame-leaf-first', 'aria-pressed'), 'true');
    assert.equal(await page.isHidden('#flame-leaf-reason'), true);
    await page.click('#flame-leaf-first');
    await page.waitForURL((url) => url.searchParams.get('leaf') === '0');
    await page.locator('#flame-leaf-first[aria-pressed="false"]').waitFor();
  });
});

describe('cpu-large in the viewer', () => {
  let viewer: RunningViewer;
  before(async () => {
    viewer = await startFixtureViewer('cpu-large.pb.gz');
  });
  after(async () => {
    await viewer?.server.close();
  });

  it('opens root first, with no reason line; the toggle asks for leaf=1', async () => {
    await page.goto(`${viewer.url}/`);
    await waitForFlameGraph(page);
    assert.equal(await page.getAttribute('#flame-leaf-first', 'aria-pressed'), 'false');
    assert.equal(await page.isHidden('#flame-leaf-reason'), true);
    const widest = (await topLevelFrames())[0]!;
    assert.equal(HEAVY_ALLOCATORS.includes(widest.name), false);
    await page.click('#flame-leaf-first');
    await page.waitForURL((url) => url.searchParams.get('leaf') === '1');
    await page.locator('#flame-leaf-first[aria-pressed="true"]').waitFor();
    assert.equal(await page.isHidden('#flame-leaf-reason'), true, 'asked for, not chosen: no reason');
  });
});

describe('heap-large in the offline report', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'go-profiler-leaf-report-'));
    const bin = path.join(REPO_ROOT, 'dist/cli/main.js');
    await promisify(execFile)(process.execPath, [
      bin,
      'report',
      fixturePath('heap-large.pb.gz'),
      '-o',
      `${dir}/r.html`,
    ]);
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('opens leaf first with the same reason and frames; its link shows root first and says so in the address', async () => {
    await page.goto(pathToFileURL(`${dir}/r.html`).href);
    await page.waitForSelector('.report[data-drawn] canvas.flame-canvas[data-painted]');
    assert.equal(await page.textContent('#flame-leaf-reason'), REASON);
    const { shown, pprof } = await heavyFramesAndPprof();
    assert.deepEqual(new Set(shown.map((frame) => frame.replace(/ \S+$/, ''))), new Set(HEAVY_ALLOCATORS));
    assert.deepEqual(shown, pprof);
    await page.click('#flame-root-first');
    await page.waitForFunction('window.location.hash === "#leaf=0"');
    await page.locator('#flame-leaf-reason', { hasText: 'Root first, as the address asks — Leaf first' }).waitFor();
    await page.waitForSelector('.report[data-drawn] canvas.flame-canvas[data-painted]');
    const names = (await topLevelFrames()).map((frame) => frame.name);
    assert.equal(
      names.some((name) => HEAVY_ALLOCATORS.includes(name)),
      false,
      names.join(', '),
    );
  });
});
