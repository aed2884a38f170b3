import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProfileBuilder, type BuilderLabel, type Profile } from '../../pprof/index.js';
import { compileTagFilter } from './tag-filter.js';
import { numericLabelUnits } from '../labels/numeric-label-units.js';

function labelled(samples: BuilderLabel[][]): Profile {
  const builder = new ProfileBuilder({ sampleTypes: [{ type: 'samples', unit: 'count' }] });
  const location = builder.addLocation([{ function: builder.addFunction('main') }]);
  for (const labels of samples) builder.addSample([location], [1], labels);
  return builder.build();
}

const PROFILE = labelled([
  [
    { key: 'bytes', number: 512, unit: 'bytes' },
    { key: 'tenant', value: 'acme' },
  ],
  [
    { key: 'bytes', number: 32 * 1024, unit: 'bytes' },
    { key: 'tenant', value: 'globex' },
    { key: 'route', value: '/api' },
  ],
  [
    { key: 'bytes', number: 8 * 1024 * 1024 },
    { key: 'request', number: 2048 },
  ],
  [{ key: 'latency', number: 1_500_000, unit: 'nanoseconds' }],
]);

function matches(filter: string): number[] {
  const { units } = numericLabelUnits(PROFILE);
  const match = compileTagFilter(PROFILE, 'tagfocus', filter, units)!;
  return [0, 1, 2, 3].filter((sample) => match(sample));
}

describe('tag filters (pprof syntax)', () => {
  it('infers numeric label units as pprof does', () => {
    const { units } = numericLabelUnits(PROFILE);
    assert.equal(units.get('bytes'), 'bytes');
    assert.equal(units.get('request'), 'bytes', 'request is known to be bytes');
    assert.equal(units.get('latency'), 'nanoseconds');
  });

  it('reads numeric values and ranges with units', () => {
    assert.deepEqual(matches('32kb'), [1]);
    assert.deepEqual(matches(':64kb'), [0, 1, 2], 'request=2048 is 2kB');
    assert.deepEqual(matches('4mb:'), [2]);
    assert.deepEqual(matches('1kb:2mb'), [1, 2]);
    assert.deepEqual(matches('bytes=1kb:2mb'), [1]);
    assert.deepEqual(matches('1ms:2ms'), [3]);
  });

  it('matches string labels by regexp, with or without a key', () => {
    assert.deepEqual(matches('tenant=glob'), [1]);
    assert.deepEqual(matches('tenant=acme,globex'), [0, 1]);
    assert.deepEqual(matches('tenant:acme'), [0], 'without a key, "key:value" is matched');
    assert.deepEqual(matches('tenant,route'), [1], 'without a key, every regexp must match some label');
  });
});
