import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  buildFlameGraph,
  computeTop,
  subtractBaseProfile,
  DEFAULT_QUERY_OPTIONS,
  withOptions,
} from '../query/index.js';
import { HEAP_CAPTURE_PAIR, PAIR_SOURCE, makeDataRoot, type TestDataRoot } from '../../test/support/data-root.js';
import { decodeFlameGraph } from './flame-graph-wire.js';
import { FLAME_GRAPH_LIMITS } from './viewer-queries.js';
import { buildViewerApp } from './viewer-server.js';

const SOURCE = PAIR_SOURCE;
let root: TestDataRoot;
let app: ReturnType<typeof buildViewerApp>;

before(async () => {
  root = await makeDataRoot([
    ...HEAP_CAPTURE_PAIR,
    // Not candidates: another target, another type.
    {
      fixture: 'heap-small.pb.gz',
      type: 'Heap',
      source: 'http://10.0.0.8:6060',
      capturedAt: new Date('2026-11-25T06:30:00Z'),
    },
    {
      fixture: 'goroutine-small.pb.gz',
      type: 'Goroutine',
      source: SOURCE,
      capturedAt: new Date('2026-11-25T06:40:00Z'),
    },
    // A candidate, newer than the shown capture.
    { fixture: 'heap-small.pb.gz', type: 'Heap', source: SOURCE, capturedAt: new Date('2026-11-25T08:00:00Z') },
    // Same source and type, another team's namespace: never listed (SPEC §5).
    {
      fixture: 'heap-small.pb.gz',
      type: 'Heap',
      source: SOURCE,
      capturedAt: new Date('2026-11-25T08:10:00Z'),
      diagnosisNamespace: 'team-b',
    },
    // The pod's namespace is the capture's, whatever the Diagnosis's: team-b's pod, not a candidate...
    {
      fixture: 'heap-small.pb.gz',
      type: 'Heap',
      source: SOURCE,
      capturedAt: new Date('2026-11-25T08:20:00Z'),
      pod: { namespace: 'team-b', name: 'web-0' },
    },
    // ... and default's pod diagnosed from team-b, a candidate.
    {
      fixture: 'heap-small.pb.gz',
      type: 'Heap',
      source: SOURCE,
      capturedAt: new Date('2026-11-25T08:30:00Z'),
      diagnosisNamespace: 'team-b',
      pod: { namespace: 'default', name: 'web-1' },
    },
  ]);
  app = buildViewerApp(await root.captureOf(1));
});
after(async () => {
  await app?.close();
  await root?.remove();
});

const topRows = (report: { rows: readonly { name: string; flatText: string; cumText: string }[] }) =>
  report.rows.map((row) => `${row.flatText} ${row.cumText} ${row.name}`);

describe('diff against another stored capture', () => {
  it('lists the other captures of the same target, type and namespace, newest first', async () => {
    const listing = (await app.inject({ url: '/api/bases' })).json();
    assert.deepEqual(
      listing.bases.map((base: { file: string }) => base.file),
      [root.records[7]!.file, root.records[4]!.file, root.records[0]!.file],
    );
    assert.equal(listing.bases[2].capturedAt, '2026-11-25T06:00:00.000Z');
    assert.equal(listing.bases[2].diagnosis, 'default/demo');
    assert.equal(listing.bases[0].pod, 'default/web-1');
    assert.equal(listing.unavailable, undefined);
  });

  it("lists another namespace's viewer only that namespace's captures", async () => {
    const teamB = buildViewerApp(await root.captureOf(5));
    try {
      const listing = (await teamB.inject({ url: '/api/bases' })).json();
      assert.deepEqual(
        listing.bases.map((base: { file: string }) => base.file),
        [root.records[6]!.file],
      );
      const response = await teamB.inject({ url: `/api/top?base=${encodeURIComponent(root.records[0]!.file)}` });
      assert.equal(response.statusCode, 400);
      assert.equal(response.json().key, 'base');
    } finally {
      await teamB.close();
    }
  });

  it("answers Top and the flame graph for the diff, with the engine's numbers", async () => {
    const base = root.records[0]!.file;
    const options = withOptions(DEFAULT_QUERY_OPTIONS, { base });
    const current = (await root.captureOf(1)).profile;
    const diffed = subtractBaseProfile(current, (await root.captureOf(0)).profile, { diff: true });
    const top = (await app.inject({ url: `/api/top?base=${encodeURIComponent(base)}` })).json();
    assert.deepEqual(topRows(top), topRows(computeTop(diffed, withOptions(options, { nodeCount: 500 }))));
    assert.ok(
      top.rows.some((row: { flat: number }) => row.flat < 0),
      'some functions shrank',
    );

    const response = await app.inject({ url: `/ui/api/flamegraph?base=${encodeURIComponent(base)}` });
    const body = response.rawPayload;
    const sent = decodeFlameGraph(body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer);
    const expected = buildFlameGraph(diffed, options, FLAME_GRAPH_LIMITS);
    assert.deepEqual([...sent.cum], [...expected.cum]);
    assert.deepEqual([...sent.baseCum!], [...expected.baseCum!]);
  });

  it('normalizes the capture to the base total with norm', async () => {
    const base = root.records[0]!.file;
    const normalized = subtractBaseProfile((await root.captureOf(1)).profile, (await root.captureOf(0)).profile, {
      diff: true,
      normalize: true,
    });
    const top = (await app.inject({ url: `/api/top?norm=true&base=${encodeURIComponent(base)}` })).json();
    assert.deepEqual(
      topRows(top),
      topRows(computeTop(normalized, withOptions(DEFAULT_QUERY_OPTIONS, { nodeCount: 500 }))),
    );
  });

  it('refuses a base that is not a listed capture, naming base, and keeps serving', async () => {
    const bad = [
      root.records[2]!.file, // another target
      root.records[3]!.file, // another type
      root.records[1]!.file, // itself
      root.records[5]!.file, // another namespace
      root.records[6]!.file, // another namespace's pod
      'profilers/go/pprof/20261125060000/default.demo.Heap-9.prof',
      '../../../../etc/passwd',
      `${root.dataRoot}/${root.records[0]!.file}`,
      'profilers/go/pprof/20261125060000/default.demo.Heap.json',
    ];
    for (const base of bad) {
      const response = await app.inject({ url: `/api/flamegraph?base=${encodeURIComponent(base)}` });
      assert.equal(response.statusCode, 400, base);
      const body = response.json();
      assert.equal(body.key, 'base', base);
      assert.match(
        body.error,
        /^diff against ".*": not another stored Heap capture of http:\/\/10\.0\.0\.7:6060/,
        base,
      );
    }
    assert.equal((await app.inject({ url: '/api/top' })).statusCode, 200);
  });

  it('names no path of the machine when a listed base cannot be read', async () => {
    const own = await makeDataRoot(HEAP_CAPTURE_PAIR);
    const viewer = buildViewerApp(await own.captureOf(1));
    try {
      await rm(path.join(own.dataRoot, own.records[0]!.file));
      const response = await viewer.inject({ url: `/api/top?base=${encodeURIComponent(own.records[0]!.file)}` });
      assert.equal(response.statusCode, 400);
      const { error, key } = response.json();
      assert.equal(key, 'base');
      assert.match(
        error,
        /the stored capture cannot be read: .*no such file or directory, open '<data root>\/profilers\//,
      );
      assert.ok(!error.includes(own.dataRoot), error);
    } finally {
      await viewer.close();
      await own.remove();
    }
  });

  it('says why there is nothing to diff against', async () => {
    const lonely = buildViewerApp(await root.captureOf(2));
    const noRoot = buildViewerApp({ ...(await root.captureOf(1)), dataRoot: undefined });
    try {
      const listing = (await lonely.inject({ url: '/api/bases' })).json();
      assert.deepEqual(listing.bases, []);
      assert.equal(
        listing.unavailable,
        'No other Heap capture of http://10.0.0.8:6060 in namespace default is stored under the data root: capture it again to diff against this one.',
      );
      assert.match((await noRoot.inject({ url: '/api/bases' })).json().unavailable, /without a data root/);
      const response = await noRoot.inject({ url: `/api/top?base=${encodeURIComponent(root.records[0]!.file)}` });
      assert.equal(response.statusCode, 400);
      assert.equal(response.json().key, 'base');
    } finally {
      await lonely.close();
      await noRoot.close();
    }
  });
});
