// `npm run bench:report [-- --files a.pb.gz,b.pb.gz] [--skip-pprof]`
//
// The offline report of each fixture (default: small, medium and large of every type): the time
// to write it (this process, the compiled bundle's page), its size, and the time from navigating
// to it (file://, every request refused) to its flame graph drawn in headless Chromium, and the
// time from a search's Enter to its "Matched" line (the pattern `alloc`, re2js over every name,
// then a repaint); beside them `go tool pprof -top` on the same file in the same run, and the
// ratios against it. Results also go to test-results/bench-report.json.

import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { decodeProfile } from '../src/pprof/index.js';
import { profileKindOf } from '../src/cli/view-command.js';
import { writeOfflineReport } from '../src/web/report/write-offline-report.js';
import { launchBrowser } from '../test/support/browser.js';
import { REPO_ROOT, fixturePath, listProfileFixtures } from '../test/support/fixtures.js';

interface Row {
  readonly file: string;
  readonly bytes: number;
  readonly writeMs: number;
  readonly drawMs: number;
  readonly searchMs: number;
  /** Undefined with --skip-pprof. */
  readonly pprofTopMs: number | undefined;
}

function filesOf(argv: readonly string[]): string[] {
  const index = argv.indexOf('--files');
  if (index >= 0) return (argv[index + 1] ?? '').split(',').filter((file) => file !== '');
  return listProfileFixtures().filter((file) => /-(small|medium|large)\.pb\.gz$/.test(file));
}

async function pprofTopMs(file: string): Promise<number> {
  const start = performance.now();
  await promisify(execFile)('go', ['tool', 'pprof', '-top', file], {
    env: { ...process.env, TZ: 'UTC' },
    maxBuffer: 256 * 1024 * 1024,
  });
  return performance.now() - start;
}

/** From Enter in the search box to the "Matched" line of `alloc` (the page compiles, matches and repaints). */
async function searchMsOf(page: Page): Promise<number> {
  await page.fill('#search', 'alloc');
  const start = performance.now();
  await page.press('#search', 'Enter');
  await page.waitForSelector('#search-status:not(:empty)');
  return performance.now() - start;
}

function formatRow(row: Row): string {
  const ratio = (ms: number) =>
    row.pprofTopMs === undefined ? '' : ` (${(ms / row.pprofTopMs).toFixed(2)}× pprof -top)`;
  return (
    `${row.file.padEnd(26)} ${(row.bytes / 1024).toFixed(0).padStart(6)} KB` +
    `  write ${row.writeMs.toFixed(0).padStart(6)} ms${ratio(row.writeMs)}` +
    `  draw ${row.drawMs.toFixed(0).padStart(5)} ms${ratio(row.drawMs)}` +
    `  search ${row.searchMs.toFixed(0).padStart(4)} ms${ratio(row.searchMs)}` +
    (row.pprofTopMs === undefined ? '' : `  pprof -top ${row.pprofTopMs.toFixed(0)} ms`)
  );
}

async function main(): Promise<void> {
  const skipPprof = process.argv.includes('--skip-pprof');
  const dir = mkdtempSync(path.join(tmpdir(), 'go-profiler-bench-report-'));
  const browser = await launchBrowser();
  const rows: Row[] = [];
  try {
    for (const name of filesOf(process.argv.slice(2))) {
      const file = fixturePath(name);
      const output = path.join(dir, `${name}.html`);
      const writeStart = performance.now();
      const profile = decodeProfile(readFileSync(file));
      const input = { profile, name, type: profileKindOf(profile), source: file, capturedAt: new Date(0) };
      await writeOfflineReport([input], output, new Date());
      const writeMs = performance.now() - writeStart;
      const page = await browser.newPage();
      const drawStart = performance.now();
      await page.goto(pathToFileURL(output).href);
      await page.waitForSelector('.report[data-drawn] canvas.flame-canvas[data-painted]');
      const drawMs = performance.now() - drawStart;
      const searchMs = await searchMsOf(page);
      await page.close();
      const pprof = skipPprof ? undefined : await pprofTopMs(file);
      const row = { file: name, bytes: statSync(output).size, writeMs, drawMs, searchMs, pprofTopMs: pprof };
      rows.push(row);
      console.log(formatRow(row));
    }
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const out = path.join(REPO_ROOT, 'test-results');
  mkdirSync(out, { recursive: true });
  writeFileSync(path.join(out, 'bench-report.json'), `${JSON.stringify(rows, null, 2)}\n`);
}

await main();
