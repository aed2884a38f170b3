// `--viewer-auth token` in a real Chromium: the capability URL redirects to itself without the
// token and leaves an HttpOnly, SameSite=Strict cookie of the viewer's port, with which the page's
// own requests draw the flame graph; a link from another site works too; without the token the
// page says what to open.

import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { fixtureCapture } from '../support/fixture-capture.js';
import {
  launchBrowser,
  readFrameList,
  saveScreenshot,
  waitForFlameGraph,
  type BrowserSession,
} from '../support/browser.js';
import { createViewerToken, viewerCookieName } from '../../src/web/viewer-guards.js';
import { startViewerServer, type ViewerServer } from '../../src/web/viewer-server.js';

let browser: BrowserSession;
const viewers: ViewerServer[] = [];
let linkPage: http.Server | undefined;

async function startTokenViewer(token: string): Promise<ViewerServer> {
  const capture = fixtureCapture('heap-small.pb.gz', 'Heap');
  const viewer = await startViewerServer({ capture, host: '127.0.0.1', token, handOverProfile: false });
  viewers.push(viewer);
  return viewer;
}

before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await Promise.all(viewers.map((viewer) => viewer.close()));
  if (linkPage !== undefined) await new Promise((resolve) => linkPage!.close(resolve));
});

describe('a viewer behind its token', () => {
  it('trades the token for a cookie, drops it from the URL and draws the flame graph', async () => {
    const token = createViewerToken();
    const viewer = await startTokenViewer(token);
    const origin = `http://127.0.0.1:${viewer.port}`;
    const page = await browser.newPage();
    const response = await page.goto(`${origin}/?si=alloc_space&token=${token}`);
    assert.equal(response?.status(), 200);
    assert.equal(response?.request().redirectedFrom()?.url(), `${origin}/?si=alloc_space&token=${token}`);
    assert.equal(page.url(), `${origin}/?si=alloc_space`);

    const cookies = await browser.context.cookies(origin);
    const cookie = cookies.find((c) => c.name === viewerCookieName(viewer.port));
    assert.ok(cookie, JSON.stringify(cookies));
    assert.equal(cookie.value, token);
    assert.equal(cookie.httpOnly, true);
    assert.equal(cookie.sameSite, 'Strict');
    assert.equal(cookie.path, '/');

    await waitForFlameGraph(page);
    const frames = await readFrameList(page);
    assert.equal(frames[0]?.name, 'root');
    assert.ok(
      frames.some((frame) => frame.name.startsWith('main.')),
      'the profile is drawn',
    );
    // The page's script cannot read the token.
    assert.equal(await page.evaluate('document.cookie'), '');
    await saveScreenshot(page, 'viewer-token-flame-graph');
    await page.close();
  });

  it("opens from another site's link (the cookie SameSite=Strict withholds on the redirect)", async () => {
    const token = createViewerToken();
    const viewer = await startTokenViewer(token);
    const target = `http://127.0.0.1:${viewer.port}/top?token=${token}`;
    // localhost and 127.0.0.1 are different sites.
    linkPage = http.createServer((_request, response) =>
      response.setHeader('content-type', 'text/html').end(`<!doctype html><a id="open" href="${target}">open</a>`),
    );
    await new Promise<void>((resolve) => linkPage!.listen(0, '127.0.0.1', resolve));
    const page = await browser.newPage();
    await page.goto(`http://localhost:${(linkPage.address() as AddressInfo).port}/`);
    await Promise.all([page.waitForURL(`http://127.0.0.1:${viewer.port}/top`), page.click('#open')]);
    await page.waitForSelector('table');
    assert.equal(page.url(), `http://127.0.0.1:${viewer.port}/top`);
    await page.close();
  });

  it('says what to open when the token is missing', async () => {
    const viewer = await startTokenViewer(createViewerToken());
    const page = await browser.newPage();
    const response = await page.goto(`http://127.0.0.1:${viewer.port}/`);
    assert.equal(response?.status(), 401);
    assert.match(
      (await page.textContent('body')) ?? '',
      /this viewer needs its token; open the link of the capture's result/,
    );
    await page.close();
  });
});
