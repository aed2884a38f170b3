import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatFixed, formatGeneral } from './go-float-format.js';
import {
  compatibleValueTypes,
  formatPercentage,
  formatScaledValue,
  formatValueLabel,
  scaleValue,
} from './measurement.js';

describe('Go float formatting', () => {
  // Expected strings printed by Go 1.19's fmt for the same values.
  const cases: [number, string, string, string][] = [
    [0, '0.00', '0', '0.0'],
    [1.125, '1.12', '1.1', '1.1'],
    [1.625, '1.62', '1.6', '1.6'],
    [0.125, '0.12', '0.12', '0.1'],
    [0.0625, '0.06', '0.062', '0.1'],
    [0.995, '0.99', '0.99', '1.0'],
    [0.996, '1.00', '1', '1.0'],
    [1e-5, '0.00', '1e-05', '0.0'],
    [1.2345e-7, '0.00', '1.2e-07', '0.0'],
    [0.00125, '0.00', '0.0013', '0.0'],
    [99.995, '100.00', '1e+02', '100.0'],
    [12.5, '12.50', '12', '12.5'],
    [2.675, '2.67', '2.7', '2.7'],
    [123456789.125, '123456789.12', '1.2e+08', '123456789.1'],
    [0.015625, '0.02', '0.016', '0.0'],
    [0.05, '0.05', '0.05', '0.1'],
    [-1.125, '-1.12', '-1.1', '-1.1'],
  ];
  for (const [value, fixed2, general2, fixed1] of cases) {
    it(`${value}`, () => {
      assert.equal(formatFixed(value, 2), fixed2);
      assert.equal(formatGeneral(value, 2), general2);
      assert.equal(formatFixed(value, 1), fixed1);
    });
  }
});

describe('pprof measurement', () => {
  it('labels bytes, times and counts as pprof prints them', () => {
    assert.equal(formatScaledValue(1572864, 'bytes', 'minimum'), '1.50MB');
    assert.equal(formatScaledValue(1572864, 'bytes', 'MB'), '1.50MB');
    assert.equal(formatScaledValue(1572864, 'bytes', 'kb'), '1536kB');
    assert.equal(formatScaledValue(10_000_000, 'nanoseconds', 'minimum'), '10ms');
    assert.equal(formatScaledValue(2_500_000_000, 'nanoseconds', 'minimum'), '2.50s');
    assert.equal(formatScaledValue(3_700 * 1e9, 'nanoseconds', 'minimum'), '1.03hrs');
    assert.equal(formatScaledValue(1523, 'count', 'count'), '1523');
    assert.equal(formatScaledValue(0, 'bytes', 'MB'), '0');
    assert.equal(formatScaledValue(-2048, 'bytes', 'kB'), '-2kB');
    assert.equal(formatValueLabel(10_180_000_000, 'nanoseconds'), '10.18s');
    // Units pprof does not know keep the requested name, except count-like ones.
    assert.deepEqual(scaleValue(7, 'count', 'ms'), { value: 7, unit: 'ms' });
    assert.deepEqual(scaleValue(7, 'widgets', 'minimum'), { value: 7, unit: '' });
  });

  it('prints percentages with pprof padding and precision', () => {
    assert.equal(formatPercentage(1, 1), '  100%');
    assert.equal(formatPercentage(0, 5), '    0%');
    assert.equal(formatPercentage(0, 0), '    0%');
    assert.equal(formatPercentage(2959, 10000), '29.59%');
    assert.equal(formatPercentage(58, 10000), ' 0.58%');
    assert.equal(formatPercentage(8, 1000), '  0.8%');
    assert.equal(formatPercentage(-25, 100), '25.00%');
  });

  it('knows which sample types can be merged', () => {
    assert.ok(compatibleValueTypes({ type: 'cpu', unit: 'nanoseconds' }, { type: 'cpu', unit: 'milliseconds' }));
    assert.ok(compatibleValueTypes({ type: 'sample', unit: 'count' }, { type: 'samples', unit: 'count' }));
    assert.ok(!compatibleValueTypes({ type: 'cpu', unit: 'nanoseconds' }, { type: 'space', unit: 'bytes' }));
    assert.ok(!compatibleValueTypes({ type: 'space', unit: 'bytes' }, { type: 'space', unit: 'count' }));
  });
});
