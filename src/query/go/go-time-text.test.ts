import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatGoDuration, formatGoTime } from './go-time-text.js';

describe("Go's time texts", () => {
  it('prints durations as time.Duration.String', () => {
    assert.equal(formatGoDuration(0n), '0s');
    assert.equal(formatGoDuration(999n), '999ns');
    assert.equal(formatGoDuration(1_500n), '1.5µs');
    assert.equal(formatGoDuration(-2_000_000n), '-2ms');
    assert.equal(formatGoDuration(1_500_000_000n), '1.5s');
    assert.equal(formatGoDuration(5_400_000_000_000n), '1h30m0s');
    assert.equal(formatGoDuration(3_723_500_000_000n), '1h2m3.5s');
  });

  it('prints times as time.Time.String in the zone given', () => {
    assert.equal(formatGoTime(0n, { offsetSeconds: 0, abbreviation: 'UTC' }), '1970-01-01 00:00:00 +0000 UTC');
    assert.equal(
      formatGoTime(1_795_589_717_742_843_390n, { offsetSeconds: 0, abbreviation: 'UTC' }),
      '2026-11-25 06:55:17.74284339 +0000 UTC',
    );
    assert.equal(
      formatGoTime(1_795_589_717_000_000_000n, { offsetSeconds: -(3 * 3600 + 1800), abbreviation: 'NST' }),
      '2026-11-25 03:25:17 -0330 NST',
    );
  });
});
