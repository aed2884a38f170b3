// No weight hidden in the flame graph, in a real Chromium: on a heap profile whose memory is spread
// over 12,000 tiny call paths, the pruned paths stand as one hatched aggregate of their true width,
// a click on it zooms into its parent with all detail, a search lights it up, and the leaf-first
// view (this profile's default: the root-first graph is asked for with `leaf=0`) shows the four
// heavy leaves as the widest frames.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { encodeProfile } from '../../src/pprof/index.js';
import { MATCH_COLOR } from '../../src/web/client/flame/frame-colors.js';
import { decodeFlameGraph } from '../../src/web/flame-graph-wire.js';
import {
  afterNextFrames,
  launchBrowser,
  readCanvasPixel,
  readFrameList,
  saveScreenshot,
  startViewerFor,
  waitForFlameGraph,
  type BrowserSession,
  type RunningViewer,
} from '../support/browser.js';
import {
  SPREAD_LEAVES,
  SPREAD_PATH_BYTES,
  SPREAD_PATHS,
  SPREAD_TOTAL_BYTES,
  spreadHeapProfile,
} from '../support/spread-profiles.js';

let browser: BrowserSession;
let viewer: RunningViewer;
let page: Page;

before(async () => {
  const rawBytes = encodeProfile(spreadHeapProfile());
  [browser, viewer] = await Promise.all([
    launchBrowser(),
    startViewerFor(rawBytes, 'profilers/go/pprof/20261206210000/default.spread.Heap.prof', 'Heap'),
  ]);
  page = await browser.newPage();
  await page.setViewportSize({ width: 1280, height: 800 });
});
after(async () => {
  await browser?.close();
  await viewer?.server.close();
});

interface DrawnFrame {
  readonly node: number;
  readonly name: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly aggregated: number;
  readonly matched: boolean;
}

/** The frame list with where each frame is drawn (CSS px in the canvas). */
async function drawnFrames(): Promise<DrawnFrame[]> {
  const rows = await page.$$eval('#flame-frames li', (items) =>
    items.map((li) => [
      li.getAttribute('data-node') ?? '',
      li.querySelector('.frame-name')?.textContent ?? '',
      li.getAttribute('data-x') ?? '',
      li.getAttribute('data-y') ?? '',
      li.getAttribute('data-width') ?? '',
      li.getAttribute('data-aggregated') ?? '0',
      li.getAttribute('data-matched') ?? '',
    ]),
  );
  return rows.map(([node, name, x, y, width, aggregated, matched]) => ({
    node: Number(node),
    name: name ?? '',
    x: Number(x),
    y: Number(y),
    width: Number(width),
    aggregated: Number(aggregated),
    matched: matched === 'true',
  }));
}

const hex = (color: string) => [1, 3, 5].map((i) => Number.parseInt(color.slice(i, i + 2), 16));

describe('the hidden weight of a spread heap profile in Chromium', () => {
  it('draws the 12,000 pruned call paths as one hatched aggregate of their true width', async () => {
    await page.goto(`${viewer.url}/?leaf=0`);
    await waitForFlameGraph(page);
    assert.equal(await page.getAttribute('#flame-leaf-first', 'aria-pressed'), 'false');
    assert.equal(await page.isHidden('#flame-leaf-reason'), true, 'the URL chose: no reason to give');
    const frames = await drawnFrames();
    assert.deepEqual(
      frames.map((f) => `${f.name} ${f.aggregated}`),
      [
        'root 0',
        'main.main 0',
        `${SPREAD_PATHS} smaller frames ${SPREAD_PATHS}`,
        'main.visible 0',
        'runtime.mallocgc 0',
      ],
    );
    const root = frames[0]!;
    const aggregate = frames[2]!;
    // 96% of the width, to the tenth of a pixel the list prints.
    const share = (SPREAD_PATHS * SPREAD_PATH_BYTES) / SPREAD_TOTAL_BYTES;
    assert.equal(aggregate.width.toFixed(1), (root.width * share).toFixed(1));
    assert.equal((await readFrameList(page))[2]?.cum, '93.75MB');
    // Hatched: the stripes and the grey between them are both in the frame.
    const rowY = aggregate.y + 8;
    const pixels = await Promise.all(
      [0, 1, 2, 3, 4, 5].map((dx) => readCanvasPixel(page, 'canvas.flame-canvas', aggregate.x + 40 + dx, rowY)),
    );
    const distinct = new Set(pixels.map((p) => p.join(',')));
    assert.equal(distinct.size >= 2, true, `stripes over the fill: ${[...distinct].join(' ')}`);
    assert.match((await page.textContent('.flame-note')) ?? '', /^12000 call subtrees under 0.01% of the total/);
    await saveScreenshot(page, 'flame-graph-aggregate');
  });

  it('lights up the aggregate hiding a search match, and hover says how much', async () => {
    await page.fill('#search', 'allocIndex');
    await page.locator('#search-status', { hasText: /^Matched/ }).waitFor();
    assert.equal(await page.textContent('#search-status'), 'Matched 29.30MB (30.00%) of 97.66MB');
    await afterNextFrames(page);
    const aggregate = (await drawnFrames())[2]!;
    assert.equal(aggregate.matched, true);
    // Between the stripes, the frame is in the match colour.
    const fills = await Promise.all(
      [0, 1, 2, 3, 4, 5].map((dx) =>
        readCanvasPixel(page, 'canvas.flame-canvas', aggregate.x + 40 + dx, aggregate.y + 8),
      ),
    );
    assert.equal(
      fills.some((p) => p.join(',') === hex(MATCH_COLOR).join(',')),
      true,
    );
    const box = (await page.locator('canvas.flame-canvas').boundingBox())!;
    await page.mouse.move(box.x + aggregate.x + aggregate.width / 2, box.y + aggregate.y + 8);
    await page.locator('.flame-tooltip:not([hidden])').waitFor();
    assert.equal(
      await page.textContent('.flame-tooltip'),
      `${SPREAD_PATHS} smaller framescum 93.75MB (96.00% of total) togethersearch matched 29.30MB (30.00%) insideeach under the size limit; click for all the detail`,
    );
    await saveScreenshot(page, 'flame-graph-aggregate-search');
    await page.fill('#search', '');
    await page.locator('#search-status:empty').waitFor({ state: 'attached' });
  });

  it('zooms into the parent with all detail on a click', async () => {
    const aggregate = (await drawnFrames())[2]!;
    const box = (await page.locator('canvas.flame-canvas').boundingBox())!;
    await page.mouse.click(box.x + aggregate.x + aggregate.width / 2, box.y + aggregate.y + 8);
    await page.waitForURL(
      (url) =>
        url.searchParams.get('zoom') === 'main.main' &&
        url.searchParams.get('detail') === 'all' &&
        url.searchParams.get('leaf') === '0',
    );
    await page.locator('.flame-zoom-label', { hasText: 'Zoomed into main.main, all detail' }).waitFor();
    await page.waitForSelector('section.flame-view:not([aria-busy])');
    await afterNextFrames(page);
    // The server sent every handler and its leaf: nothing aggregated below main.main.
    const sent = decodeFlameGraph(
      await (await fetch(`${viewer.url}/api/flamegraph?zoom=main.main&detail=all&leaf=0`)).arrayBuffer(),
    );
    assert.equal(sent.nodeCount, 2 + 2 + 2 * SPREAD_PATHS);
    assert.equal(sent.aggregated.filter((a) => a > 0).length, 0);
    // Each handler is 0.1 px wide at 1280 px: drawn together as one hatched band where the
    // aggregate was (left of main.visible: handlers sort first), not a blank canvas.
    const frames = await drawnFrames();
    assert.deepEqual(
      frames.map((f) => f.name),
      ['root', 'main.main', 'main.visible', 'runtime.mallocgc'],
    );
    const visible = frames[2]!;
    const band = await Promise.all(
      [0, 1, 2, 3, 4, 5].map((dx) => readCanvasPixel(page, 'canvas.flame-canvas', 40 + dx, visible.y + 8)),
    );
    assert.equal(new Set(band.map((p) => p.join(','))).size >= 2, true, `stripes: ${band.join(' ')}`);
    await saveScreenshot(page, 'flame-graph-aggregate-zoomed');
    await page.goBack();
    await page.waitForURL((url) => !url.searchParams.has('zoom'));
  });

  it('leaf first (the default here: the URL drops `leaf`), the four heavy leaves are the widest frames', async () => {
    await page.click('#flame-leaf-first');
    await page.waitForURL((url) => !url.searchParams.has('leaf'));
    await page.waitForSelector('section.flame-view:not([aria-busy])');
    await afterNextFrames(page);
    assert.equal(await page.getAttribute('#flame-leaf-first', 'aria-pressed'), 'true');
    const named = (await drawnFrames()).filter((f) => f.node !== 0 && f.aggregated === 0);
    assert.deepEqual(
      named.slice(0, 4).map((f) => f.name),
      SPREAD_LEAVES.map((leaf) => leaf.name),
    );
    const widths = named.slice(0, 5).map((f) => f.width);
    assert.equal(widths[3]! > widths[4]!, true, `the fifth (${named[4]?.name}) is narrower`);
    await saveScreenshot(page, 'flame-graph-leaf-first');
    await page.reload();
    await waitForFlameGraph(page);
    assert.equal(await page.getAttribute('#flame-leaf-first', 'aria-pressed'), 'true', 'the default again');
    assert.equal(
      await page.textContent('#flame-leaf-reason'),
      'Opened leaf first: 96% of in-use space is in call stacks under 0.01% each — Root first',
    );
  });
});
