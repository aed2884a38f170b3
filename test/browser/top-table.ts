// Reads the Top view as a user sees it: its rows' cells and the legend in the details panel, in
// the shape `go tool pprof -top` output is split into (pprof-top.ts), so the two compare directly.

import type { Page } from 'playwright-core';
import type { PprofTop, PprofTopRow } from './pprof-top.js';

export async function waitForTop(page: Page): Promise<void> {
  await page.waitForSelector('section.top-view[data-loaded="true"]:not([aria-busy])');
}

export async function readTopRows(page: Page): Promise<PprofTopRow[]> {
  const cells = await page.$$eval('#toptable tbody tr', (rows) =>
    rows.map((row) => [...row.querySelectorAll('td')].map((td) => td.textContent ?? '')),
  );
  return cells.map(([flat, flatPercent, sumPercent, cum, cumPercent, name]) => ({
    flat: flat ?? '',
    flatPercent: flatPercent ?? '',
    sumPercent: sumPercent ?? '',
    cum: cum ?? '',
    cumPercent: cumPercent ?? '',
    name: name ?? '',
  }));
}

export async function readLegend(page: Page): Promise<string[]> {
  return page.$$eval('#details .legend li', (items) => items.map((li) => li.textContent ?? ''));
}

/** The rows and the legend, as `runPprofTop` splits pprof's output. */
export async function readTop(page: Page): Promise<PprofTop> {
  return { header: await readLegend(page), rows: await readTopRows(page) };
}
