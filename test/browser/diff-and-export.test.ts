// Diff and exports in a real Chromium, on real fixtures stored as the processor stores captures:
// the Diff menu lists the other captures of the same target and type; the diff flame graph paints
// growth red and shrinkage green with the engine's values; diff Top equals `go tool pprof -top
// -diff_base` (and -normalize); the URL round-trips; a bad base is refused by name. Exports: the
// filtered profile opens in go tool pprof with the filtered view's Top, folded stacks are the
// engine's, and the SVG and PNG are the drawn flame graph with every name escaped.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Download, Page } from 'playwright-core';
import { encodeProfile, profileFromCollapsed } from '../../src/pprof/index.js';
import {
  buildFlameGraph,
  formatFoldedStacks,
  subtractBaseProfile,
  type FlameGraph,
  DEFAULT_QUERY_OPTIONS,
  withOptions,
} from '../../src/query/index.js';
import { diffIntensity } from '../../src/web/client/flame/diff-colors.js';
import { diffTexts } from '../../src/web/client/flame/diff-values.js';
import { diffWidths } from '../../src/web/client/flame/diff-widths.js';
import { decodeFlameGraph, type WireFlameGraph } from '../../src/web/flame-graph-wire.js';
import { flamePercentText, flameValueText } from '../../src/web/flame-values.js';
import { FLAME_GRAPH_LIMITS } from '../../src/web/viewer-queries.js';
import { startViewerServer, type ViewerServer } from '../../src/web/viewer-server.js';
import {
  afterNextFrames,
  type BrowserSession,
  launchBrowser,
  readCanvasPixel,
  readFrameList,
  saveScreenshot,
  SCREENSHOT_DIR,
  startViewerFor,
  waitForExpression,
  waitForFlameGraph,
} from '../support/browser.js';
import { makeDataRoot, type TestDataRoot } from '../support/data-root.js';
import { runPprofTop } from './pprof-top.js';
import { readTop as readTopOf, waitForTop as waitForTopOf } from './top-table.js';

const SOURCE = 'http://10.1.2.3:6060';
const WEB_TOP = ['-nodecount=500'];

let browser: BrowserSession;
let root: TestDataRoot;
let viewer: ViewerServer;
let url: string;
let page: Page;
/** The shown capture (heap-sparse) and its base (heap-small). */
let currentFile: string;
let baseFile: string;

before(async () => {
  [browser, root] = await Promise.all([
    launchBrowser(),
    makeDataRoot([
      { fixture: 'heap-small.pb.gz', type: 'Heap', source: SOURCE, capturedAt: new Date('2026-11-25T06:00:00Z') },
      { fixture: 'heap-sparse.pb.gz', type: 'Heap', source: SOURCE, capturedAt: new Date('2026-11-25T07:00:00Z') },
      // The only capture of another target: nothing to diff it against.
      {
        fixture: 'heap-small.pb.gz',
        type: 'Heap',
        source: 'http://10.9.9.9:6060',
        capturedAt: new Date('2026-11-25T08:00:00Z'),
      },
    ]),
  ]);
  baseFile = path.join(root.dataRoot, root.records[0]!.file);
  currentFile = path.join(root.dataRoot, root.records[1]!.file);
  viewer = await startViewerServer({ capture: await root.captureOf(1), host: '127.0.0.1' });
  url = `http://127.0.0.1:${viewer.port}`;
  page = await browser.newPage();
});
after(async () => {
  await browser?.close();
  await viewer?.close();
  await root?.remove();
});

const waitForTop = () => waitForTopOf(page);
const readTop = () => readTopOf(page);

async function download(action: () => Promise<unknown>): Promise<Download> {
  const [file] = await Promise.all([page.waitForEvent('download'), action()]);
  return file;
}

async function exportItem(selector: string): Promise<Buffer> {
  await page.click('#export-menu summary');
  const file = await download(() => page.click(selector));
  return readFile(await file.path());
}

interface DiffFrame {
  readonly node: number;
  readonly name: string;
  readonly before: string;
  readonly now: string;
  readonly change: string;
  readonly relative: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
}

async function readDiffFrames(): Promise<DiffFrame[]> {
  const rows = await page.$$eval('#flame-frames li', (items) =>
    items.map((li) => [
      ...['data-node', 'data-x', 'data-y', 'data-width'].map((a) => li.getAttribute(a) ?? ''),
      ...['.frame-name', '.frame-before', '.frame-now', '.frame-change', '.frame-relative'].map(
        (selector) => li.querySelector(selector)?.textContent ?? '',
      ),
    ]),
  );
  return rows.map(([node, x, y, width, name, before, now, change, relative]) => ({
    node: Number(node),
    x: Number(x),
    y: Number(y),
    width: Number(width),
    name: name ?? '',
    before: before ?? '',
    now: now ?? '',
    change: change ?? '',
    relative: relative ?? '',
  }));
}

/** A pixel inside a frame, clear of its label (which starts 3 px in) and of the gap at its right. */
function pixelInside(frame: DiffFrame): Promise<number[]> {
  const x = frame.width >= 22 ? frame.x + 2 : frame.x + (frame.width - 1) / 2;
  return readCanvasPixel(page, 'canvas.flame-canvas', x, frame.y + 12);
}

async function sentFlameGraph(query: string): Promise<WireFlameGraph> {
  return decodeFlameGraph(await (await fetch(`${url}/api/flamegraph?${query}`)).arrayBuffer());
}

describe('diff against another stored capture, in Chromium', () => {
  let expected: FlameGraph;
  let sent: WireFlameGraph;

  before(async () => {
    const diffed = subtractBaseProfile((await root.captureOf(1)).profile, (await root.captureOf(0)).profile, {
      diff: true,
    });
    expected = buildFlameGraph(
      diffed,
      withOptions(DEFAULT_QUERY_OPTIONS, { base: root.records[0]!.file }),
      FLAME_GRAPH_LIMITS,
    );
    sent = await sentFlameGraph(new URLSearchParams({ base: root.records[0]!.file }).toString());
  });

  it('picks the base from the Diff menu and paints growth red and shrinkage green', async () => {
    await page.goto(`${url}/`);
    await waitForFlameGraph(page);
    await page.click('#diff-menu summary');
    const items = await page.$$eval('#diff-menu a[role="menuitemradio"]', (links) => links.map((a) => a.textContent));
    assert.deepEqual(items, ['No diff', '2026-11-25 06:00:00 UTC · default/demo · 120 samples']);
    await page.click(`#diff-menu a[data-base="${root.records[0]!.file}"]`);
    await page.waitForURL((u) => u.searchParams.get('base') === root.records[0]!.file);
    await page.waitForSelector('#flame-frames .frame-change');
    await afterNextFrames(page);
    assert.match(
      (await page.textContent('#diff-banner')) ?? '',
      /^Diff: this capture \(2026-11-25 07:00:00 UTC\) minus the base 2026-11-25 06:00:00 UTC\./,
    );

    const frames = await readDiffFrames();
    assert.equal(frames.length, 300, 'frames listed: the widest, at most 300');
    for (const frame of frames) {
      const texts = diffTexts(sent, expected.cum[frame.node]!, expected.baseCum![frame.node]!);
      // An aggregate is listed by how many pruned subtrees it holds.
      const aggregated = expected.aggregated[frame.node]!;
      const name =
        aggregated > 0
          ? `${aggregated} smaller frame${aggregated === 1 ? '' : 's'}`
          : expected.names[expected.nameIndex[frame.node]!];
      assert.equal(frame.name, name, `node ${frame.node}`);
      assert.deepEqual(
        [frame.before, frame.now, frame.change, frame.relative],
        [texts.before, texts.now, texts.change, texts.relative],
        frame.name,
      );
    }
    // Widths are absolute changes: the root spans the canvas, and each frame its share of it.
    const canvasWidth = (await page.locator('canvas.flame-canvas').boundingBox())!.width;
    const widths = diffWidths(expected);
    for (const frame of frames.slice(0, 40)) {
      assert.ok(Math.abs(frame.width - (widths[frame.node]! / widths[0]!) * canvasWidth) < 1, frame.name);
    }

    const strong = (sign: number) =>
      frames.filter(
        (f) =>
          f.width >= 3 &&
          Math.sign(expected.cum[f.node]!) === sign &&
          diffIntensity(expected.cum[f.node]!, expected.baseCum![f.node]!) > 0.8,
      );
    const grew = strong(1).slice(0, 5);
    const shrank = strong(-1).slice(0, 5);
    assert.deepEqual([grew.length, shrank.length], [5, 5], 'strongly grown and shrunk frames drawn');
    for (const frame of grew) {
      const [r, g, b] = await pixelInside(frame);
      assert.ok(r! > 170 && r! - g! > 90 && r! - b! > 90, `${frame.name} grew: rgb(${r}, ${g}, ${b})`);
    }
    for (const frame of shrank) {
      const [r, g, b] = await pixelInside(frame);
      assert.ok(g! > 120 && g! - r! > 60 && g! - b! > 40, `${frame.name} shrank: rgb(${r}, ${g}, ${b})`);
    }
    await saveScreenshot(page, 'diff-flame-graph');
  });

  it('shows both values and the change on hover', async () => {
    const frame = (await readDiffFrames()).find((f) => f.name === 'main.runPath');
    assert.ok(frame);
    const box = (await page.locator('canvas.flame-canvas').boundingBox())!;
    await page.mouse.move(box.x + frame.x + frame.width / 2, box.y + frame.y + 8);
    await page.waitForSelector('.flame-tooltip:not([hidden])');
    const text = (await page.textContent('.flame-tooltip')) ?? '';
    assert.ok(text.startsWith('main.runPath'), text);
    assert.ok(text.includes(`before ${frame.before} → now ${frame.now}`), text);
    const share = flamePercentText(sent, expected.cum[frame.node]!);
    assert.ok(text.includes(`change ${frame.change} (${frame.relative}), ${share} of the base total`), text);
    assert.ok(text.includes(`flat change ${flameValueText(sent, expected.flat[frame.node]!)} (`), text);
    await saveScreenshot(page, 'diff-flame-graph-hover');
    await page.mouse.move(1, 1);
  });

  it('shows diff Top with the negative values of go tool pprof -top -diff_base', async () => {
    const pprof = await runPprofTop(currentFile, [...WEB_TOP, `-diff_base=${baseFile}`]);
    await page.keyboard.press('t');
    await page.waitForURL(/\/top\?base=/);
    await waitForTop();
    const top = await readTop();
    assert.deepEqual(top.rows, pprof.rows);
    assert.deepEqual(top.header, pprof.header);
    assert.ok(
      top.rows.some((row) => row.flat.startsWith('-')),
      'some rows are negative',
    );
    await saveScreenshot(page, 'diff-top');
  });

  it('keeps the diff in the URL: reload, normalize, back', async () => {
    await page.reload();
    await waitForTop();
    await page.click('#diff-menu summary');
    assert.equal(await page.getAttribute(`#diff-menu a[data-base="${root.records[0]!.file}"]`, 'aria-checked'), 'true');
    await page.check('#diff-normalize');
    await page.waitForURL((u) => u.searchParams.get('norm') === 'true');
    const normalized = await runPprofTop(currentFile, [...WEB_TOP, '-normalize', `-diff_base=${baseFile}`]);
    // String expressions: this file is compiled without the DOM library.
    await waitForExpression(
      page,
      `document.querySelector('#toptable tbody td')?.textContent === ${JSON.stringify(normalized.rows[0]!.flat)}`,
    );
    await waitForTop();
    assert.deepEqual((await readTop()).rows, normalized.rows);
    assert.match((await page.textContent('#diff-banner')) ?? '', /scaled to the base total/);

    await page.goBack();
    await page.waitForURL((u) => u.searchParams.get('norm') === null && u.searchParams.get('base') !== null);
    await page.goBack();
    await page.waitForURL((u) => u.pathname === '/' && u.searchParams.get('base') !== null);
    await page.goBack();
    await page.waitForURL((u) => u.pathname === '/' && u.search === '');
    await waitForFlameGraph(page);
    await waitForExpression(page, `document.querySelector('#flame-frames .frame-change') === null`);
    assert.equal(await page.isHidden('#diff-banner'), true);
  });

  it('refuses a base that is not a listed capture, naming base, and recovers', async () => {
    for (const base of ['../../../../etc/passwd', root.records[2]!.file, `${root.dataRoot}/${root.records[0]!.file}`]) {
      await page.goto(`${url}/top?${new URLSearchParams({ base })}`);
      await page.waitForSelector('#errors:not([hidden])');
      assert.match(
        (await page.textContent('#errors')) ?? '',
        /^diff against ".*": not another stored Heap capture of http:\/\/10\.1\.2\.3:6060/,
        base,
      );
    }
    await page.click('#diff-banner >> text=Stop diffing');
    await waitForTop();
    assert.equal(await page.isHidden('#errors'), true);
  });

  it('says so when no other capture of the target is stored', async () => {
    const lonely = await startViewerServer({ capture: await root.captureOf(2), host: '127.0.0.1' });
    try {
      const other = await browser.newPage();
      await other.goto(`http://127.0.0.1:${lonely.port}/top`);
      await other.click('#diff-menu summary');
      const note = other.locator('#diff-menu .menu-note[role="status"]');
      await note.filter({ hasText: 'No other' }).waitFor();
      assert.equal(
        await note.textContent(),
        'No other Heap capture of http://10.9.9.9:6060 in namespace default is stored under the data root: capture it again to diff against this one.',
      );
      assert.equal(await other.locator('#diff-menu a[role="menuitemradio"]').count(), 0);
      await other.close();
    } finally {
      await lonely.close();
    }
  });
});

describe('exports, in Chromium', () => {
  const FILTER = { f: 'main\\.runPath', h: 'runtime', si: 'alloc_space' };

  it('exports the filtered profile, which go tool pprof opens with the filtered view’s Top', async () => {
    await page.goto(`${url}/top?${new URLSearchParams({ ...FILTER, rel: 'true' })}`);
    await waitForTop();
    const view = await readTop();
    const bytes = await exportItem('#export-filtered');
    const file = path.join(root.dataRoot, 'filtered.pb.gz');
    await import('node:fs/promises').then((fs) => fs.writeFile(file, bytes));
    const pprof = await runPprofTop(file, [...WEB_TOP, '-sample_index=alloc_space']);
    assert.deepEqual(view.rows, pprof.rows);
    // The view's legend also names its filters; the filtered file has no filters left to name.
    const withoutFilters = view.header.filter((line) => !line.startsWith('Active filters:') && !line.startsWith('   '));
    assert.deepEqual(withoutFilters, pprof.header);
  });

  it('exports folded stacks of the shown sample type, as the engine folds them', async () => {
    const text = (await exportItem('#export-folded')).toString('utf8');
    const options = withOptions(DEFAULT_QUERY_OPTIONS, {
      focus: FILTER.f,
      hide: FILTER.h,
      sampleIndex: FILTER.si,
      relativePercentages: true,
    });
    assert.equal(text, [...formatFoldedStacks((await root.captureOf(1)).profile, options)].join(''));
    assert.match(text, /^main\.main;main\.\(\*config\)\.setupLeak;main\.runPath;\S+ \d+$/m);
  });

  it('exports the drawn flame graph as SVG and PNG', async () => {
    await page.goto(`${url}/flamegraph?${new URLSearchParams(FILTER)}`);
    await waitForFlameGraph(page);
    const frames = await readFrameList(page);
    const svg = (await exportItem('#export-svg')).toString('utf8');
    const canvasWidth = (await page.locator('canvas.flame-canvas').boundingBox())!.width;
    const opening = `<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="${Math.round(canvasWidth * 100) / 100}"`;
    assert.ok(svg.startsWith(opening), svg.slice(0, 200));
    for (const frame of frames.slice(0, 50))
      assert.ok(
        svg.includes(`<title>${frame.name.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}\n`),
        frame.name,
      );
    assert.equal(
      (await page.textContent('.frame-list-caption')) ?? '',
      // 134 of them aggregates of the frames pruned under their parent.
      '14510 frames drawn; the 300 widest are listed.',
    );
    assert.equal(
      (svg.match(/<rect /g) ?? []).length,
      14_511,
      'every drawn frame and the background, not only the listed ones',
    );
    const parsed = await page.evaluate(
      `new DOMParser().parseFromString(${JSON.stringify(svg)}, 'image/svg+xml').getElementsByTagName('parsererror').length`,
    );
    assert.equal(parsed, 0, 'the SVG is well-formed XML');

    const png = await exportItem('#export-png');
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const maxDepth = Math.max(
      ...(await page.$$eval('#flame-frames li', (items) => items.map((li) => Number(li.getAttribute('data-depth'))))),
    );
    assert.equal(png.readUInt32BE(16), Math.round(canvasWidth));
    const legendLines = (svg.match(/<text x="4" /g) ?? []).length;
    assert.ok(legendLines >= 4, "the SVG has pprof's legend above the graph");
    assert.ok(
      png.readUInt32BE(20) >= (maxDepth + 1) * 18 + legendLines * 16,
      'every row, not only the visible ones, under the legend',
    );
    await import('node:fs/promises').then((fs) =>
      fs.writeFile(path.join(SCREENSHOT_DIR, 'export-flame-graph.png'), png),
    );
  });

  it('escapes a function name made of markup in the SVG', async () => {
    const name = '<img src=x onerror="window.__pwned=1">main.(*T).<b>bold</b>&amp';
    const hostile = await startViewerFor(
      encodeProfile(profileFromCollapsed(`main.main;${name} 30\nmain.main;main.other 10`)),
      'profilers/go/pprof/20261125000000/default.x.Profile.prof',
      'Profile',
    );
    try {
      await page.goto(`${hostile.url}/`);
      await waitForFlameGraph(page);
      const svg = (await exportItem('#export-svg')).toString('utf8');
      assert.ok(
        svg.includes('&lt;img src=x onerror=&quot;window.__pwned=1&quot;&gt;main.(*T).&lt;b&gt;bold&lt;/b&gt;&amp;amp'),
      );
      assert.doesNotMatch(svg, /<img|<b>/);
    } finally {
      await hostile.server.close();
    }
  });

  it('loaded nothing from outside the session', () => {
    assert.deepEqual(browser.externalRequests, []);
  });
});
