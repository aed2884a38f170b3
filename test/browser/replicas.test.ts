// The Replicas view in a real Chromium on real captures: three Go targets, one of them running
// another workload (no heap retained by the program, 2000 parked goroutines: its heap is the
// runtime's goroutine stacks), captured as `capture -l --open` would and served by
// serveReplicaViewer. The table ranks that replica first with the query's own numbers, and its
// row leads to its own flame graph and Top, whose total is `go tool pprof -top`'s on its file.

import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { serveReplicaViewer, type ReplicaViewer } from '../../src/cli/serve-replica-viewer.js';
import { decodeProfile } from '../../src/pprof/index.js';
import { compareReplicas, computeTop, DEFAULT_QUERY_OPTIONS, type ReplicaReport } from '../../src/query/index.js';
import { decodeFlameGraph } from '../../src/web/flame-graph-wire.js';
import { flameValueText } from '../../src/web/flame-values.js';
import {
  launchBrowser,
  readFrameList,
  saveScreenshot,
  waitForFlameGraph,
  type BrowserSession,
} from '../support/browser.js';
import { startGoTarget } from '../support/go-target.js';
import { runPprofTop } from './pprof-top.js';

// Heap sampled every 4 KiB so that the small heap of web-c still has samples; no CPU workers.
const COMMON = ['-cpu', '0', '-memprofilerate', '4096'];
const WORKLOADS: Readonly<Record<string, readonly string[]>> = {
  'web-a': [...COMMON, '-leak', '8'],
  'web-b': [...COMMON, '-leak', '8'],
  'web-c': [...COMMON, '-leak', '0', '-goroutines', '2000'],
};

let dir: string;
let browser: BrowserSession;
let viewer: ReplicaViewer;
let page: Page;
let expected: ReplicaReport;

/** Captures the heap profile of a target started with `args` into `file`. */
async function captureHeap(args: readonly string[], file: string): Promise<void> {
  const target = await startGoTarget(args);
  try {
    const response = await fetch(`${target.url}/debug/pprof/heap`);
    assert.equal(response.status, 200);
    await writeFile(file, new Uint8Array(await response.arrayBuffer()));
  } finally {
    await target.stop();
  }
}

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'go-profiler-replicas-'));
  const replicas = Object.keys(WORKLOADS).map((name) => ({ name, path: path.join(dir, `${name}.pb.gz`) }));
  await Promise.all(replicas.map(({ name, path: file }) => captureHeap(WORKLOADS[name]!, file)));
  const profiles = await Promise.all(
    replicas.map(async ({ name, path: file }) => ({ name, profile: decodeProfile(await readFile(file)) })),
  );
  expected = compareReplicas(profiles, DEFAULT_QUERY_OPTIONS);
  [browser, viewer] = await Promise.all([launchBrowser(), serveReplicaViewer({ replicas })]);
  page = await browser.newPage();
});
after(async () => {
  await browser?.close();
  await viewer?.close();
  await rm(dir, { recursive: true, force: true });
});

interface ShownRow {
  readonly name: string;
  readonly href: string;
  readonly total: string;
  readonly distance: string;
  readonly odd: string[];
}

async function readReplicaRows(): Promise<ShownRow[]> {
  return page.$$eval('#replicatable tbody tr', (rows) =>
    rows.map((tr) => ({
      name: tr.querySelector('th a')?.textContent ?? '',
      href: tr.querySelector('th a')?.getAttribute('href') ?? '',
      total: tr.children[1]?.textContent ?? '',
      distance: tr.children[2]?.textContent ?? '',
      odd: [...tr.querySelectorAll('.odd-functions li')].map((li) => li.textContent ?? ''),
    })),
  );
}

describe('the Replicas view of three captures in Chromium', () => {
  it('ranks the replica running another workload first, with the query’s numbers', async () => {
    assert.equal(expected.replicas[0]!.name, 'web-c', 'by construction, web-c is the odd one');
    assert.ok(expected.replicas[0]!.distance > 0.5 && expected.replicas[1]!.distance < 0.1, 'and far from the others');
    await page.goto(`${viewer.url}replicas`);
    await page.waitForSelector('section.replicas-view[data-loaded="true"]');
    assert.deepEqual(
      await readReplicaRows(),
      expected.replicas.map((row) => ({
        name: row.name,
        href: `/replica/${row.name}/`,
        total: row.totalText,
        distance: row.distanceText,
        odd: row.oddFunctions.map(
          (f) => `${f.name} ${f.flatText}: ${f.shareText} here, ${f.othersShareText} in the others`,
        ),
      })),
    );
    assert.equal(await page.getAttribute('nav a[data-view="replicas"]', 'aria-current'), 'page');
    await saveScreenshot(page, 'replicas-heap');
  });

  it("opens a row's replica: its own flame graph and Top, whose total is go tool pprof -top's on its file", async () => {
    await page.click('#replicatable tr[data-replica="web-c"] th a');
    await page.waitForURL(/\/replica\/web-c\/$/);
    await waitForFlameGraph(page);
    assert.equal(await page.textContent('#replica-badge'), 'replica web-c');
    const file = path.join(dir, 'web-c.pb.gz');
    const pprofShowing = (await runPprofTop(file, [])).header.find((line) => line.startsWith('Showing nodes'));
    const profile = decodeProfile(await readFile(file));
    const own = computeTop(profile, DEFAULT_QUERY_OPTIONS);
    assert.equal(`of ${own.totalText} total`, /of \S+ total$/.exec(pprofShowing ?? '')?.[0]);
    assert.equal(own.totalText, expected.replicas[0]!.totalText);
    // The flame graph prints the same total in its own unit (pprof's web UI picks it apart from -top's).
    const sent = decodeFlameGraph(await (await fetch(`${viewer.url}replica/web-c/api/flamegraph`)).arrayBuffer());
    const scale = { sampleType: profile.sampleTypes.at(-1)!, reportTotal: own.total, info: sent.info };
    const [root] = await readFrameList(page);
    assert.deepEqual([root?.node, root?.name, root?.cum], [0, 'root', flameValueText(scale, own.total)]);
    await saveScreenshot(page, 'replicas-web-c-flame-graph');

    await page.click('nav a[data-view="top"]');
    await page.waitForURL(/\/replica\/web-c\/top$/);
    await page.waitForSelector('section.top-view[data-loaded="true"]');
    const legend = await page.$$eval('#details .legend li', (items) => items.map((li) => li.textContent ?? ''));
    assert.ok(legend.includes(pprofShowing!), legend.join('\n'));
  });

  it("leads from a replica's page back to the session's Replicas view", async () => {
    await page.click('nav a[data-view="replicas"]');
    await page.waitForURL(/:\d+\/replicas$/);
    await page.waitForSelector('section.replicas-view[data-loaded="true"]');
    assert.equal((await readReplicaRows())[0]?.name, 'web-c');
  });
});
