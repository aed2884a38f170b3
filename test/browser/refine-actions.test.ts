// The refine actions and the header's menus in a real Chromium on real fixtures: every action
// (from the Top row selection, a row's right-click or keyboard menu, a flame graph frame, the
// search), the granularity, the label menu and the Go presets write the regexps pprof's web UI
// writes into the URL, and the numbers on screen then equal `go tool pprof -top` with the same
// flags (or the engine's, for the flame graph).

import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import {
  buildFlameGraph,
  computeTags,
  type FlameGraph,
  DEFAULT_QUERY_OPTIONS,
  withOptions,
} from '../../src/query/index.js';
import { formatPercentage, formatScaledValue } from '../../src/units/index.js';
import { decodeFlameGraph } from '../../src/web/flame-graph-wire.js';
import { flameValueText } from '../../src/web/flame-values.js';
import { GO_RUNTIME_HIDE } from '../../src/web/go-presets.js';
import { FLAME_GRAPH_LIMITS } from '../../src/web/viewer-queries.js';
import { fixturePath } from '../support/fixtures.js';
import {
  SCREENSHOT_DIR,
  launchBrowser,
  readFrameList,
  saveScreenshot,
  startFixtureViewer,
  waitForFlameGraph,
  type BrowserSession,
  type RunningViewer,
  waitForExpression,
} from '../support/browser.js';
import { runPprofTop, type PprofTop } from './pprof-top.js';
import { readLegend, readTopRows as readTopRowsOf } from './top-table.js';

/** pprof's web UI shows 500 rows in Top; the CLI prints the same with -nodecount=500. */
const WEB_TOP = '-nodecount=500';
const MAIN_MODULE = '^main\\.|^gotarget[./]';

/** Each expected Top: the fixture and pprof's flags. */
const EXPECTED = {
  focusTwo: ['heap-small', ['-focus=^main\\.allocBuffer$|^main\\.sortKeys$']],
  ignoreOne: ['heap-small', ['-ignore=^main\\.hashPayload$']],
  ignoreTwo: ['heap-small', ['-ignore=^runtime\\.malg$|^main\\.hashPayload$']],
  ignoreHide: ['heap-small', ['-ignore=^runtime\\.malg$|^main\\.hashPayload$', '-hide=^main\\.encodeJSON$']],
  show: ['heap-small', ['-show=^main\\.\\(\\*config\\)\\.setupLeak$|^main\\.allocString$']],
  showFrom: ['heap-small', ['-show_from=^main\\.applyBlock$']],
  whole: ['heap-small', []],
  lines: ['heap-small', ['-lines']],
  linesFocus: ['heap-small', ['-lines', '-focus=^main\\.sortKeys$']],
  searchHide: ['heap-small', ['-hide=apply']],
  tagFocus: ['cpu-medium', ['-tagfocus=tenant=^globex$']],
  tagFocusIgnore: ['cpu-medium', ['-tagfocus=tenant=^globex$', '-tagignore=worker=^cpu-0$']],
  tagRoot: ['cpu-medium', ['-tagroot=tenant']],
  tagRootLeaf: ['cpu-medium', ['-tagroot=tenant', '-tagleaf=route']],
  hideRuntime: ['cpu-medium', [`-hide=${GO_RUNTIME_HIDE}`]],
  mainModule: ['cpu-medium', [`-hide=${GO_RUNTIME_HIDE}`, `-show=${MAIN_MODULE}`]],
} as const satisfies Record<string, readonly [string, readonly string[]]>;

let browser: BrowserSession;
let heap: RunningViewer;
let cpu: RunningViewer;
let page: Page;
const expected = {} as Record<keyof typeof EXPECTED, PprofTop>;

before(async () => {
  [browser, heap, cpu] = await Promise.all([
    launchBrowser(),
    startFixtureViewer('heap-small.pb.gz'),
    startFixtureViewer('cpu-medium.pb.gz'),
  ]);
  page = await browser.newPage();
  // Two at a time: the machine has two cores.
  const entries = Object.entries(EXPECTED) as [keyof typeof EXPECTED, readonly [string, readonly string[]]][];
  for (let i = 0; i < entries.length; i += 2) {
    await Promise.all(
      entries.slice(i, i + 2).map(async ([key, [fixture, flags]]) => {
        expected[key] = await runPprofTop(fixturePath(`${fixture}.pb.gz`), [WEB_TOP, ...flags]);
      }),
    );
  }
});
after(async () => {
  await browser?.close();
  await heap?.server.close();
  await cpu?.server.close();
});

const readTopRows = () => readTopRowsOf(page);

/** Waits for the URL's parameters, then for Top to show pprof's rows and legend for the same flags. */
async function expectTop(params: Record<string, string>, top: PprofTop, what: string): Promise<void> {
  await page.waitForURL((url) => {
    const actual = Object.fromEntries(url.searchParams);
    return JSON.stringify(actual) === JSON.stringify(params);
  });
  await page.waitForSelector('section.top-view[data-loaded="true"]:not([aria-busy])');
  await waitForExpression(page, `document.querySelectorAll('#toptable tbody tr').length === ${top.rows.length}`);
  assert.deepEqual(await readTopRows(), top.rows, what);
  assert.deepEqual(await readLegend(page), top.header, what);
}

const row = (name: string) => page.locator(`#toptable tbody tr[data-name="${name}"]`);

async function rowMenu(name: string, action: string): Promise<void> {
  await row(name).click({ button: 'right' });
  await page.locator('#refine-menu:not([hidden])').waitFor();
  await page.click(`#refine-menu [data-action="${action}"]`);
}

describe('refine actions and menus in Chromium', () => {
  it('focuses on the Top rows selected, through the header’s Refine menu', async () => {
    await page.goto(`${heap.url}/top`);
    await page.waitForSelector('section.top-view[data-loaded="true"]');
    assert.equal(await page.isDisabled('#refine-button'), true, 'nothing selected yet');
    await row('main.allocBuffer').click();
    await row('main.sortKeys').click();
    assert.equal(await row('main.sortKeys').getAttribute('aria-selected'), 'true');
    await saveScreenshot(page, 'refine-top-selection');
    await page.click('#refine-button');
    await page.locator('#refine-menu:not([hidden])').waitFor();
    assert.equal(await page.textContent('.refine-menu-title'), '2 selected functions');
    await saveElementScreenshot('#refine-menu', 'refine-menu');
    await page.click('#refine-menu [data-action="focus"]');
    await expectTop({ f: '^main\\.allocBuffer$|^main\\.sortKeys$' }, expected.focusTwo, 'focus on two rows');
    assert.match((await page.textContent('.chip[data-param="f"]')) ?? '', /^focus: \^main\\\.allocBuffer\$\|/);
  });

  it('resets, then ignores and hides from the rows’ menus, adding to the lists as pprof', async () => {
    await rowMenu('main.allocBuffer', 'reset');
    await expectTop({}, expected.whole, 'reset');
    await rowMenu('main.hashPayload', 'ignore');
    await expectTop({ i: '^main\\.hashPayload$' }, expected.ignoreOne, 'ignore one');
    await rowMenu('runtime.malg', 'ignore');
    await expectTop({ i: '^runtime\\.malg$|^main\\.hashPayload$' }, expected.ignoreTwo, 'ignore adds');
    // From the keyboard: the row's "⋯" button, arrows, Enter.
    await row('main.encodeJSON').locator('td.actions button').focus();
    await page.keyboard.press('Enter');
    await page.locator('#refine-menu:not([hidden])').waitFor();
    assert.equal(await page.evaluate('document.activeElement.dataset.action'), 'focus');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    assert.equal(await page.evaluate('document.activeElement.dataset.action'), 'hide');
    await page.keyboard.press('Enter');
    await expectTop(
      { i: '^runtime\\.malg$|^main\\.hashPayload$', h: '^main\\.encodeJSON$' },
      expected.ignoreHide,
      'hide from the keyboard',
    );
    // Escape closes a menu and gives the focus back.
    const button = row('main.sortKeys').locator('td.actions button');
    await button.focus();
    await page.keyboard.press('Enter');
    await page.locator('#refine-menu:not([hidden])').waitFor();
    await page.keyboard.press('Escape');
    await page.locator('#refine-menu').waitFor({ state: 'hidden' });
    assert.equal(await page.evaluate('document.activeElement.getAttribute("aria-label")'), 'Refine main.sortKeys');
  });

  it('shows and shows from, replacing the previous expression', async () => {
    await page.goto(`${heap.url}/top`);
    await page.waitForSelector('section.top-view[data-loaded="true"]');
    await row('main.(*config).setupLeak').click();
    await row('main.allocString').click();
    await row('main.allocString').click({ button: 'right' });
    await page.click('#refine-menu [data-action="show"]');
    await expectTop({ s: '^main\\.\\(\\*config\\)\\.setupLeak$|^main\\.allocString$' }, expected.show, 'show two');
    await page.goto(`${heap.url}/top`);
    await page.waitForSelector('section.top-view[data-loaded="true"]');
    await rowMenu('main.applyBlock', 'show-from');
    await expectTop({ sf: '^main\\.applyBlock$' }, expected.showFrom, 'show from');
  });

  it('switches the granularity and refines on the function of a line', async () => {
    await page.goto(`${heap.url}/top`);
    await page.waitForSelector('section.top-view[data-loaded="true"]');
    await page.selectOption('#granularity', 'lines');
    await expectTop({ g: 'lines' }, expected.lines, 'lines');
    const line = expected.lines.rows.find((r) => r.name.startsWith('main.sortKeys '));
    assert.ok(line, 'a line of main.sortKeys');
    await rowMenu(line.name, 'focus');
    await expectTop({ g: 'lines', f: '^main\\.sortKeys$' }, expected.linesFocus, 'focus at lines');
  });

  it('applies the search regexp as is when nothing is selected (pprof’s regexp mode)', async () => {
    await page.goto(`${heap.url}/top`);
    await page.waitForSelector('section.top-view[data-loaded="true"]');
    await page.fill('#search', 'apply');
    await page.waitForURL(/q=apply/);
    await waitForExpression(page, `!document.getElementById('refine-button').disabled`);
    await page.click('#refine-button');
    assert.equal(await page.textContent('.refine-menu-title'), 'matching apply');
    await page.click('#refine-menu [data-action="hide"]');
    await expectTop({ h: 'apply', q: 'apply' }, expected.searchHide, 'hide the search');
  });

  it('focuses from a flame graph frame’s menu, with the engine’s values', async () => {
    await page.goto(`${heap.url}/flamegraph`);
    await waitForFlameGraph(page);
    const frame = (await readFrameList(page)).find((f) => f.name === 'main.allocString');
    assert.ok(frame);
    const box = await page.locator('canvas.flame-canvas').boundingBox();
    const li = page.locator(`#flame-frames li[data-node="${frame.node}"]`);
    const [x, y, width] = await Promise.all(['data-x', 'data-y', 'data-width'].map((a) => li.getAttribute(a)));
    await page.mouse.click(box!.x + Number(x) + Number(width) / 2, box!.y + Number(y) + 8, { button: 'right' });
    await page.locator('#refine-menu:not([hidden])').waitFor();
    assert.equal(await page.textContent('.refine-menu-title'), 'main.allocString');
    await saveScreenshot(page, 'refine-flame-menu');
    await page.click('#refine-menu [data-action="focus"]');
    await page.waitForURL((url) => url.searchParams.get('f') === '^main\\.allocString$');
    await waitForFlameGraph(page);
    await page.waitForSelector('section.flame-view:not([aria-busy])');
    await page.waitForTimeout(150);
    const options = withOptions(DEFAULT_QUERY_OPTIONS, { focus: '^main\\.allocString$' });
    const graph = buildFlameGraph(heap.capture.profile, options, FLAME_GRAPH_LIMITS);
    await assertFlameEquals(heap, graph, 'f=^main\\.allocString$', 46);
  });

  it('focuses and ignores label values and groups by a label from the label menu', async () => {
    await page.goto(`${cpu.url}/top`);
    await page.waitForSelector('section.top-view[data-loaded="true"]');
    await page.click('#labels-button');
    await page.locator('#label-panel section[aria-label="Label tenant"]').waitFor();
    const tags = computeTags(cpu.capture.profile, DEFAULT_QUERY_OPTIONS);
    const tenant = tags.keys.find((key) => key.key === 'tenant');
    assert.ok(tenant);
    const shown = await page.$$eval('#label-panel tr[data-key="tenant"]', (rows) =>
      rows.map((r) => [
        r.getAttribute('data-value'),
        r.querySelector('.label-weight')?.textContent,
        r.querySelector('.label-percent')?.textContent,
      ]),
    );
    assert.deepEqual(
      shown,
      tenant.values.map((v) => [
        v.name,
        formatScaledValue(v.value, tags.sampleUnit, 'auto'),
        formatPercentage(v.value, tenant.total).trim(),
      ]),
    );
    await saveElementScreenshot('#label-panel', 'refine-labels');
    await page.click('#label-panel tr[data-key="tenant"][data-value="globex"] [data-tag-action="tag-focus"]');
    await expectTop({ tf: 'tenant=^globex$' }, expected.tagFocus, 'tag focus');
    await page.click('#labels-button');
    await page.click('#label-panel tr[data-key="worker"][data-value="cpu-0"] [data-tag-action="tag-ignore"]');
    await expectTop({ tf: 'tenant=^globex$', ti: 'worker=^cpu-0$' }, expected.tagFocusIgnore, 'tag ignore');

    await page.goto(`${cpu.url}/top`);
    await page.waitForSelector('section.top-view[data-loaded="true"]');
    await page.click('#labels-button');
    await page.click('#label-panel [data-group="root:tenant"]');
    await expectTop({ tagroot: 'tenant' }, expected.tagRoot, 'group by tenant');
    assert.match((await page.textContent('.chip[data-param="tagroot"]')) ?? '', /^group by \(root\): tenant/);
    await page.click('#labels-button');
    assert.equal(await page.getAttribute('#label-panel [data-group="root:tenant"]', 'aria-pressed'), 'true');
    await page.click('#label-panel [data-group="leaf:route"]');
    await expectTop({ tagroot: 'tenant', tagleaf: 'route' }, expected.tagRootLeaf, 'and route at the leaf');
    await page.click('.chip[data-param="tagleaf"] button');
    await expectTop({ tagroot: 'tenant' }, expected.tagRoot, 'leaf group removed');
    // The flame graph's first level is now the tenants, with the engine's values.
    await page.click('nav a[data-view="flamegraph"]');
    await waitForFlameGraph(page);
    await page.waitForTimeout(150);
    const graph = buildFlameGraph(
      cpu.capture.profile,
      withOptions(DEFAULT_QUERY_OPTIONS, { tagRoot: 'tenant' }),
      FLAME_GRAPH_LIMITS,
    );
    await assertFlameEquals(cpu, graph, 'tagroot=tenant', 300);
    const firstLevel = (await readFrameList(page)).filter((f) => graph.depth[f.node] === 1).map((f) => f.name);
    assert.deepEqual(new Set(firstLevel), new Set([...tenant.values.map((v) => v.name), '<unknown>']));
    await saveScreenshot(page, 'refine-group-by-tenant');
  });

  it('hides runtime frames and shows only the main module with the Go presets', async () => {
    await page.goto(`${cpu.url}/top`);
    await page.waitForSelector('section.top-view[data-loaded="true"]');
    await page.click('#presets-button');
    await page.click('#preset-hide-runtime');
    await expectTop({ h: GO_RUNTIME_HIDE }, expected.hideRuntime, 'hide runtime');
    await page.click('#presets-button');
    assert.match((await page.textContent('#preset-panel')) ?? '', /module gotarget/);
    await saveElementScreenshot('#preset-panel', 'refine-presets');
    await page.click('#preset-main-module');
    await expectTop({ h: GO_RUNTIME_HIDE, s: MAIN_MODULE }, expected.mainModule, 'main module');
    assert.ok(expected.mainModule.rows.every((r) => /^(main\.|gotarget\/)/.test(r.name)));
  });

  it('opens the Sandwich view on a Top row from its menu', async () => {
    await page.goto(`${heap.url}/ui/top?si=alloc_space`);
    await page.waitForSelector('section.top-view[data-loaded="true"]');
    await rowMenu('main.sortKeys', 'sandwich');
    await page.waitForURL(
      (url) =>
        url.pathname === '/ui/sandwich' &&
        url.searchParams.get('p') === '^main\\.sortKeys$' &&
        url.searchParams.get('si') === 'alloc_space',
    );
    await page.waitForSelector('section.pivot-view[data-drawn="true"]:not([aria-busy])');
    await page.waitForTimeout(100);
    const callees = await readFrameList(page, '#pivot-callees-frames');
    assert.equal(callees[0]?.name, 'main.sortKeys');
  });

  it('loaded nothing from outside the session', () => {
    assert.deepEqual(browser.externalRequests, []);
  });
});

/** A screenshot of one element (a menu or panel over a long page), beside the page screenshots. */
async function saveElementScreenshot(selector: string, name: string): Promise<void> {
  await page.locator(selector).screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`) });
}

/** The flame graph's listed frames are the engine's, with its values. */
async function assertFlameEquals(viewer: RunningViewer, graph: FlameGraph, what: string, count: number): Promise<void> {
  const query = new URL(page.url()).search;
  const sent = decodeFlameGraph(await (await fetch(`${viewer.url}/api/flamegraph${query}`)).arrayBuffer());
  const scale = { sampleType: graph.sampleType, reportTotal: graph.reportTotal, info: sent.info };
  const frames = await readFrameList(page);
  assert.equal(frames.length, count, `${what}: frames listed`);
  for (const frame of frames) {
    assert.equal(frame.name, graph.names[graph.nameIndex[frame.node]!], what);
    assert.equal(frame.cum, flameValueText(scale, graph.cum[frame.node]!), `${what}: ${frame.name}`);
    assert.equal(frame.flat, flameValueText(scale, graph.flat[frame.node]!), `${what}: ${frame.name}`);
  }
}
