// The flame graph in a real Chromium on real fixtures: what it draws (read through the accessible
// frame list and the canvas pixels) equals the engine's numbers; search, zoom, hover and the
// orientation work; profile strings stay text; nothing is loaded from outside.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { encodeProfile, profileFromCollapsed } from '../../src/pprof/index.js';
import {
  DEFAULT_QUERY_OPTIONS,
  withOptions,
  buildFlameGraph,
  buildZoomedFlameGraph,
  type FlameGraph,
} from '../../src/query/index.js';
import { decodeFlameGraph } from '../../src/web/flame-graph-wire.js';
import { flamePercentText, flameValueText, type FlameValueScale } from '../../src/web/flame-values.js';
import { FLAME_GRAPH_LIMITS } from '../../src/web/viewer-queries.js';
import {
  afterNextFrames,
  type BrowserSession,
  launchBrowser,
  type ListedFrame,
  readCanvasPixel,
  readFrameList,
  type RunningViewer,
  saveScreenshot,
  startFixtureViewer,
  startViewerFor,
  waitForExpression,
  waitForFlameGraph,
} from '../support/browser.js';

const FIXTURE = 'heap-medium.pb.gz';

let browser: BrowserSession;
let viewer: RunningViewer;
let page: Page;
let expected: FlameGraph;
/** How the page prints the engine's values: its unit comes with the graph the server sent. */
let scale: FlameValueScale;

before(async () => {
  [browser, viewer] = await Promise.all([launchBrowser(), startFixtureViewer(FIXTURE)]);
  page = await browser.newPage();
  expected = buildFlameGraph(viewer.capture.profile, DEFAULT_QUERY_OPTIONS, FLAME_GRAPH_LIMITS);
  const sent = decodeFlameGraph(await (await fetch(`${viewer.url}/api/flamegraph`)).arrayBuffer());
  scale = { sampleType: expected.sampleType, reportTotal: expected.reportTotal, info: sent.info };
});
after(async () => {
  await browser?.close();
  await viewer?.server.close();
});

/** A frame's name as the page lists it: an aggregate by how many pruned subtrees it holds. */
const nameOf = (graph: FlameGraph, node: number) =>
  graph.aggregated[node]! > 0
    ? `${graph.aggregated[node]} smaller frame${graph.aggregated[node] === 1 ? '' : 's'}`
    : graph.names[graph.nameIndex[node]!]!;

async function canvasPoint(frame: ListedFrame): Promise<{ x: number; y: number }> {
  const box = await page.locator('canvas.flame-canvas').boundingBox();
  assert.ok(box, 'the canvas is on the page');
  const li = page.locator(`#flame-frames li[data-node="${frame.node}"]`);
  const [x, y, width] = await Promise.all(['data-x', 'data-y', 'data-width'].map((a) => li.getAttribute(a)));
  return { x: box.x + Number(x) + Number(width) / 2, y: box.y + Number(y) + 8 };
}

async function pixelAt(frame: ListedFrame): Promise<number[]> {
  const li = page.locator(`#flame-frames li[data-node="${frame.node}"]`);
  const [x, y, width] = await Promise.all(['data-x', 'data-y', 'data-width'].map((a) => li.getAttribute(a)));
  return readCanvasPixel(page, 'canvas.flame-canvas', Number(x) + Math.min(Number(width) / 2, 2), Number(y) + 12);
}

describe(`flame graph of ${FIXTURE} in Chromium`, () => {
  it("draws the profile's frames with the engine's values", async () => {
    await page.goto(`${viewer.url}/`);
    await waitForFlameGraph(page);
    const frames = await readFrameList(page);
    assert.equal(frames.length, 300, 'frames listed: the widest, at most 300');
    for (const frame of frames) {
      assert.ok(frame.node < expected.nodeCount, `node ${frame.node}`);
      assert.equal(frame.name, nameOf(expected, frame.node));
      assert.equal(frame.cum, flameValueText(scale, expected.cum[frame.node]!), frame.name);
      assert.equal(frame.cumPercent, flamePercentText(scale, expected.cum[frame.node]!), frame.name);
      assert.equal(frame.flat, flameValueText(scale, expected.flat[frame.node]!), frame.name);
      assert.equal(frame.flatPercent, flamePercentText(scale, expected.flat[frame.node]!), frame.name);
    }
    const names = new Set(frames.map((f) => f.name));
    for (const name of ['runtime.main', 'main.main', 'main.(*config).setupLeak']) assert.ok(names.has(name), name);
    assert.equal(frames[0]?.node, 0, 'the root is the widest frame');
    assert.equal(Number(await page.locator('canvas.flame-canvas').getAttribute('data-frames')) > 100, true);
    await saveScreenshot(page, 'flame-graph-heap-medium');
  });

  it('highlights search matches and shows their share of the total', async () => {
    await page.fill('#search', 'setupLeak');
    await page.locator('#search-status', { hasText: /^Matched/ }).waitFor();
    const focused = buildFlameGraph(
      viewer.capture.profile,
      withOptions(DEFAULT_QUERY_OPTIONS, { focus: 'setupLeak' }),
      FLAME_GRAPH_LIMITS,
    );
    assert.equal(
      await page.textContent('#search-status'),
      `Matched ${flameValueText(scale, focused.total)} (${flamePercentText(scale, focused.total)}) of ${flameValueText(scale, expected.reportTotal)}`,
    );
    assert.match(page.url(), /[?&]q=setupLeak/);
    await afterNextFrames(page); // the next animation frame repaints
    const frames = await readFrameList(page);
    const match = frames.find((f) => f.name === 'main.(*config).setupLeak');
    const other = frames.find((f) => f.name === 'main.cpuWorker');
    assert.ok(match && other);
    assert.deepEqual(await pixelAt(match), [0xd9, 0x3b, 0xd9], 'a match is painted in the highlight colour');
    assert.notDeepEqual(await pixelAt(other), [0xd9, 0x3b, 0xd9]);
    await saveScreenshot(page, 'flame-graph-search');
    await page.fill('#search', '');
    await page.locator('#search-status:empty').waitFor({ state: 'attached' });
  });

  it('zooms into a clicked frame and back out', async () => {
    const before = await readFrameList(page);
    // The widest frame three calls deep that has callees drawn.
    const target = before.find(
      (f) =>
        expected.depth[f.node] === 3 &&
        expected.aggregated[f.node] === 0 &&
        expected.parent[f.node + 1] === f.node &&
        expected.aggregated[f.node + 1] === 0,
    );
    assert.ok(target, 'a frame at depth 3 with callees');
    const point = await canvasPoint(target);
    await page.mouse.click(point.x, point.y);
    await page.locator('.flame-zoom-label', { hasText: /^Zoomed into/ }).waitFor();
    assert.match(
      (await page.textContent('.flame-zoom-label')) ?? '',
      new RegExp(`^Zoomed into ${target.name.replace(/[.*()[\]]/g, '\\$&')}`),
    );
    // The zoom is in the URL, and the server sent the subtree again, pruned relative to it.
    const path: string[] = [];
    for (let n = target.node; n > 0; n = expected.parent[n]!) path.unshift(nameOf(expected, n));
    await page.waitForURL((url) => url.searchParams.get('zoom') === path.join(';'));
    await page.waitForSelector('section.flame-view:not([aria-busy])');
    await afterNextFrames(page);
    const { graph: zoomedGraph, zoomNode } = buildZoomedFlameGraph(
      viewer.capture.profile,
      DEFAULT_QUERY_OPTIONS,
      path,
      FLAME_GRAPH_LIMITS,
    );
    const zoomed = await readFrameList(page);
    const canvasWidth = (await page.locator('canvas.flame-canvas').boundingBox())!.width;
    const zoomedItem = page.locator(`#flame-frames li[data-node="${zoomNode}"]`);
    assert.equal(await zoomedItem.locator('.frame-name').textContent(), target.name);
    assert.ok(Math.abs(Number(await zoomedItem.getAttribute('data-width')) - canvasWidth) < 1);
    for (const frame of zoomed) {
      // Every listed frame is the engine's zoomed graph's: the zoomed frame's ancestors and subtree.
      assert.equal(frame.name, nameOf(zoomedGraph, frame.node));
      assert.equal(frame.cum, flameValueText(scale, zoomedGraph.cum[frame.node]!), frame.name);
    }
    await saveScreenshot(page, 'flame-graph-zoomed');
    await page.click('text=Reset zoom');
    await page.locator('.flame-zoom-label:empty').waitFor({ state: 'attached' });
    assert.equal((await readFrameList(page)).length, before.length);
  });

  it('shows a frame’s values on hover', async () => {
    const frames = await readFrameList(page);
    const frame = frames.find((f) => f.name === 'main.main');
    assert.ok(frame);
    const point = await canvasPoint(frame);
    await page.mouse.move(point.x, point.y);
    await page.waitForSelector('.flame-tooltip:not([hidden])');
    const text = (await page.textContent('.flame-tooltip')) ?? '';
    const cum = expected.cum[frame.node]!;
    assert.ok(text.startsWith('main.main'), text);
    assert.ok(text.includes(`cum ${flameValueText(scale, cum)} (${flamePercentText(scale, cum)} of total)`), text);
    await saveScreenshot(page, 'flame-graph-hover');
    await page.mouse.move(1, 1);
  });

  it('turns to a flame (root at the bottom) and back with the history', async () => {
    await page.click('text=Flame (root at bottom)');
    await page.waitForURL(/orient=flame/);
    await waitForExpression(page, `document.querySelector('#flame-frames li[data-node="0"]')?.dataset.y !== '0.0'`);
    const flame = await readFrameList(page);
    const rootY = Number(await page.locator('#flame-frames li[data-node="0"]').getAttribute('data-y'));
    const childY = Number(
      await page
        .locator(`#flame-frames li[data-node="${flame.find((f) => f.name === 'runtime.main')!.node}"]`)
        .getAttribute('data-y'),
    );
    assert.ok(rootY > childY, `root at ${rootY}, its child at ${childY}`);
    await saveScreenshot(page, 'flame-graph-flame-orientation');
    await page.goBack();
    await page.waitForURL((url) => !url.search.includes('orient'));
    await waitForExpression(page, `document.querySelector('#flame-frames li[data-node="0"]')?.dataset.y === '0.0'`);
    assert.equal(await page.locator('#flame-frames li[data-node="0"]').getAttribute('data-y'), '0.0');
  });

  it('shows a function name made of markup as text', async () => {
    const name = '<img src=x onerror="window.__pwned=1">main.(*T).<b>bold</b>&amp';
    const bytes = encodeProfile(profileFromCollapsed(`main.main;${name} 30\nmain.main;main.other 10`));
    const hostile = await startViewerFor(bytes, 'profilers/go/pprof/20261125000000/default.x.Profile.prof', 'Profile');
    try {
      const hostilePage = await browser.newPage();
      const dialogs: string[] = [];
      hostilePage.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
      await hostilePage.goto(`${hostile.url}/ui/flamegraph`);
      await waitForFlameGraph(hostilePage);
      const names = (await readFrameList(hostilePage)).map((f) => f.name);
      assert.ok(names.includes(name), names.join(', '));
      await hostilePage.goto(`${hostile.url}/ui/top`);
      await hostilePage.waitForSelector('section.top-view[data-loaded="true"]');
      const rowNames = await hostilePage.$$eval('#toptable tbody td.name', (cells) => cells.map((c) => c.textContent));
      assert.ok(rowNames.includes(name));
      assert.equal(await hostilePage.locator('img, b').count(), 0);
      assert.equal(await hostilePage.evaluate('window.__pwned'), undefined);
      assert.deepEqual(dialogs, []);
      await hostilePage.close();
    } finally {
      await hostile.server.close();
    }
  });

  it('says so when the profile has no samples', async () => {
    const bytes = encodeProfile(profileFromCollapsed('', { sampleTypes: [{ type: 'contentions', unit: 'count' }] }));
    const empty = await startViewerFor(bytes, 'profilers/go/pprof/20261125000000/default.x.Block.prof', 'Block');
    try {
      const emptyPage = await browser.newPage();
      await emptyPage.goto(`${empty.url}/`);
      await waitForFlameGraph(emptyPage);
      assert.match((await emptyPage.textContent('.flame-message')) ?? '', /no samples .* the total is 0/);
      await emptyPage.close();
    } finally {
      await empty.server.close();
    }
  });

  it('loaded nothing from outside the session', () => {
    assert.deepEqual(browser.externalRequests, []);
  });
});
