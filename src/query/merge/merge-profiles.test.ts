import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProfileBuilder, profileFromCollapsed, type BuilderLabel } from '../../pprof/index.js';
import { mergeProfiles, subtractBaseProfile } from './merge-profiles.js';
import { QueryError } from '../errors/query-error.js';
import { selectSamples } from '../filter/select-samples.js';
import { DEFAULT_QUERY_OPTIONS } from '../options/option-fields.js';

const cpu = (text: string, unit: string) =>
  profileFromCollapsed(text, {
    sampleTypes: [{ type: 'cpu', unit }],
    periodType: { type: 'cpu', unit },
    period: 10,
    timeNanos: 5n,
    durationNanos: 100,
  });

/** The profile's samples as "stack value". */
function samples(profile: ReturnType<typeof cpu>): string[] {
  const s = profile.samples;
  return Array.from({ length: s.count }, (_, i) => {
    const names = Array.from(s.stackLocations.subarray(s.stackStart[i], s.stackStart[i + 1]), (location) => {
      const fn = profile.locations.lineFunction[profile.locations.lineStart[location]!]!;
      return profile.strings[profile.functions.name[fn]!];
    });
    return `${names.reverse().join(';')} ${s.values[i]}`;
  });
}

describe('merging profiles', () => {
  it('folds identical functions, locations and samples, summing values and durations', () => {
    const merged = mergeProfiles([cpu('main;a 3\nmain;b 1', 'nanoseconds'), cpu('main;a 2\nmain;c 4', 'nanoseconds')]);
    assert.deepEqual(samples(merged), ['main;a 5', 'main;b 1', 'main;c 4']);
    assert.equal(merged.functions.count, 4);
    assert.equal(merged.durationNanos, 200);
  });

  it('brings units to the finest one first', () => {
    const merged = mergeProfiles([cpu('main;a 3', 'milliseconds'), cpu('main;a 2', 'nanoseconds')]);
    assert.deepEqual(samples(merged), ['main;a 3000002']);
    assert.deepEqual(merged.sampleTypes, [{ type: 'cpu', unit: 'nanoseconds' }]);
  });

  it('subtracts a base, marking its samples so totals are the base total, and drops what cancels', () => {
    const diff = subtractBaseProfile(
      cpu('main;a 10\nmain;b 5', 'nanoseconds'),
      cpu('main;a 10\nmain;c 2', 'nanoseconds'),
      {
        diff: true,
      },
    );
    assert.deepEqual(samples(diff), ['main;a 10', 'main;b 5', 'main;a -10', 'main;c -2']);
    assert.equal(selectSamples(diff, DEFAULT_QUERY_OPTIONS).total, 12, 'pprof: percentages of the base');
    const plain = subtractBaseProfile(cpu('main;a 10', 'nanoseconds'), cpu('main;a 10', 'nanoseconds'));
    assert.deepEqual(samples(plain), [], 'without diff marks, equal samples cancel out');
  });

  it('normalizes the profile to the base total first', () => {
    const diff = subtractBaseProfile(cpu('main;a 10\nmain;b 30', 'nanoseconds'), cpu('main;a 4', 'nanoseconds'), {
      normalize: true,
    });
    assert.deepEqual(samples(diff), ['main;a -3', 'main;b 3']);
  });

  it('refuses profiles of different kinds', () => {
    const heap = profileFromCollapsed('main 1', {
      sampleTypes: [{ type: 'space', unit: 'bytes' }],
      periodType: { type: 'space', unit: 'bytes' },
    });
    assert.throws(
      () => mergeProfiles([cpu('main 1', 'nanoseconds'), heap]),
      (error: Error) => error instanceof QueryError && /^merge profiles: .*incompatible/.test(error.message),
    );
  });

  it('folds samples whose labels are equal in another order, and keeps apart those with other labels', () => {
    const labelled = (samplesWithLabels: readonly (readonly BuilderLabel[])[]) => {
      const builder = new ProfileBuilder({ sampleTypes: [{ type: 'objects', unit: 'count' }] });
      const location = builder.addLocation([{ function: builder.addFunction('main.alloc') }]);
      for (const labels of samplesWithLabels) builder.addSample([location], [1], labels);
      return builder.build();
    };
    const a = { key: 'a', value: 'x' };
    const b = { key: 'b', number: 4, unit: 'bytes' };
    const merged = mergeProfiles([labelled([[a, b]]), labelled([[b, a], [a], [{ ...b, number: 5 }, a]])]);
    assert.deepEqual(Array.from(merged.samples.values), [2, 1, 1]);
  });
});
