import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HEAP_SUMMARY } from './heap-summary.test-data.js';
import {
  adviceMarkTexts,
  adviceParts,
  capturedTexts,
  countdownTexts,
  detailsTitle,
  profileFacts,
} from './details-state.js';

const summary = HEAP_SUMMARY;

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

  it("says a delta capture's window and how it was taken, in the facts and the title", () => {
    const delta = { ...summary, window: { seconds: 30, method: 'go' as const } };
    assert.deepEqual(profileFacts(delta)[3], ['Window', "during 30 s (Go's delta profile)"]);
    assert.deepEqual(profileFacts({ ...delta, window: { seconds: 5, method: 'subtracted' } })[3], [
      'Window',
      'during 5 s (two snapshots subtracted: the target refused the delta)',
    ]);
    assert.equal(
      detailsTitle(['File: gotarget', 'Type: alloc_space'], delta.window),
      'gotarget alloc_space during 30 s ▾',
    );
  });

  it("shows the profile's time as Captured, with the time go-profiler received it beside it", () => {
    assert.deepEqual(capturedTexts({ ...summary, capturedAt: '2026-11-26T09:15:30.000Z' }), {
      profileTime: "Nov 25, 2026 at 6:49am (UTC), the profile's time",
      received: 'received by go-profiler 2026-11-26 09:15:30 UTC',
    });
    const { time: _dropped, ...timeless } = summary.details;
    assert.deepEqual(capturedTexts({ ...summary, details: timeless }), {
      received: `received by go-profiler 2026-11-25 06:49:00 UTC`,
    });
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

  it('marks the header with the number of pieces of advice and cuts a sentence at the analyser', () => {
    assert.deepEqual(adviceMarkTexts(['a.']), {
      text: '⚠ Advice (1)',
      title: 'One piece of advice on this capture: open Details',
    });
    assert.deepEqual(adviceMarkTexts(['a.', 'b.']), {
      text: '⚠ Advice (2)',
      title: '2 pieces of advice on this capture: open Details',
    });
    assert.deepEqual(adviceParts('open the analyser (/goroutines) to see.', '/goroutines'), [
      'open the analyser (',
      { link: '/goroutines' },
      ') to see.',
    ]);
    assert.deepEqual(adviceParts('call runtime.SetBlockProfileRate(1).', '/goroutines'), [
      'call runtime.SetBlockProfileRate(1).',
    ]);
  });
});
