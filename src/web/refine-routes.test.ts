import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import { fixturePath, loadFixture } from '../../test/support/fixtures.js';
import {
  buildFlameGraph,
  buildPivotFlameGraphs,
  buildZoomedFlameGraph,
  computeTags,
  DEFAULT_QUERY_OPTIONS,
  withOptions,
} from '../query/index.js';
import { decodeFlameGraph, type WireFlameGraph } from './flame-graph-wire.js';
import { GO_RUNTIME_HIDE } from './go-presets.js';
import { FLAME_GRAPH_LIMITS } from './viewer-queries.js';
import { buildViewerApp, type DecodedCapture } from './viewer-server.js';

const capture: DecodedCapture = {
  profile: loadFixture('cpu-medium.pb.gz'),
  rawBytes: new Uint8Array(readFileSync(fixturePath('cpu-medium.pb.gz'))),
  file: 'profilers/go/pprof/20261125064900/default.demo.Profile.prof',
  type: 'Profile',
  source: 'http://127.0.0.1:6060',
  capturedAt: new Date('2026-11-25T06:49:00Z'),
};
const app = buildViewerApp(capture);
after(() => app.close());

async function flameGraphAt(url: string): Promise<WireFlameGraph> {
  const response = await app.inject({ url });
  assert.equal(response.statusCode, 200, url);
  const body = response.rawPayload;
  return decodeFlameGraph(body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer);
}

const namesOf = (graph: { names: readonly string[]; nameIndex: Uint32Array }) =>
  Array.from(graph.nameIndex, (i) => graph.names[i]);

describe('refine routes', () => {
  it("sends each side of the engine's pivot", async () => {
    const options = withOptions(DEFAULT_QUERY_OPTIONS, { pivot: '^main\\.spinFor$', sampleIndex: 'samples' });
    const pivot = buildPivotFlameGraphs(capture.profile, options, FLAME_GRAPH_LIMITS);
    for (const part of ['callers', 'callees'] as const) {
      const sent = await flameGraphAt(`/ui/api/pivot?p=%5Emain%5C.spinFor%24&si=samples&part=${part}`);
      assert.deepEqual([...sent.cum], [...pivot[part].cum], part);
      assert.deepEqual(namesOf(sent), namesOf(pivot[part]), part);
      assert.match(sent.info.legend.at(-1) ?? '', /^Showing nodes accounting for /);
    }
  });

  it('sends the zoomed flame graph and searches its names', async () => {
    // The path of the heaviest frame three calls deep.
    const whole = buildFlameGraph(capture.profile, DEFAULT_QUERY_OPTIONS, FLAME_GRAPH_LIMITS);
    let node = 0;
    for (let i = 1; i < whole.nodeCount; i++)
      if (whole.depth[i] === 3 && (node === 0 || whole.cum[i]! > whole.cum[node]!)) node = i;
    const path: string[] = [];
    for (let n = node; n > 0; n = whole.parent[n]!) path.unshift(whole.names[whole.nameIndex[n]!]!);
    const expected = buildZoomedFlameGraph(capture.profile, DEFAULT_QUERY_OPTIONS, path, FLAME_GRAPH_LIMITS);
    assert.equal(expected.zoomNode, 3);
    const zoom = encodeURIComponent(path.join(';'));
    const sent = await flameGraphAt(`/api/flamegraph?zoom=${zoom}`);
    assert.equal(sent.info.zoomNode, expected.zoomNode);
    assert.deepEqual([...sent.cum], [...expected.graph.cum]);
    assert.deepEqual(namesOf(sent), namesOf(expected.graph));
    const search = (await app.inject({ url: `/api/search?q=hash&zoom=${zoom}` })).json();
    assert.deepEqual(
      search.matchedNames.map((i: number) => sent.names[i]),
      sent.names.filter((name) => name.includes('hash')),
    );
    assert.equal(search.matchedNames.length, 15, 'hash functions are under the zoomed frame');
  });

  it("lists the labels with the engine's weights, tag focus and ignore left out", async () => {
    const labels = (await app.inject({ url: '/api/labels?tf=tenant%3Dacme&si=samples' })).json();
    const tags = computeTags(capture.profile, withOptions(DEFAULT_QUERY_OPTIONS, { sampleIndex: 'samples' }));
    assert.deepEqual(
      labels.keys.map((key: { key: string }) => key.key),
      tags.keys.map((key) => key.key),
    );
    const tenant = labels.keys.find((key: { key: string }) => key.key === 'tenant');
    assert.equal(tenant.values.length, 5, 'every tenant, not only the focused one');
    assert.deepEqual(tenant.values[0], {
      name: 'globex',
      value: tags.keys.find((key) => key.key === 'tenant')!.values[0]!.value,
      valueText: '342',
      percent: '45.54%',
    });
  });

  it('serves the Sandwich page at / and under /ui/', async () => {
    for (const url of ['/sandwich', '/ui/sandwich?p=%5Emain%5C.spinFor%24']) {
      const response = await app.inject({ url });
      assert.equal(response.statusCode, 200, url);
      assert.match(response.body, /<script type="module" src="\.\/assets\/app\.js"><\/script>/, url);
    }
  });

  it('offers the Go presets of the profile', async () => {
    const presets = (await app.inject({ url: '/api/presets' })).json();
    assert.deepEqual(presets, {
      hideRuntime: GO_RUNTIME_HIDE,
      mainModule: '^main\\.|^gotarget[./]',
      modulePath: 'gotarget',
    });
  });

  it('names what is wrong with a pivot request and keeps serving', async () => {
    const cases: [string, string, RegExp][] = [
      ['/api/pivot?part=callers', 'p', /pivot flame graph: no frame to pivot on/],
      ['/api/pivot?p=main&part=sideways', 'part', /part "sideways" is not callers or callees/],
      ['/api/pivot?p=(&part=callers', 'p', /option p: .*missing closing \)/],
      ['/api/labels?tagroot=x&g=bogus', 'g', /option g/],
    ];
    for (const [url, key, message] of cases) {
      const response = await app.inject({ url });
      assert.equal(response.statusCode, 400, url);
      assert.equal(response.json().key, key, url);
      assert.match(response.json().error, message, url);
    }
    assert.equal((await app.inject({ url: '/api/pivot?p=main&part=callees' })).statusCode, 200);
  });
});
