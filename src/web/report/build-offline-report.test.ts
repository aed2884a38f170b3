import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { describe, it } from 'node:test';
import { profileFromCollapsed } from '../../pprof/index.js';
import { SPREAD_LEAVES, spreadHeapProfile } from '../../../test/support/spread-profiles.js';
import { decodeFlameGraph } from '../flame-graph-wire.js';
import { buildOfflineReport } from './build-offline-report.js';

const input = { name: 'p.pb.gz', type: 'Heap', source: 'test', capturedAt: new Date(0) };

function decoded(base64: string) {
  const bytes = gunzipSync(Buffer.from(base64, 'base64'));
  return decodeFlameGraph(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

describe('buildOfflineReport', () => {
  it('carries the leaf-first graph and its reason for the sample types that open leaf first', () => {
    const [profile] = buildOfflineReport([{ ...input, profile: spreadHeapProfile() }], new Date(0)).profiles;
    const inuseSpace = profile!.views[profile!.defaultSampleIndex]!;
    assert.equal(inuseSpace.sampleType.type, 'inuse_space');
    assert.equal(inuseSpace.leafFirst?.reason, '96% of in-use space is in call stacks under 0.01% each');
    const leafFirst = decoded(inuseSpace.leafFirst.flameGraph);
    assert.equal(leafFirst.info.leafFirst, true);
    assert.equal(leafFirst.info.defaultLeafFirst, inuseSpace.leafFirst.reason);
    const topLevel = [...leafFirst.depth.keys()]
      .filter((node) => leafFirst.depth[node] === 1)
      .sort((a, b) => leafFirst.cum[b]! - leafFirst.cum[a]!)
      .map((node) => leafFirst.names[leafFirst.nameIndex[node]!]);
    assert.deepEqual(
      topLevel.slice(0, 4),
      SPREAD_LEAVES.map((leaf) => leaf.name),
    );
    // The root-first graph stays for the link back, and says what the default is.
    const rootFirst = decoded(inuseSpace.flameGraph);
    assert.equal(rootFirst.info.leafFirst, undefined);
    assert.equal(rootFirst.info.defaultLeafFirst, inuseSpace.leafFirst.reason);
    assert.match(inuseSpace.leafFirst.omitted[0] ?? '', /^Flame graph: \d+ call subtrees/);
  });

  it('carries no leaf-first graph for a profile that opens root first', () => {
    const profile = profileFromCollapsed('main;a;b 30\nmain;c 10');
    const [model] = buildOfflineReport([{ ...input, profile }], new Date(0)).profiles;
    assert.equal(model!.views[0]!.leafFirst, undefined);
    assert.equal(decoded(model!.views[0]!.flameGraph).info.defaultLeafFirst, undefined);
  });
});
