// The pivot, the Sandwich view and the zoom that re-queries detail, in a real Chromium on real
// fixtures: the frames drawn (read through the accessible frame lists) equal the engine's
// buildPivotFlameGraphs / buildZoomedFlameGraph values, the state is in the URL, and back and
// forward undo a zoom or a re-pivot.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import {
  DEFAULT_QUERY_OPTIONS,
  withOptions,
  buildFlameGraph,
  buildPivotFlameGraphs,
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
  readFrameList,
  type RunningViewer,
  saveScreenshot,
  startFixtureViewer,
  waitForFlameGraph,
} from '../support/browser.js';

let browser: BrowserSession;
let heap: RunningViewer;
let cpu: RunningViewer;
let page: Page;

before(async () => {
  [browser, heap, cpu] = await Promise.all([
    launchBrowser(),
    startFixtureViewer('heap-medium.pb.gz'),
    startFixtureViewer('cpu-medium.pb.gz'),
  ]);
  page = await browser.newPage();
});
after(async () => {
  await browser?.close();
  await heap?.server.close();
  await cpu?.server.close();
});

/** A frame's name as the page lists it: an aggregate by how many pruned subtrees it holds. */
const nameOf = (graph: FlameGraph, node: number) =>
  graph.aggregated[node]! > 0
    ? `${graph.aggregated[node]} smaller frame${graph.aggregated[node] === 1 ? '' : 's'}`
    : graph.names[graph.nameIndex[node]!]!;

async function scaleOf(viewer: RunningViewer, graph: FlameGraph): Promise<FlameValueScale> {
  const sent = decodeFlameGraph(await (await fetch(`${viewer.url}/api/flamegraph`)).arrayBuffer());
  return { sampleType: graph.sampleType, reportTotal: graph.reportTotal, info: sent.info };
}

/** `count` frames are listed, each the engine's node of the same index, with its values as the page prints them. */
function assertFramesEqual(
  frames: readonly ListedFrame[],
  graph: FlameGraph,
  scale: FlameValueScale,
  what: string,
  count: number,
) {
  assert.equal(frames.length, count, `${what}: frames listed`);
  for (const frame of frames) {
    assert.ok(frame.node < graph.nodeCount, `${what}: node ${frame.node}`);
    assert.equal(frame.name, nameOf(graph, frame.node), what);
    assert.equal(frame.cum, flameValueText(scale, graph.cum[frame.node]!), `${what}: ${frame.name}`);
    assert.equal(frame.cumPercent, flamePercentText(scale, graph.cum[frame.node]!), `${what}: ${frame.name}`);
    assert.equal(frame.flat, flameValueText(scale, graph.flat[frame.node]!), `${what}: ${frame.name}`);
  }
}

const readList = (id: string) => readFrameList(page, `#${id}`);

async function waitForPivot(): Promise<void> {
  await page.waitForSelector('section.pivot-view[data-drawn="true"]:not([aria-busy])');
  await afterNextFrames(page); // the next animation frame lists the frames
}

/** Clicks the middle of a frame listed in `listId` on `canvas`, scrolling its row into view first. */
async function clickFrame(
  canvas: string,
  listId: string,
  node: number,
  button: 'left' | 'right' = 'left',
): Promise<void> {
  const li = page.locator(`#${listId} li[data-node="${node}"]`);
  const [x, y, width] = (await Promise.all(['data-x', 'data-y', 'data-width'].map((a) => li.getAttribute(a)))).map(
    Number,
  ) as [number, number, number];
  const target = page.locator(canvas);
  // A string expression: tests are compiled without the DOM library.
  await page.evaluate(`(() => {
    const element = document.querySelector(${JSON.stringify(canvas)});
    window.scrollTo(0, element.getBoundingClientRect().top + window.scrollY + ${y} - 200);
  })()`);
  const box = await target.boundingBox();
  assert.ok(box, `${canvas} is on the page`);
  await page.mouse.click(box.x + x + Math.min(width / 2, 40), box.y + y + 8, { button });
}

/** Right-clicks a listed frame of the flame graph and picks a menu item. */
async function menuOnFrame(frame: ListedFrame, action: string): Promise<void> {
  await clickFrame('canvas.flame-canvas', 'flame-frames', frame.node, 'right');
  await page.locator('#refine-menu:not([hidden])').waitFor();
  await page.click(`#refine-menu [data-action="${action}"]`);
}

describe('pivot, sandwich and zoom in Chromium', () => {
  it('zooms into a frame whose callees were pruned and draws them with the engine values', async () => {
    const profile = heap.capture.profile;
    const whole = buildFlameGraph(profile, DEFAULT_QUERY_OPTIONS, FLAME_GRAPH_LIMITS);
    const scale = await scaleOf(heap, whole);
    await page.goto(`${heap.url}/flamegraph`);
    await waitForFlameGraph(page);
    const before = await readFrameList(page);
    // A drawn frame that has callees (cum > flat) none of which survived the whole-profile pruning.
    const target = before.find((f) => {
      const n = f.node;
      // Its only child is its aggregate (which comes last).
      const onlyAggregate = whole.parent[n + 1] === n && whole.aggregated[n + 1]! > 0;
      return n > 0 && whole.aggregated[n] === 0 && onlyAggregate && whole.depth[n]! >= 3;
    });
    assert.ok(target, 'a drawn frame whose callees were all pruned');
    const path: string[] = [];
    for (let n = target.node; n > 0; n = whole.parent[n]!) path.unshift(nameOf(whole, n));

    await clickFrame('canvas.flame-canvas', 'flame-frames', target.node);
    await page.waitForURL((url) => url.searchParams.get('zoom') === path.join(';'));
    await page.waitForSelector('section.flame-view:not([aria-busy])');
    await afterNextFrames(page);

    const { graph, zoomNode } = buildZoomedFlameGraph(profile, DEFAULT_QUERY_OPTIONS, path, FLAME_GRAPH_LIMITS);
    assert.deepEqual([graph.nodeCount, zoomNode], [3328, 5], 'the engine has callees to show (3 of them aggregates)');
    const zoomed = await readFrameList(page);
    assertFramesEqual(zoomed, graph, scale, 'zoomed', 300);
    const callees = zoomed.filter((f) => graph.depth[f.node]! > graph.depth[zoomNode]!);
    assert.equal(callees.length, 294, 'callees are drawn now');
    assert.match((await page.textContent('.flame-zoom-label')) ?? '', /^Zoomed into /);
    await saveScreenshot(page, 'refine-zoom-detail');

    // Back undoes the zoom, forward redoes it (from the graphs at hand).
    await page.goBack();
    await page.waitForURL((url) => !url.searchParams.has('zoom'));
    await page.locator('.flame-zoom-label:empty').waitFor({ state: 'attached' });
    await page.waitForTimeout(100);
    assertFramesEqual(await readFrameList(page), whole, scale, 'unzoomed', 300);
    await page.goForward();
    await page.waitForURL((url) => url.searchParams.has('zoom'));
    await page.locator('.flame-zoom-label', { hasText: /^Zoomed into/ }).waitFor();
    await page.waitForTimeout(100);
    assertFramesEqual(await readFrameList(page), graph, scale, 'zoomed again', 300);

    // A zoomed link opens zoomed.
    await page.reload();
    await waitForFlameGraph(page);
    await page.waitForTimeout(100);
    assertFramesEqual(await readFrameList(page), graph, scale, 'reloaded', 300);
  });

  it('pivots the flame graph on a frame: callers above, callees below', async () => {
    const profile = cpu.capture.profile;
    await page.goto(`${cpu.url}/flamegraph`);
    await waitForFlameGraph(page);
    const frame = (await readFrameList(page)).find((f) => f.name === 'main.spinFor');
    assert.ok(frame, 'main.spinFor is drawn');
    await menuOnFrame(frame, 'pivot');
    await page.waitForURL((url) => url.searchParams.get('p') === '^main\\.spinFor$');
    await waitForPivot();
    const options = withOptions(DEFAULT_QUERY_OPTIONS, { pivot: '^main\\.spinFor$' });
    const pivot = buildPivotFlameGraphs(profile, options, FLAME_GRAPH_LIMITS);
    assert.deepEqual(pivot.pivotNames, ['main.spinFor']);
    const scale = await scaleOf(cpu, pivot.callees);
    const callers = await readList('pivot-callers-frames');
    const callees = await readList('pivot-callees-frames');
    assertFramesEqual(callers, pivot.callers, scale, 'callers', 300);
    assertFramesEqual(callees, pivot.callees, scale, 'callees', 4);
    // The callers half leaves out its root and pivot rows; the callees half shows the pivot once.
    assert.ok(callers.every((f) => pivot.callers.depth[f.node]! >= 2));
    assert.equal(callees[0]?.name, 'main.spinFor');
    assert.match((await page.textContent('.pivot-part[data-part="callers"] h2')) ?? '', /Callers of main\.spinFor$/);
    // Callers sit above the callees on the page.
    const callersBox = await page.locator('.pivot-part[data-part="callers"] canvas').boundingBox();
    const calleesBox = await page.locator('.pivot-part[data-part="callees"] canvas').boundingBox();
    assert.ok(callersBox && calleesBox && callersBox.y < calleesBox.y);
    assert.match((await page.textContent('.chip[data-param="p"]')) ?? '', /^pivot: \^main\\\.spinFor\$/);
    await saveScreenshot(page, 'refine-pivot');
    await page.click('text=Remove pivot');
    await page.waitForURL((url) => !url.searchParams.has('p'));
    await waitForFlameGraph(page);
  });

  it('shows callers and callees of the function picked in the Sandwich view', async () => {
    const profile = cpu.capture.profile;
    await page.goto(`${cpu.url}/ui/sandwich`);
    await page.waitForSelector('section.sandwich-view[data-loaded="true"]');
    assert.match((await page.textContent('.sandwich-main .flame-message')) ?? '', /Pick a function/);
    await page.fill('#sandwich-filter', 'hashRequest');
    await page.click('#sandwich-functions a[data-name="main.hashRequest"]');
    await page.waitForURL(
      (url) => url.pathname === '/ui/sandwich' && url.searchParams.get('p') === '^main\\.hashRequest$',
    );
    await waitForPivot();
    const options = withOptions(DEFAULT_QUERY_OPTIONS, { pivot: '^main\\.hashRequest$' });
    const pivot = buildPivotFlameGraphs(profile, options, FLAME_GRAPH_LIMITS);
    const scale = await scaleOf(cpu, pivot.callees);
    assertFramesEqual(await readList('pivot-callers-frames'), pivot.callers, scale, 'sandwich callers', 300);
    assertFramesEqual(await readList('pivot-callees-frames'), pivot.callees, scale, 'sandwich callees', 300);
    assert.equal(
      await page.getAttribute('#sandwich-functions a[data-name="main.hashRequest"]', 'aria-current'),
      'true',
    );
    await saveScreenshot(page, 'refine-sandwich');

    // Clicking a caller makes it the center; back returns.
    const caller = (await readList('pivot-callers-frames')).find((f) => pivot.callers.depth[f.node] === 2);
    assert.ok(caller, 'a direct caller is drawn');
    await clickFrame('.pivot-part[data-part="callers"] canvas', 'pivot-callers-frames', caller.node);
    const escaped = `^${caller.name.replace(/[\\.?+*[\](){}|^$]/g, '\\$&')}$`;
    await page.waitForURL((url) => url.searchParams.get('p') === escaped);
    await waitForPivot();
    assert.equal((await readList('pivot-callees-frames'))[0]?.name, caller.name);
    await page.goBack();
    await page.waitForURL((url) => url.searchParams.get('p') === '^main\\.hashRequest$');
    await waitForPivot();
    assert.equal((await readList('pivot-callees-frames'))[0]?.name, 'main.hashRequest');
  });

  it('loaded nothing from outside the session', () => {
    assert.deepEqual(browser.externalRequests, []);
  });
});
