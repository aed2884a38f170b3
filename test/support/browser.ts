// Browser-test harness: Debian's Chromium driven by playwright-core with the project's flags and
// a fresh profile directory, no time limit on any wait, a guard that fails any request leaving loopback, screenshots under
// test-results/, and viewers started on real fixtures.

import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { decodeProfile } from '../../src/pprof/index.js';
import {
  startViewerServer,
  type ViewerAppOptions,
  type DecodedCapture,
  type ViewerServer,
} from '../../src/web/viewer-server.js';
import { REPO_ROOT, fixturePath } from './fixtures.js';
import { waitFor } from './wait-for.js';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'test-results');

export interface BrowserSession {
  readonly context: BrowserContext;
  /** URLs the pages tried to load from anywhere but loopback (each was refused). */
  readonly externalRequests: readonly string[];
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

export async function launchBrowser(): Promise<BrowserSession> {
  const userDataDir = await mkdtemp(path.join(tmpdir(), 'go-profiler-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 800 },
  });
  // No wait of Playwright's (30 s by default) may fail a test on a busy machine: waits last until
  // their state comes, and a state that never comes is the test runner's hang guard's to catch.
  context.setDefaultTimeout(0);
  context.setDefaultNavigationTimeout(0);
  const externalRequests: string[] = [];
  await context.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    if ((url.protocol === 'http:' || url.protocol === 'https:') && !LOOPBACK_HOSTS.has(url.hostname)) {
      externalRequests.push(url.href);
      await route.abort('blockedbyclient');
      return;
    }
    await route.continue();
  });
  return {
    context,
    externalRequests,
    newPage: () => context.newPage(),
    close: async () => {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

export async function saveScreenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

export interface RunningViewer {
  readonly url: string;
  readonly capture: DecodedCapture;
  readonly server: ViewerServer;
}

/** Starts a viewer on 127.0.0.1 for a capture made from raw profile bytes. */
export async function startViewerFor(
  rawBytes: Uint8Array,
  file: string,
  type: string,
  options: ViewerAppOptions = {},
): Promise<RunningViewer> {
  const capture: DecodedCapture = {
    profile: decodeProfile(rawBytes),
    rawBytes,
    file,
    type,
    source: 'http://127.0.0.1:6060',
    capturedAt: new Date('2026-11-25T06:49:00Z'),
  };
  // Copied to a large profile's query worker, not handed over: tests read the profile for their oracle.
  const server = await startViewerServer({ handOverProfile: false, ...options, capture, host: '127.0.0.1' });
  return { url: `http://127.0.0.1:${server.port}`, capture, server };
}

const TYPE_OF_FIXTURE: Readonly<Record<string, string>> = {
  heap: 'Heap',
  allocs: 'Allocs',
  goroutine: 'Goroutine',
  cpu: 'Profile',
  block: 'Block',
  mutex: 'Mutex',
  threadcreate: 'Threadcreate',
};

/** Starts a viewer for one of ../shared/fixtures, as the processor would after capturing it. */
export async function startFixtureViewer(name: string, options: ViewerAppOptions = {}): Promise<RunningViewer> {
  const rawBytes = new Uint8Array(await readFile(fixturePath(name)));
  const type = TYPE_OF_FIXTURE[name.split('-')[0] ?? ''] ?? 'Heap';
  return startViewerFor(rawBytes, `profilers/go/pprof/20261125064900/default.fixture.${type}.prof`, type, options);
}

/** Waits until the flame graph view has drawn its canvas at least once. */
export async function waitForFlameGraph(page: Page): Promise<void> {
  await page.waitForSelector('section.flame-view[data-drawn="true"]');
}

export interface ListedFrame {
  readonly node: number;
  readonly name: string;
  readonly cum: string;
  readonly cumPercent: string;
  readonly flat: string;
  readonly flatPercent: string;
}

/**
 * The accessible frame list of the flame graph (SPEC §3), as the page shows it; `list` selects
 * another list of the same kind (a pivot's halves: `#pivot-callers-frames`).
 */
export async function readFrameList(page: Page, list = '#flame-frames'): Promise<ListedFrame[]> {
  // No named functions inside: tsx would wrap them in a helper the page does not have.
  const rows = await page.$$eval(`${list} li`, (items) =>
    items.map((li) => [
      li.getAttribute('data-node') ?? '',
      ...['.frame-name', '.frame-cum', '.frame-cum-percent', '.frame-flat', '.frame-flat-percent'].map(
        (selector) => li.querySelector(selector)?.textContent ?? '',
      ),
    ]),
  );
  return rows.map(([node, name, cum, cumPercent, flat, flatPercent]) => ({
    node: Number(node),
    name: name ?? '',
    cum: cum ?? '',
    cumPercent: cumPercent ?? '',
    flat: flat ?? '',
    flatPercent: flatPercent ?? '',
  }));
}

/** The RGB of one canvas pixel at CSS coordinates (x, y) of the canvas. */
export async function readCanvasPixel(page: Page, selector: string, x: number, y: number): Promise<number[]> {
  // A string expression: this file is compiled without the DOM library.
  const rgb = await page.evaluate(`(() => {
    const canvas = document.querySelector(${JSON.stringify(selector)});
    const scale = canvas.width / canvas.clientWidth;
    const data = canvas.getContext('2d').getImageData(Math.round(${x} * scale), Math.round(${y} * scale), 1, 1).data;
    return [data[0], data[1], data[2]];
  })()`);
  return rgb as number[];
}

/**
 * Waits until a page expression is true. Playwright's waitForFunction runs a string predicate
 * through eval once it has to poll, which the viewer's CSP (no 'unsafe-eval') refuses; evaluate
 * is not subject to it. Expressions are strings because test files compile without the DOM.
 */
export async function waitForExpression(page: Page, expression: string): Promise<void> {
  await waitFor(async () => Boolean(await page.evaluate(expression)), expression);
}

/**
 * Resolves after the page's next two animation frames: a repaint or a list the page asked a frame
 * for is done by then, however long the frames take on a busy machine.
 */
export async function afterNextFrames(page: Page): Promise<void> {
  await page.evaluate(
    'new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve(true))))',
  );
}
