import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadFixture } from '../../test/support/fixtures.js';
import { formatProfileTime } from '../query/index.js';
import { systemTimeZone } from './system-time-zone.js';

describe('the time zone of the CLI reports', () => {
  // What go tool pprof printed for heap-small.pb.gz with TZ set to each zone (Go reads tzdata).
  const times: [string, string][] = [
    ['UTC', 'Nov 25, 2026 at 6:55am (UTC)'],
    ['America/New_York', 'Nov 25, 2026 at 1:55am (EST)'],
    ['Europe/Berlin', 'Nov 25, 2026 at 7:55am (CET)'],
    ['Asia/Tokyo', 'Nov 25, 2026 at 3:55pm (JST)'],
    ['Asia/Kolkata', 'Nov 25, 2026 at 12:25pm (IST)'],
    ['America/Sao_Paulo', 'Nov 25, 2026 at 3:55am (-03)'],
    ['Australia/Adelaide', 'Nov 25, 2026 at 5:25pm (ACDT)'],
  ];
  for (const [zone, expected] of times) {
    it(`prints the capture time as Go does in ${zone}`, () => {
      assert.equal(formatProfileTime(loadFixture('heap-small.pb.gz').timeNanos, systemTimeZone(zone)), expected);
    });
  }
});
