import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProfileBuilder, decodeProfile, encodeProfile, profileFromCollapsed } from '../../pprof/index.js';
import { filterProfile } from './filter-profile.js';
import { formatFoldedStacks } from '../report/folded-stacks.js';
import { DEFAULT_QUERY_OPTIONS } from '../options/option-fields.js';
import { withOptions, type QueryOptions } from '../options/query-options.js';
import { computeTop } from '../report/top-report.js';

const profile = profileFromCollapsed('main;a;b 30 3\nmain;c;b 10 1\nmain;a;d 4 2\nother;e 6 6', {
  sampleTypes: [
    { type: 'alloc_space', unit: 'bytes' },
    { type: 'alloc_objects', unit: 'count' },
  ],
  timeNanos: 1_700_000_000_000_000_000n,
  durationNanos: 10,
});
const folded = (p: typeof profile, options: QueryOptions = DEFAULT_QUERY_OPTIONS) =>
  [...formatFoldedStacks(p, options)].join('');

describe('filtering a profile', () => {
  it('keeps the samples and frames the filters leave, with every sample type', () => {
    const options = withOptions(DEFAULT_QUERY_OPTIONS, { focus: '^b$', hide: '^a$' });
    const filtered = filterProfile(profile, options);
    assert.equal(folded(filtered), 'main;b 3\nmain;c;b 1\n');
    assert.equal(
      folded(filtered, withOptions(DEFAULT_QUERY_OPTIONS, { sampleIndex: 'alloc_space' })),
      'main;b 30\nmain;c;b 10\n',
    );
    assert.equal(filtered.timeNanos, profile.timeNanos);
    assert.deepEqual(filtered.sampleTypes, profile.sampleTypes);
  });

  it('survives encoding, and its Top is the filtered Top over the filtered total', () => {
    const options = withOptions(DEFAULT_QUERY_OPTIONS, { ignore: '^other$', showFrom: '^a$' });
    const reopened = decodeProfile(encodeProfile(filterProfile(profile, options)));
    const rows = (report: ReturnType<typeof computeTop>) =>
      report.rows.map((r) => [r.name, r.flatText, r.cumText, r.flatPercent]);
    assert.deepEqual(
      rows(computeTop(reopened, DEFAULT_QUERY_OPTIONS)),
      rows(computeTop(profile, withOptions(options, { relativePercentages: true }))),
    );
  });

  it('drops the label keys tagshow/taghide hide', () => {
    const builder = new ProfileBuilder({ sampleTypes: [{ type: 'samples', unit: 'count' }] });
    const main = builder.addLocation([{ function: builder.addFunction('main') }]);
    builder.addSample(
      [main],
      [1],
      [
        { key: 'tenant', value: 'acme' },
        { key: 'bytes', number: 512, unit: 'bytes' },
      ],
    );
    const filtered = filterProfile(builder.build(), withOptions(DEFAULT_QUERY_OPTIONS, { tagHide: 'tenant' }));
    const { labelKey, labelNumber, labelUnit } = filtered.samples;
    assert.deepEqual(
      Array.from(labelKey, (key, i) => [filtered.strings[key], labelNumber[i], filtered.strings[labelUnit[i]!]]),
      [['bytes', 512, 'bytes']],
    );
  });
});
