import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProfileBuilder, type BuilderLabel } from '../../pprof/index.js';
import { buildFlameGraph } from '../flame/build-flame-graph.js';
import { addLabelNodes, labelKeysOf, withLabelNodes } from './label-nodes.js';
import { DEFAULT_QUERY_OPTIONS } from '../options/option-fields.js';
import { withOptions } from '../options/query-options.js';
import { computeTop } from '../report/top-report.js';

/** main → work → leaf, three samples with tenant/size labels (one without tenant). */
function labelledProfile() {
  const builder = new ProfileBuilder({ sampleTypes: [{ type: 'samples', unit: 'count' }] });
  const location = (name: string) => builder.addLocation([{ function: builder.addFunction(name) }]);
  const [main, work, leaf] = [location('main.main'), location('main.work'), location('main.leaf')];
  const sample = (value: number, labels: BuilderLabel[]) => builder.addSample([leaf, work, main], [value], labels);
  sample(30, [
    { key: 'tenant', value: 'acme' },
    { key: 'size', number: 2048, unit: 'bytes' },
  ]);
  sample(20, [{ key: 'tenant', value: 'globex' }]);
  sample(5, [{ key: 'size', number: 7 }]);
  return builder.build();
}

const namesOf = (profile: ReturnType<typeof labelledProfile>, sample: number) => {
  const { stackStart, stackLocations } = profile.samples;
  const { lineStart, lineFunction } = profile.locations;
  const names: string[] = [];
  for (let at = stackStart[sample]!; at < stackStart[sample + 1]!; at++) {
    const fn = lineFunction[lineStart[stackLocations[at]!]!]!;
    names.push(`${profile.strings[profile.functions.name[fn]!]}@${profile.strings[profile.functions.filename[fn]!]}`);
  }
  return names;
};

describe('tagroot and tagleaf label frames', () => {
  it('puts the first root key at the root and the last leaf key at the leaf', () => {
    const { profile, rootMatched, leafMatched } = addLabelNodes(
      labelledProfile(),
      ['tenant', 'size'],
      ['size'],
      'minimum',
    );
    assert.ok(rootMatched && leafMatched);
    // Leaf first, as profile.proto stacks are.
    assert.deepEqual(namesOf(profile, 0), [
      '2kB@size',
      'main.leaf@',
      'main.work@',
      'main.main@',
      '2kB@size',
      'acme@tenant',
    ]);
    // No tenant: an empty frame; a numeric label without a unit is printed bare.
    assert.deepEqual(namesOf(profile, 2), ['7@size', 'main.leaf@', 'main.work@', 'main.main@', '7@size', '@tenant']);
    assert.equal(profile.samples.count, 3);
    assert.equal(profile.locations.count, 3 + 6, 'one location per distinct (name, key), "" included');
  });

  it('groups the flame graph by label, with the engine values per label', () => {
    const options = withOptions(DEFAULT_QUERY_OPTIONS, { tagRoot: 'tenant' });
    const graph = buildFlameGraph(labelledProfile(), options);
    const children = [...graph.parent.keys()].filter((n) => graph.parent[n] === 0);
    const byName = Object.fromEntries(children.map((n) => [graph.names[graph.nameIndex[n]!], graph.cum[n]]));
    // pprof prints a frame without name or file as <unknown>.
    assert.deepEqual(byName, { '<unknown>': 5, acme: 30, globex: 20 });
  });

  it('lets the filters see label frames, and warns when no sample has the key', () => {
    const focused = computeTop(
      labelledProfile(),
      withOptions(DEFAULT_QUERY_OPTIONS, { tagRoot: 'tenant', focus: '^globex$' }),
    );
    assert.equal(focused.total, 55);
    assert.deepEqual(
      focused.rows.map((row) => [row.name, row.cum]),
      [
        ['main.leaf', 20],
        ['globex', 20],
        ['main.main', 20],
        ['main.work', 20],
      ],
    );
    const missing = computeTop(labelledProfile(), withOptions(DEFAULT_QUERY_OPTIONS, { tagLeaf: 'nope' }));
    assert.deepEqual(missing.warnings, ['TagLeaf expression matched no samples']);
  });

  it('reuses the derived profile for the same keys and leaves the input alone', () => {
    const input = labelledProfile();
    const options = withOptions(DEFAULT_QUERY_OPTIONS, { tagRoot: 'tenant' });
    assert.equal(withLabelNodes(input, options).profile, withLabelNodes(input, options).profile);
    assert.equal(withLabelNodes(input, DEFAULT_QUERY_OPTIONS).profile, input);
    assert.equal(input.locations.count, 3);
    assert.deepEqual(labelKeysOf('a,,b,'), ['a', 'b']);
  });
});
