import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadFixture } from '../../../test/support/fixtures.js';
import { DEFAULT_QUERY_OPTIONS } from '../options/option-fields.js';
import { withOptions } from '../options/query-options.js';
import { mainMapping } from './profile-legend.js';
import { formatProfileTime, UTC_TIME_ZONE, type TimeZone } from './profile-time.js';
import { activeFilterLegend } from './report-legend.js';

/** A zone with one offset and name, as a caller could pass. */
function fixedZone(offsetSeconds: number, abbreviation: string): TimeZone {
  return { at: () => ({ offsetSeconds, abbreviation }) };
}

describe('the legend', () => {
  const time = loadFixture('heap-small.pb.gz').timeNanos;

  it('prints the capture time as Go does, in the zone the caller passes', () => {
    assert.equal(formatProfileTime(time, UTC_TIME_ZONE), 'Nov 25, 2026 at 6:55am (UTC)');
    assert.equal(formatProfileTime(time, fixedZone(-5 * 3600, 'EST')), 'Nov 25, 2026 at 1:55am (EST)');
    assert.equal(formatProfileTime(time, fixedZone(5.5 * 3600, 'IST')), 'Nov 25, 2026 at 12:25pm (IST)');
    assert.equal(formatProfileTime(time, fixedZone(-7 * 3600, '-07')), 'Nov 24, 2026 at 11:55pm (-07)');
    // Go's "2006" pads the year to four digits; noon is 12pm, midnight 12am.
    assert.equal(formatProfileTime(-61_000_000_000_000_000_000n, UTC_TIME_ZONE), 'Dec 26, 0036 at 11:33am (UTC)');
    assert.equal(formatProfileTime(43_200_000_000_000n, UTC_TIME_ZONE), 'Jan 1, 1970 at 12:00pm (UTC)');
    assert.equal(formatProfileTime(0n, UTC_TIME_ZONE), 'Jan 1, 1970 at 12:00am (UTC)');
  });

  it('names the main binary as pprof does', () => {
    assert.equal(mainMapping(loadFixture('heap-small.pb.gz'))?.filename, '/opt/gotarget');
  });

  it('lists the active filters, cut after 80 bytes as pprof cuts them', () => {
    const long = `main\\.${'é'.repeat(40)}`;
    assert.deepEqual(activeFilterLegend(withOptions(DEFAULT_QUERY_OPTIONS, { focus: 'main', tagHide: 'x' })), [
      'Active filters:',
      '   focus=main',
      '   taghide=x',
    ]);
    // "focus=main\." is 12 bytes; 34 two-byte é fill the 80.
    assert.deepEqual(activeFilterLegend(withOptions(DEFAULT_QUERY_OPTIONS, { focus: long })), [
      'Active filters:',
      `   focus=main\\.${'é'.repeat(34)}…`,
    ]);
    assert.deepEqual(activeFilterLegend(DEFAULT_QUERY_OPTIONS), []);
  });
});
