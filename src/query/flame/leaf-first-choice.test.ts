import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { profileFromCollapsed, type Profile } from '../../pprof/index.js';
import { loadFixture } from '../../../test/support/fixtures.js';
import { buildFlameGraph } from './build-flame-graph.js';
import type { FlameGraphLimits } from './flame-graph.js';
import { aggregatedShares, chooseLeafFirst } from './leaf-first-choice.js';
import { DEFAULT_QUERY_OPTIONS } from '../options/option-fields.js';

/** 200 call paths of 0.5% each: under a 1% limit every one is pruned into its parent's aggregate. */
const SMALL_LIMITS: FlameGraphLimits = { minFraction: 0.01 };
/** The viewer's limits (src/web/viewer-queries.ts's FLAME_GRAPH_LIMITS). */
const VIEWER_LIMITS: FlameGraphLimits = { minFraction: 0.0001, maxNodes: 60_000 };

function paths(count: number, stack: (i: number) => string): Profile {
  return profileFromCollapsed(Array.from({ length: count }, (_, i) => `${stack(i)} 1`).join('\n'));
}

function choose(profile: Profile, limits: FlameGraphLimits) {
  let leafFirstBuilt = false;
  const rootFirst = buildFlameGraph(profile, DEFAULT_QUERY_OPTIONS, limits);
  const choice = chooseLeafFirst(rootFirst, () => {
    leafFirstBuilt = true;
    return buildFlameGraph(profile, DEFAULT_QUERY_OPTIONS, limits, { leafFirst: true });
  });
  return { ...choice, leafFirstBuilt };
}

describe('chooseLeafFirst', () => {
  it('opens leaf first when tiny subtrees fill the root while four leaves take it all', () => {
    const choice = choose(
      paths(200, (i) => `main;handler${i};leaf${i % 4}`),
      SMALL_LIMITS,
    );
    assert.deepEqual(choice, { leafFirst: true, aggregated: { near: 1, all: 1 }, leafFirstBuilt: true });
  });

  it('stays root first when every stack ends in one leaf (a goroutine profile’s runtime.gopark)', () => {
    const choice = choose(
      paths(200, (i) => `main;handler${i};runtime.gopark`),
      SMALL_LIMITS,
    );
    assert.deepEqual(choice, { leafFirst: false, aggregated: { near: 1, all: 1 }, leafFirstBuilt: true });
  });

  it('stays root first when the leaves are as spread as the roots', () => {
    const choice = choose(
      paths(200, (i) => `main;handler${i};leaf${i}`),
      SMALL_LIMITS,
    );
    assert.equal(choice.leafFirst, false);
  });

  it('stays root first, without building the leaf-first graph, when the tiny subtrees are deep', () => {
    const choice = choose(
      paths(200, (i) => `main;serve;handle;dispatch;handler${i};leaf${i % 4}`),
      SMALL_LIMITS,
    );
    assert.deepEqual(choice, { leafFirst: false, aggregated: { near: 0, all: 1 }, leafFirstBuilt: false });
  });

  it('counts near the root the aggregates within three levels, in a graph that has some', () => {
    const graph = buildFlameGraph(
      profileFromCollapsed(
        [
          ...Array.from({ length: 100 }, (_, i) => `main;handler${i};leaf 1`),
          ...Array.from({ length: 100 }, (_, i) => `main;serve;handle;dispatch;handler${i};leaf 1`),
          'main;visible 200',
        ].join('\n'),
      ),
      DEFAULT_QUERY_OPTIONS,
      { minFraction: 0.005 },
    );
    assert.deepEqual(aggregatedShares(graph), { near: 0.25, all: 0.5 });
  });

  it('on the shared fixtures: heap-large opens leaf first, cpu-large and goroutine-large root first', () => {
    const picks = ['heap-large.pb.gz', 'cpu-large.pb.gz', 'goroutine-large.pb.gz'].map(
      (name) => [name, choose(loadFixture(name), VIEWER_LIMITS).leafFirst] as const,
    );
    assert.deepEqual(picks, [
      ['heap-large.pb.gz', true],
      ['cpu-large.pb.gz', false],
      ['goroutine-large.pb.gz', false],
    ]);
  });
});
