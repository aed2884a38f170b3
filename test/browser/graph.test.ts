// The Graph view in a real Chromium on real fixtures: the nodes, edges, values and legend drawn
// are those of `go tool pprof -dot` with the same flags; a node's refine menu focuses on it and
// the graph redraws for the new URL; search marks matching nodes; pan and zoom move the drawing;
// a graph Graphviz cannot lay out in time offers a smaller `n` that draws; markup in function
// names stays text. Screenshots: test-results/graph-*.png.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { encodeProfile, profileFromCollapsed } from '../../src/pprof/index.js';
import { WorkerGraphLayout, type GraphLayout } from '../../src/web/graph-layout.js';
import { GRAPH_EDGE_BUDGET } from '../../src/web/call-graph-view.js';
import { fixturePath } from '../support/fixtures.js';
import {
  launchBrowser,
  saveScreenshot,
  startFixtureViewer,
  startViewerFor,
  type BrowserSession,
  type RunningViewer,
} from '../support/browser.js';
import { runPprofDot, sortedGraph, type DrawnGraph, type DrawnNode, type PprofDot } from '../support/pprof-dot.js';
import { waitFor } from '../support/wait-for.js';
import { readLegend } from './top-table.js';

const FOCUSED = '^main\\.allocBuffer$';

/**
 * The real worker, with a 1 ms time limit only for graphs of over 400 edges (which Graphviz takes
 * a second or more to lay out), so the time-limit answer comes at once and the smaller graph always draws.
 */
const worker = new WorkerGraphLayout();
const largeGraphsLimited: GraphLayout = {
  layout: (dot, timeLimitMs) =>
    worker.layout(dot, (dot.match(/^N\d+ -> N\d+ /gm) ?? []).length > 400 ? 200 : timeLimitMs),
};

let browser: BrowserSession;
let heap: RunningViewer;
let cpu: RunningViewer;
let page: Page;
let whole: PprofDot;
let focused: PprofDot;
let large: RunningViewer;
let largeDot: PprofDot;

before(async () => {
  [browser, heap, cpu, whole, focused] = await Promise.all([
    launchBrowser(),
    startFixtureViewer('heap-small.pb.gz'),
    startFixtureViewer('cpu-medium.pb.gz', { graphLayout: { layout: largeGraphsLimited, timeLimitMs: 60_000 } }),
    runPprofDot(fixturePath('heap-small.pb.gz')),
    runPprofDot(fixturePath('heap-small.pb.gz'), [`-focus=${FOCUSED}`]),
  ]);
  // cpu-large's default graph (80 nodes, ~2000 edges) with the time limit lifted: it must draw whole.
  [large, largeDot] = await Promise.all([
    startFixtureViewer('cpu-large.pb.gz', { graphLayout: { layout: worker, timeLimitMs: 3_600_000 } }),
    runPprofDot(fixturePath('cpu-large.pb.gz')),
  ]);
  page = await browser.newPage();
});
after(async () => {
  await browser?.close();
  await heap?.server.close();
  await cpu?.server.close();
  await large?.server.close();
  await worker.close();
});

async function waitForGraph(on: Page = page): Promise<void> {
  await on.waitForSelector('section.graph-view[data-drawn="true"]:not([aria-busy])');
}

/** Waits until `selector` matches `count` elements (the page's CSP forbids string predicates). */
async function waitForCount(selector: string, count: number): Promise<void> {
  await waitFor(async () => (await page.locator(selector).count()) === count, `${count} of ${selector}`);
}

/** The function nodes and edges as drawn on the page: label lines and edge weights. */
async function readDrawnGraph(on: Page = page): Promise<DrawnGraph> {
  const nodes = await on.$$eval('#graph-stage g.node[id^="node"]', (groups) =>
    groups.map((g) => [g.id, [...g.querySelectorAll('text')].map((t) => t.textContent ?? '')] as const),
  );
  const edges = await on.$$eval('#graph-stage g.edge', (groups) =>
    groups.map(
      (g) =>
        [
          g.querySelector('title')?.textContent ?? '',
          [...g.querySelectorAll('text')].map((t) => t.textContent ?? ''),
        ] as const,
    ),
  );
  return sortedGraph({
    nodes: nodes.map(([id, lines]) => ({ id: Number(id.slice('node'.length)), lines })),
    edges: edges.flatMap(([title, lines]) => {
      const ends = /^N(\d+)->N(\d+)$/.exec(title);
      return ends === null ? [] : [{ source: Number(ends[1]), target: Number(ends[2]), lines }];
    }),
  });
}

const viewBoxOf = async () =>
  (await page.getAttribute('#graph-stage svg.graph-svg', 'viewBox'))?.split(' ').map(Number) ?? [];

describe('the Graph view in Chromium', () => {
  it("draws go tool pprof -dot's nodes, values, edges and legend", async () => {
    await page.goto(`${heap.url}/graph`);
    await waitForGraph();
    assert.deepEqual(await readDrawnGraph(), sortedGraph(whole));
    assert.deepEqual(await readLegend(page), whole.legend);
    const label = await page.getAttribute('#graph-stage g#node1', 'aria-label');
    assert.ok(label?.startsWith(`${whole.names.get(1)}: flat `), label ?? '');
    assert.match(
      (await page.textContent('.graph-status')) ?? '',
      new RegExp(`^${whole.nodes.length} nodes, ${whole.edges.length} edges`),
    );
    await saveScreenshot(page, 'graph-light');
  });

  it('marks the nodes the search matches', async () => {
    await page.fill('#search', 'main\\.alloc');
    const expected = [...whole.names.values()].filter((name) => /main\.alloc/.test(name)).sort();
    await waitForCount('#graph-stage g.node.matched', expected.length);
    const matched = await page.$$eval('#graph-stage g.node.matched', (groups) =>
      groups.map((g) => g.getAttribute('data-name') ?? ''),
    );
    assert.deepEqual(matched.sort(), expected);
    assert.equal(await page.textContent('#search-status'), `${expected.length} of ${whole.nodes.length} nodes match`);
    await saveScreenshot(page, 'graph-search');
    await page.fill('#search', '');
    await waitForCount('#graph-stage g.node.matched', 0);
  });

  it('pans and zooms with the buttons, the wheel and a drag', async () => {
    const [, , fittedWidth] = await viewBoxOf();
    await page.click('button[aria-label="Zoom in"]');
    const [x, y, width] = await viewBoxOf();
    assert.ok(width! < fittedWidth!, `${width} < ${fittedWidth}`);
    const stage = (await page.locator('#graph-stage').boundingBox())!;
    await page.mouse.move(stage.x + stage.width / 2, stage.y + stage.height / 2);
    await page.mouse.wheel(0, 300);
    const [, , zoomedOut] = await viewBoxOf();
    assert.ok(zoomedOut! > width!, 'the wheel towards the user zooms out');
    await page.mouse.down();
    await page.mouse.move(stage.x + stage.width / 2 + 100, stage.y + stage.height / 2 + 50, { steps: 5 });
    await page.mouse.up();
    const [draggedX, draggedY] = await viewBoxOf();
    assert.ok(draggedX! < x! && draggedY! < y!, 'the drawing follows the drag');
    assert.equal(await page.locator('#refine-menu:not([hidden])').count(), 0, 'a drag is not a click');
    await page.click('button[aria-label="Fit the whole graph"]');
  });

  it('opens the refine menu on a node from the keyboard and returns there', async () => {
    const node = page.locator('#graph-stage g.node[data-name="main.allocRecords"]');
    await node.focus();
    await page.keyboard.press('Enter');
    await page.locator('#refine-menu:not([hidden])').waitFor();
    assert.equal(await page.textContent('.refine-menu-title'), 'main.allocRecords');
    await page.keyboard.press('Escape');
    assert.equal(await page.locator('#refine-menu:not([hidden])').count(), 0);
    assert.equal(await page.evaluate('document.activeElement.getAttribute("data-name")'), 'main.allocRecords');
  });

  it('focuses on a clicked node and redraws the graph for the new URL', async () => {
    const node = page.locator('#graph-stage g.node[data-name="main.allocBuffer"]');
    await node.focus(); // brings it into view
    await node.click();
    await page.locator('#refine-menu:not([hidden])').waitFor();
    assert.equal(await page.textContent('.refine-menu-title'), 'main.allocBuffer');
    await page.click('#refine-menu [data-action="focus"]');
    await page.waitForURL((url) => url.searchParams.get('f') === FOCUSED);
    await waitForGraph();
    assert.deepEqual(await readDrawnGraph(), sortedGraph(focused));
    assert.deepEqual(await readLegend(page), focused.legend);
  });

  it('draws in the dark theme', async () => {
    await page.goto(`${heap.url}/graph`);
    await waitForGraph();
    while ((await page.getAttribute('html', 'data-theme')) !== 'dark') await page.click('#theme-toggle');
    const filterOf = () => page.evaluate(`getComputedStyle(document.querySelector('#graph-stage svg')).filter`);
    const filter = String(await filterOf());
    assert.match(filter, /invert/);
    await saveScreenshot(page, 'graph-dark');
    await page.click('#theme-toggle');
    assert.equal(await filterOf(), 'none');
  });

  it('draws fewer nodes at once when the default graph has too many edges, and offers the full one', async () => {
    await page.goto(`${cpu.url}/ui/graph`);
    await waitForGraph();
    const notice = (await page.textContent('.graph-reduced')) ?? '';
    const [, shown] =
      /Showing n=(\d+) \(\d+ nodes\): pprof's default n=80 keeps \d+ nodes and \d+ edges/.exec(notice) ?? [];
    assert.ok(shown !== undefined, notice);
    const expected = await runPprofDot(fixturePath('cpu-medium.pb.gz'), [`-nodecount=${shown}`]);
    assert.deepEqual(await readDrawnGraph(), sortedGraph(expected));
    await saveScreenshot(page, 'graph-reduced');
    assert.equal(await page.getAttribute('a#graph-full', 'href'), '/ui/graph?n=80');
  });

  it('offers a smaller n when Graphviz runs out of time, and that graph draws', async () => {
    await page.goto(`${cpu.url}/ui/graph?n=80`);
    const link = page.locator('.graph-too-large a#graph-smaller');
    await link.waitFor();
    assert.match(
      (await page.textContent('.graph-too-large')) ?? '',
      /Graphviz took longer than \d+ s for \d+ nodes and \d+ edges; ask for fewer nodes, e.g. n=\d+/,
    );
    await saveScreenshot(page, 'graph-too-large');
    const n = /\(n=(\d+)\)/.exec((await link.textContent()) ?? '')?.[1];
    assert.ok(n !== undefined);
    await link.click();
    await page.waitForURL((url) => url.pathname === '/ui/graph' && url.searchParams.get('n') === n);
    await waitForGraph();
    const expected = await runPprofDot(fixturePath('cpu-medium.pb.gz'), [`-nodecount=${n}`]);
    const drawn = await readDrawnGraph();
    assert.deepEqual(drawn, sortedGraph(expected));
    assert.deepEqual([drawn.edges.length, GRAPH_EDGE_BUDGET], [111, 150], 'edges drawn, within the budget');
  });

  it('shows function names made of markup as text', async () => {
    const names = [
      '<img src=x onerror="window.__pwned=1">main.(*T).<b>bold</b>&amp',
      'main.<script>window.__pwned=2</script>',
    ];
    const bytes = encodeProfile(profileFromCollapsed(`main.main;${names[0]} 30\nmain.main;${names[1]} 10`));
    const hostile = await startViewerFor(bytes, 'profilers/go/pprof/20261125000000/default.x.Profile.prof', 'Profile');
    const hostilePage = await browser.newPage();
    try {
      const dialogs: string[] = [];
      hostilePage.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
      await hostilePage.goto(`${hostile.url}/graph`);
      await waitForGraph(hostilePage);
      const drawnNames = await hostilePage.$$eval('#graph-stage g.node[data-name]', (groups) =>
        groups.map((g) => g.getAttribute('data-name')),
      );
      for (const name of names) assert.ok(drawnNames.includes(name), drawnNames.join(', '));
      const texts = await hostilePage.$$eval('#graph-stage text', (elements) => elements.map((t) => t.textContent));
      assert.ok(
        texts.some((text) => text?.includes('<b>bold</b>')),
        texts.join('|'),
      );
      assert.equal(await hostilePage.locator('#graph-stage img, #graph-stage b, #graph-stage script').count(), 0);
      assert.equal(await hostilePage.evaluate('window.__pwned'), undefined);
      assert.deepEqual(dialogs, []);
    } finally {
      await hostilePage.close();
      await hostile.server.close();
    }
  });
});

describe("pprof's default graph of a dense CPU profile in Chromium", () => {
  /** pprof's node with the largest cum: the last label line ends with its percentage. */
  const heaviestId = () => {
    const percent = (node: DrawnNode) => Number(/\((-?[\d.]+)%\)$/.exec(node.lines.at(-1) ?? '')?.[1] ?? -1);
    return [...largeDot.nodes].sort((a, b) => percent(b) - percent(a))[0]!.id;
  };

  it("draws pprof -dot's 80 nodes and every edge, opens readable on the heaviest node, with an overview", async () => {
    await page.goto(`${large.url}/graph`);
    await waitForGraph();
    assert.deepEqual([largeDot.nodes.length, largeDot.edges.length], [80, 2182], "pprof's n=80 graph");
    assert.deepEqual(await readDrawnGraph(), sortedGraph(largeDot));
    assert.equal(await page.locator('.graph-reduced').count(), 0, 'not reduced');

    const heaviest = page.locator(`#graph-stage g#node${heaviestId()}`);
    const stage = (await page.locator('#graph-stage').boundingBox())!;
    const node = (await heaviest.boundingBox())!;
    assert.ok(
      node.x >= stage.x &&
        node.y >= stage.y &&
        node.x + node.width <= stage.x + stage.width &&
        node.y + node.height <= stage.y + stage.height,
      `the heaviest node ${JSON.stringify(node)} is inside the stage ${JSON.stringify(stage)}`,
    );
    const [, , viewWidth] = await viewBoxOf();
    const fontSize = Number(await heaviest.locator('text').first().getAttribute('font-size'));
    const labelPx = (fontSize * stage.width) / viewWidth!;
    assert.ok(labelPx >= 10, `the heaviest node's label is ${labelPx} px on screen`);
    await saveScreenshot(page, 'graph-cpu-large');

    // The overview: one box per node, and a click in it brings that part of the graph to the middle.
    const minimap = page.locator('#graph-stage .graph-minimap svg');
    assert.equal(await minimap.locator('rect:not(.graph-minimap-view)').count(), 80);
    const [mapBox, [bx, by, bw, bh]] = [
      (await minimap.boundingBox())!,
      (await minimap.getAttribute('viewBox'))!.split(' ').map(Number),
    ];
    const before = await viewBoxOf();
    await page.mouse.click(mapBox.x + mapBox.width * 0.1, mapBox.y + mapBox.height * 0.9);
    const [x, y, width, height] = await viewBoxOf();
    assert.notDeepEqual([x, y], before.slice(0, 2), 'the view moved');
    assert.equal(width, before[2], 'at the same zoom');
    const near = (actual: number, expected: number, span: number) =>
      assert.ok(Math.abs(actual - expected) <= span * 0.02, `${actual} ≈ ${expected}`);
    near(x! + width! / 2, bx! + bw! * 0.1, bw!);
    near(y! + height! / 2, by! + bh! * 0.9, bh!);
    const view = await minimap.locator('rect.graph-minimap-view').getAttribute('x');
    assert.equal(Number(view), x, "the overview's rectangle follows");
    assert.equal(
      await page.locator('#refine-menu:not([hidden])').count(),
      0,
      'a click in the overview is no click on a node',
    );
  });
});
