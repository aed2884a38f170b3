import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import { decodeProfile } from '../pprof/index.js';
import { computeTop, formatFoldedStacks, DEFAULT_QUERY_OPTIONS, withOptions } from '../query/index.js';
import { fixturePath, loadFixture } from '../../test/support/fixtures.js';
import { buildViewerApp, type DecodedCapture } from './viewer-server.js';

const capture: DecodedCapture = {
  profile: loadFixture('heap-small.pb.gz'),
  rawBytes: new Uint8Array(readFileSync(fixturePath('heap-small.pb.gz'))),
  file: 'profilers/go/pprof/20261125065500/default.demo.Heap.prof',
  type: 'Heap',
  source: 'http://127.0.0.1:6060',
  capturedAt: new Date('2026-11-25T06:55:00Z'),
  expiresAt: new Date('2026-11-25T09:00:00Z'),
};
let nowMs = Date.parse('2026-11-25T08:00:00Z');
const app = buildViewerApp(capture, { now: () => nowMs });
after(() => app.close());

const topRows = (report: ReturnType<typeof computeTop>) =>
  report.rows.map((row) => `${row.flatText} ${row.flatPercent} ${row.cumText} ${row.cumPercent} ${row.name}`);

describe('exports', () => {
  it('downloads the profile as filtered, which decodes to the filtered Top over its own total', async () => {
    const response = await app.inject({ url: '/ui/download/filtered?si=alloc_space&f=main&h=runtime' });
    assert.equal(response.statusCode, 200);
    assert.match(response.headers['content-disposition'] as string, /filename="default\.demo\.Heap\.filtered\.pb\.gz"/);
    const filtered = decodeProfile(new Uint8Array(response.rawPayload));
    const options = withOptions(DEFAULT_QUERY_OPTIONS, { sampleIndex: 'alloc_space', focus: 'main', hide: 'runtime' });
    assert.deepEqual(
      topRows(computeTop(filtered, withOptions(DEFAULT_QUERY_OPTIONS, { sampleIndex: 'alloc_space' }))),
      topRows(computeTop(capture.profile, withOptions(options, { relativePercentages: true }))),
    );
    assert.deepEqual([filtered.samples.count, capture.profile.samples.count], [116, 120], 'samples: kept, of all');
  });

  it('downloads folded stacks of the shown sample type', async () => {
    const response = await app.inject({ url: '/download/folded?si=inuse_objects&i=sortKeys' });
    assert.equal(response.statusCode, 200);
    assert.match(
      response.headers['content-disposition'] as string,
      /filename="default\.demo\.Heap\.inuse_objects\.folded\.txt"/,
    );
    const options = withOptions(DEFAULT_QUERY_OPTIONS, { sampleIndex: 'inuse_objects', ignore: 'sortKeys' });
    assert.equal(response.body, [...formatFoldedStacks(capture.profile, options)].join(''));
    assert.match(response.body, /^runtime\.main;main\.main;\S+ \d+$/m);
  });

  it('names a bad option in a 400 rather than sending half a file', async () => {
    for (const url of ['/download/folded?f=(', '/download/filtered?si=bogus', '/download/folded?base=nope']) {
      const response = await app.inject({ url });
      assert.equal(response.statusCode, 400, url);
      assert.match(response.json().error, /\S+: \S+/, url);
    }
  });

  it('tells the page when the session expires, by the session clock', async () => {
    const summary = (await app.inject({ url: '/api/profile' })).json();
    assert.equal(summary.expiresAt, '2026-11-25T09:00:00.000Z');
    assert.equal(summary.expiresInMs, 3_600_000);
    nowMs += 3_600_000 + 5;
    assert.equal((await app.inject({ url: '/api/profile' })).json().expiresInMs, 0);
  });

  it("describes the capture's time, period, samples and totals", async () => {
    const { details } = (await app.inject({ url: '/api/profile' })).json();
    assert.equal(details.time, 'Nov 25, 2026 at 6:55am (UTC)');
    assert.equal(details.sampleCount, capture.profile.samples.count);
    assert.deepEqual(
      details.totals.map((t: { type: string }) => t.type),
      ['alloc_objects', 'alloc_space', 'inuse_objects', 'inuse_space'],
    );
    assert.match(details.period, /^\d+(\.\d+)?kB \(space\)$/);
  });
});
