// Preflight advice in the viewer, in a real Chromium: a processor capture of the real Go target
// with 12,000 goroutines parked shows a header mark that opens Details at the Advice column, whose
// sentence is the answer's and links the goroutine analyser; a capture without advice has neither.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { launchBrowser, type BrowserSession } from '../support/browser.js';
import { startGoTarget, type GoTarget } from '../support/go-target.js';
import { startTestProcessor, viewerPort, type TestProcessor } from '../support/test-processor.js';

let browser: BrowserSession;
let target: GoTarget;
let processor: TestProcessor;
let page: Page;

before(async () => {
  [browser, target, processor] = await Promise.all([
    launchBrowser(),
    startGoTarget(['-goroutines', '12000', '-stacks', '1', '-cpu', '0']),
    startTestProcessor(),
  ]);
  page = await browser.newPage();
});

after(async () => {
  await browser?.close();
  await processor?.close();
  await target?.stop();
});

async function openCapture(type: string): Promise<Record<string, unknown>> {
  const { status, json } = await processor.post({ source: target.url, type, expirationSeconds: 600 });
  assert.equal(status, 200, JSON.stringify(json));
  await page.goto(`http://127.0.0.1:${viewerPort(json)}/`);
  await page.waitForSelector('#details-button');
  return json;
}

describe('advice in the viewer', () => {
  it('marks the header and lists the advice in Details, linking the goroutine analyser', async () => {
    const json = await openCapture('Goroutine');
    const advice = String(json['diagnoser.runtime.go_profiler.result.advice']);
    assert.match(advice, /^The target runs \d+ goroutines, more than 10000: /);
    assert.equal(await page.textContent('#advice-mark'), '⚠ Advice (1)');
    assert.equal(await page.isVisible('#details'), false);
    await page.click('#advice-mark');
    assert.equal(await page.isVisible('#details'), true);
    assert.deepEqual(await page.$$eval('#advice li', (items) => items.map((item) => item.textContent)), [advice]);
    assert.equal(await page.getAttribute('#advice a', 'href'), '/goroutines');
    // A second click leaves the panel open: the mark opens, the Details button toggles.
    await page.click('#advice-mark');
    assert.equal(await page.isVisible('#details'), true);
  });

  it('shows neither mark nor Advice column for a capture without advice', async () => {
    const json = await openCapture('Heap');
    assert.equal(json['diagnoser.runtime.go_profiler.result.advice'], undefined);
    assert.equal(await page.$('#advice-mark'), null);
    await page.click('#details-button');
    assert.equal(await page.isVisible('#details'), true);
    assert.equal(await page.$('#advice'), null);
  });
});
