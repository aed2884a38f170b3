import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { encodeProfile, profileFromCollapsed, type Profile } from '../pprof/index.js';
import { compareReplicas, computeTop, DEFAULT_QUERY_OPTIONS, mergeProfiles, withOptions } from '../query/index.js';
import { buildViewerApp, type DecodedCapture } from './viewer-server.js';

const MB = 1024 * 1024;
const HEADER = {
  sampleTypes: [
    { type: 'inuse_objects', unit: 'count' },
    { type: 'inuse_space', unit: 'bytes' },
  ],
};

/** Stacks with their inuse_space in MB (one object per MB). */
function heap(lines: Record<string, number>): Profile {
  const text = Object.entries(lines).map(([stack, mb]) => `${stack} ${mb} ${mb * MB}`);
  return profileFromCollapsed(text.join('\n'), HEADER);
}

function captureOf(file: string, profile: Profile): DecodedCapture {
  return {
    profile,
    rawBytes: encodeProfile(profile),
    file,
    type: 'Heap',
    source: `/captures/${file}`,
    capturedAt: new Date('2026-12-06T20:00:00Z'),
  };
}

// web-c spends 70% in main.leak, which the others never call: it is the odd one by construction.
const REPLICAS = [
  { name: 'web-a', profile: heap({ 'main;main.serve': 60, 'main;main.gc': 40 }) },
  { name: 'web-b', profile: heap({ 'main;main.serve': 120, 'main;main.gc': 80 }) },
  { name: 'web-c', profile: heap({ 'main;main.serve': 30, 'main;main.leak': 70 }) },
];
const merged = mergeProfiles(REPLICAS.map((replica) => replica.profile));
const app = buildViewerApp(captureOf('merged.pb.gz', merged), {
  replicas: REPLICAS.map(({ name, profile }) => ({ name, capture: captureOf(`${name}.pb.gz`, profile) })),
});
const single = buildViewerApp(captureOf('web-a.pb.gz', REPLICAS[0]!.profile));
after(() => Promise.all([app.close(), single.close()]));

async function json(url: string, on = app): Promise<unknown> {
  const response = await on.inject({ url });
  assert.equal(response.statusCode, 200, `${url}: ${response.body}`);
  return response.json();
}

describe('a viewer session of several replicas', () => {
  it('answers /api/replicas with the query’s ranking, on the options of the request', async () => {
    for (const prefix of ['', '/ui']) {
      assert.deepEqual(
        await json(`${prefix}/api/replicas`),
        JSON.parse(JSON.stringify(compareReplicas(REPLICAS, DEFAULT_QUERY_OPTIONS))),
      );
    }
    const objects = withOptions(DEFAULT_QUERY_OPTIONS, { sampleIndex: 'inuse_objects' });
    const report = (await json('/api/replicas?si=inuse_objects')) as ReturnType<typeof compareReplicas>;
    assert.deepEqual(report, JSON.parse(JSON.stringify(compareReplicas(REPLICAS, objects))));
    assert.deepEqual(
      report.replicas.map((r) => [r.name, r.distanceText, r.totalText]),
      [
        ['web-c', '70.00%', '100'],
        ['web-b', '40.00%', '200'],
        ['web-a', '0%', '100'],
      ],
    );
  });

  it("serves the merged profile at / and each replica's own under /replica/NAME/", async () => {
    const mergedTop = (await json('/api/top')) as { totalText: string };
    assert.equal(mergedTop.totalText, computeTop(merged, DEFAULT_QUERY_OPTIONS).totalText);
    assert.equal(mergedTop.totalText, '400MB');
    for (const { name, profile } of REPLICAS) {
      for (const prefix of ['', '/ui']) {
        const top = (await json(`${prefix}/replica/${name}/api/top?si=inuse_objects&h=serve`)) as unknown;
        const expected = computeTop(
          profile,
          withOptions(DEFAULT_QUERY_OPTIONS, { sampleIndex: 'inuse_objects', hide: 'serve' }),
        );
        assert.deepEqual(
          (top as { rows: { name: string; flat: number }[] }).rows.map((r) => [r.name, r.flat]),
          expected.rows.map((r) => [r.name, r.flat]),
        );
        const page = await app.inject({ url: `${prefix}/replica/${name}/top?si=inuse_objects` });
        assert.equal(page.statusCode, 200);
        assert.match(page.body, /<title>Heap profile · web-. · go-profiler<\/title>/);
      }
      const download = await app.inject({ url: `/replica/${name}/download` });
      assert.deepEqual(download.rawPayload, Buffer.from(encodeProfile(profile)));
      assert.equal(download.headers['content-disposition'], `attachment; filename="${name}.pb.gz"`);
    }
  });

  it('tells the page which replicas there are and which one it shows', async () => {
    const names = ['web-a', 'web-b', 'web-c'];
    assert.deepEqual(((await json('/api/profile')) as { replicas: unknown }).replicas, { names });
    assert.deepEqual(((await json('/ui/replica/web-b/api/profile')) as { replicas: unknown }).replicas, {
      names,
      current: 'web-b',
    });
    assert.equal(((await json('/api/profile', single)) as { replicas?: unknown }).replicas, undefined);
  });

  it('has the Replicas page only at the root of a session of replicas', async () => {
    assert.equal((await app.inject({ url: '/replicas' })).statusCode, 200);
    assert.equal((await app.inject({ url: '/ui/replicas?si=inuse_objects' })).statusCode, 200);
    for (const [url, on] of [
      ['/replica/web-a/replicas', app],
      ['/replica/web-d/', app],
      ['/replicas', single],
      ['/api/replicas', single],
    ] as const) {
      const response = await on.inject({ url });
      assert.equal(response.statusCode, 404, url);
      assert.deepEqual(response.json(), { error: `find GET ${url}: no such page in this viewer` });
    }
  });

  it('answers a bad option of /api/replicas with 400 naming it', async () => {
    const response = await app.inject({ url: '/api/replicas?si=nosuchtype' });
    assert.equal(response.statusCode, 400);
    assert.equal(response.json().key, 'si');
  });
});
