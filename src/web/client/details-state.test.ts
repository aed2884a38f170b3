import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ProfileSummary } from '../view-models.js';
import { countdownTexts, detailsTitle, profileFacts } from './details-state.js';

const summary: ProfileSummary = {
  file: 'profilers/go/pprof/20261125064900/default.demo.Heap.prof',
  type: 'Heap',
  source: 'http://10.1.2.3:6060',
  capturedAt: '2026-11-25T06:49:00Z',
  sampleTypes: [
    { type: 'alloc_objects', unit: 'count' },
    { type: 'alloc_space', unit: 'bytes' },
    { type: 'inuse_objects', unit: 'count' },
    { type: 'inuse_space', unit: 'bytes' },
  ],
  defaultSampleIndex: 3,
  comments: ['built by go1.22'],
  details: {
    time: 'Nov 25, 2026 at 6:49am (UTC)',
    period: '512kB (space)',
    sampleCount: 42,
    totals: [{ type: 'inuse_space', unit: 'bytes', value: 1572864, text: '1.50MB' }],
  },
};

describe('the details panel', () => {
  it('lists the profile’s facts and titles the details after the legend', () => {
    assert.deepEqual(profileFacts(summary), [
      ['Profile type', 'Heap'],
      ['Total inuse_space', '1.50MB (bytes)'],
      ['Time', 'Nov 25, 2026 at 6:49am (UTC)'],
      ['Period', '512kB (space)'],
      ['Samples', '42'],
      ['Comment', 'built by go1.22'],
    ]);
    assert.equal(detailsTitle(['File: gotarget', 'Type: inuse_space', 'Showing nodes']), 'gotarget inuse_space ▾');
    assert.equal(detailsTitle(['Type: cpu']), 'cpu ▾');
    assert.equal(detailsTitle([]), 'Details');
  });

  it('counts the session down, warning in its last five minutes', () => {
    const at = '2026-11-25T07:49:00.000Z';
    assert.deepEqual(countdownTexts(600_000, at), {
      session: `expires in 10m 00s (at ${at})`,
      badge: 'Closes in 10m 00s',
      badgeShown: false,
      expired: false,
    });
    assert.deepEqual(countdownTexts(300_000, at), {
      session: `expires in 5m 00s (at ${at})`,
      badge: 'Closes in 5m 00s',
      badgeShown: true,
      expired: false,
    });
    assert.deepEqual(countdownTexts(0, at), {
      session: `expired at ${at}`,
      badge: 'Session expired',
      badgeShown: true,
      expired: true,
    });
  });
});
