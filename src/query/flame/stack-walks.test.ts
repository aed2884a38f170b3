import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { profileFromCollapsed, type Profile } from '../../pprof/index.js';
import { loadFixture } from '../../../test/support/fixtures.js';
import { selectSamples } from '../filter/select-samples.js';
import { buildFrameNodes } from '../graph/frame-nodes.js';
import { reversedSequences, stackSequences } from '../graph/frame-sequences.js';
import { DEFAULT_QUERY_OPTIONS } from '../options/option-fields.js';
import { withOptions, type QueryOptions } from '../options/query-options.js';
import { growFlameTree, treeInput } from './grow-flame-tree.js';
import { LeafFirstStackWalk, RootFirstStackWalk, SequenceWalk, type StackWalk } from './stack-walks.js';

/** Every sequence as the walk reads it, node ids joined, `-` for one without frames. */
function walked(walk: StackWalk): string[] {
  const out: string[] = [];
  for (let q = 0; q < walk.count; q++) {
    if (!walk.begin(q)) {
      out.push(`${walk.sample[q]}:-`);
      continue;
    }
    const nodes = [walk.node(q)];
    while (walk.advance(q)) nodes.push(walk.node(q));
    out.push(`${walk.sample[q]}:${nodes.join(',')}`);
  }
  return out;
}

function bothWalks(profile: Profile, options: QueryOptions) {
  const selection = selectSamples(profile, options);
  const frameNodes = buildFrameNodes(selection, options.granularity, options.noInlines);
  return {
    selection,
    frameNodes,
    written: new SequenceWalk(stackSequences(selection, frameNodes)),
    inPlace: new RootFirstStackWalk(selection, frameNodes),
  };
}

describe('RootFirstStackWalk', () => {
  it('reads each stack root first, skipping the frames the filters hid, as stackSequences does', () => {
    const profile = profileFromCollapsed('main;a;b 30\nmain;c 10\nmain;hidden 5\nx;hidden;y 2');
    const { inPlace, written, frameNodes } = bothWalks(
      profile,
      withOptions(DEFAULT_QUERY_OPTIONS, { hide: '^(main|hidden)$' }),
    );
    const name = (id: number) => frameNodes.nodes.name[id];
    const read = walked(inPlace).map((line) =>
      line.replace(
        /:(.*)$/,
        (_, ids: string) => `:${ids === '-' ? '-' : ids.split(',').map(Number).map(name).join(';')}`,
      ),
    );
    // Sample 2 has no frame left: selectSamples leaves it out, as pprof does.
    assert.deepEqual(read, ['0:a;b', '1:c', '3:x;y']);
    assert.deepEqual(walked(inPlace), walked(written));
  });

  for (const [fixture, changes] of [
    ['heap-medium.pb.gz', {}],
    ['cpu-medium.pb.gz', { granularity: 'lines' }],
    ['goroutine-medium.pb.gz', { hide: 'runtime\\.' }],
  ] as const) {
    it(`walks ${fixture} (${JSON.stringify(changes)}) as the written-out sequences do, and grows the same tree`, () => {
      const options = withOptions(DEFAULT_QUERY_OPTIONS, changes as Partial<QueryOptions>);
      const { selection, frameNodes, written, inPlace } = bothWalks(loadFixture(fixture), options);
      assert.deepEqual(walked(inPlace), walked(written));
      const limits = { minFraction: 0.0001, maxNodes: 60_000 };
      const fromWritten = growFlameTree(treeInput(selection, frameNodes, written), limits);
      const fromInPlace = growFlameTree(treeInput(selection, frameNodes, inPlace), limits);
      assert.deepEqual(fromInPlace, fromWritten);
    });
  }
});

describe('LeafFirstStackWalk', () => {
  it('reads each stack leaf first, skipping the frames the filters hid, as reversedSequences does', () => {
    const profile = profileFromCollapsed('main;a;b 30\nmain;c 10\nmain;hidden 5\nx;hidden;y 2');
    const options = withOptions(DEFAULT_QUERY_OPTIONS, { hide: '^(main|hidden)$' });
    const selection = selectSamples(profile, options);
    const frameNodes = buildFrameNodes(selection, options.granularity, options.noInlines);
    const inPlace = new LeafFirstStackWalk(selection, frameNodes);
    const name = (id: number) => frameNodes.nodes.name[id];
    const read = walked(inPlace).map((line) =>
      line.replace(/:(.*)$/, (_, ids: string) => `:${ids.split(',').map(Number).map(name).join(';')}`),
    );
    assert.deepEqual(read, ['0:b;a', '1:c', '3:y;x']);
  });

  for (const [fixture, changes] of [
    ['heap-medium.pb.gz', {}],
    ['cpu-medium.pb.gz', { granularity: 'lines' }],
    ['goroutine-medium.pb.gz', { hide: 'runtime\\.' }],
  ] as const) {
    it(`walks ${fixture} (${JSON.stringify(changes)}) as the reversed sequences do, and grows the same tree`, () => {
      const options = withOptions(DEFAULT_QUERY_OPTIONS, changes as Partial<QueryOptions>);
      const selection = selectSamples(loadFixture(fixture), options);
      const frameNodes = buildFrameNodes(selection, options.granularity, options.noInlines);
      const written = new SequenceWalk(reversedSequences(stackSequences(selection, frameNodes)));
      const inPlace = new LeafFirstStackWalk(selection, frameNodes);
      assert.deepEqual(walked(inPlace), walked(written));
      const limits = { minFraction: 0.0001, maxNodes: 60_000 };
      const fromWritten = growFlameTree(treeInput(selection, frameNodes, written), limits);
      const fromInPlace = growFlameTree(treeInput(selection, frameNodes, inPlace), limits);
      assert.deepEqual(fromInPlace, fromWritten);
    });
  }
});
