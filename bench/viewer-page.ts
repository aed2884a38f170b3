// The viewer benchmark's page side, shared by its first-paint and whole-wait parts: when a page
// first shows its drawn view (timed inside the page), when its HTML arrived, and the child
// processes' plumbing (their output lines, their ends).

import type { ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import type { BrowserSession } from '../test/support/browser.js';

/** One page opened and drawn. Times are milliseconds. */
export interface PaintTiming {
  /** From the navigation's start (the page's time origin) to the drawn view. */
  readonly paintMs: number;
  /** From the navigation's start to the HTML's last byte. */
  readonly htmlMs: number;
  /** This process's performance.now() when the navigation started. */
  readonly navigatedAt: number;
}

export function killTree(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGKILL'); // the group this bench created with `detached`
  } catch {
    child.kill('SIGKILL');
  }
}

/** Resolves with the first stdout/stderr line matching `pattern`, or rejects on exit or deadline. */
export function waitForLine(child: ChildProcess, pattern: RegExp, deadline: number): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = pattern.exec(output);
      if (match !== null) finish(() => resolve(match));
    };
    const onExit = (code: number | null, signal: string | null) =>
      finish(() =>
        reject(new Error(`exited (${signal ?? `code ${code}`}) before it was ready: ${output.slice(-400)}`)),
      );
    const timer = setTimeout(
      () => finish(() => reject(new Error('time limit'))),
      Math.max(deadline - performance.now(), 0),
    );
    const finish = (then: () => void) => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.stderr?.off('data', onData);
      child.off('exit', onExit);
      then();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', onExit);
  });
}

/**
 * Records, inside the page, when `selector` first matches: milliseconds from the navigation's
 * start (the page's time origin), free of the driver's polling delay. Same code for both viewers.
 */
function drawnProbe(selector: string): string {
  return `(() => {
    const check = () => {
      if (window.__drawnAt === undefined && document.querySelector(${JSON.stringify(selector)}) !== null) {
        window.__drawnAt = performance.now();
      }
    };
    new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true });
  })();`;
}

/** Opens `url` in a new page and times it until `drawnSelector` matches (or fails naming the refusal). */
export async function timePaint(
  browser: BrowserSession,
  url: string,
  drawnSelector: string,
  timeoutMs: number,
  refusedSelector?: string,
): Promise<PaintTiming> {
  const page = await browser.newPage();
  try {
    await page.addInitScript(drawnProbe(drawnSelector));
    const navigatedAt = performance.now();
    await page.goto(url, { waitUntil: 'commit', timeout: timeoutMs });
    await page.waitForSelector(drawnSelector, { timeout: Math.max(timeoutMs - (performance.now() - navigatedAt), 1) });
    await page.waitForFunction('window.__drawnAt !== undefined', undefined, { timeout: 5000 });
    const drawnAt = Number(await page.evaluate('window.__drawnAt'));
    const htmlMs = Number(await page.evaluate("performance.getEntriesByType('navigation')[0].responseEnd"));
    const refused = refusedSelector === undefined ? null : await page.$(refusedSelector);
    if (refused !== null) {
      const text = ((await (await refused.$('p'))?.textContent()) ?? '').replace(/\.$/, '');
      // The view drew its refusal (our layout time limit), not the graph.
      throw new Error(`refused after ${(drawnAt / 1000).toFixed(1)} s: ${text}`);
    }
    return { paintMs: drawnAt, htmlMs, navigatedAt };
  } finally {
    await page.close();
  }
}
