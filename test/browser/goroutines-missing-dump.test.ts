// The Goroutines view of a capture whose goroutine dump could not be had (issue 12, s7), in a real
// Chromium: the real processor captures the real Go target's goroutine profile through a proxy
// whose `debug=2` answers 500; the header still has the Goroutines entry, and the view says
// "no goroutine dump:" and why, as our errors phrase it, with nothing of what the source sent.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { launchBrowser, waitForFlameGraph, type BrowserSession } from '../support/browser.js';
import { FAILURE_TEXT, startDumpFailingProxy, type DumpFailingProxy } from '../support/dump-failing-proxy.js';
import { startGoTarget, type GoTarget } from '../support/go-target.js';
import { startTestProcessor, viewerPort, type TestProcessor } from '../support/test-processor.js';

const R = 'diagnoser.runtime.go_profiler.result.';

let target: GoTarget;
let proxy: DumpFailingProxy;
let processor: TestProcessor;
let browser: BrowserSession;
let page: Page;
let url: string;
let file: string;

before(async () => {
  target = await startGoTarget(['-goroutines', '20', '-stacks', '4', '-cpu', '0', '-contention', '0']);
  proxy = await startDumpFailingProxy(target.url, '500');
  processor = await startTestProcessor();
  const { status, json } = await processor.post({ source: proxy.url, type: 'Goroutine' });
  assert.equal(status, 200, JSON.stringify(json));
  file = String(json[`${R}file`]);
  url = `http://127.0.0.1:${viewerPort(json)}`;
  browser = await launchBrowser();
  page = await browser.newPage();
});

after(async () => {
  await browser?.close();
  await processor?.close();
  await proxy?.close();
  await target?.stop();
});

describe('the Goroutines view without a dump', () => {
  it('is in the header, and says there is no goroutine dump and why', async () => {
    await page.goto(`${url}/`);
    await waitForFlameGraph(page);
    await page.click('nav a[data-view="goroutines"]');
    await page.waitForURL((u) => u.pathname === '/goroutines');
    await page.waitForSelector('#errors:not([hidden])');
    const shown = (await page.textContent('#errors')) ?? '';
    assert.equal(
      shown,
      `show goroutines of ${file}: no goroutine dump: fetch ${proxy.url}/debug/pprof/goroutine?debug=2: the target answered HTTP 500 with text (${FAILURE_TEXT.length} bytes)`,
    );
    assert.equal(await page.$$eval('#goroutinetable tbody tr', (rows) => rows.length), 0);
  });
});
