import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { profileFromCollapsed } from '../../pprof/portable.js';
import { adviceFactsOf, adviseOnProfile, BLOCK_PROFILE_OFF, type AdviceFacts } from './profile-advice.js';

const CONTENTION = [
  { type: 'contentions', unit: 'count' },
  { type: 'delay', unit: 'nanoseconds' },
];

function facts(overrides: Partial<AdviceFacts>): AdviceFacts {
  return { type: 'Heap', sampleTypes: [], totals: [], sampleCount: 0, period: 524288, durationNanos: 0, ...overrides };
}

describe('adviseOnProfile', () => {
  it('finds block profiling off in an empty or all-zero profile, not in one with contention', () => {
    const base = { type: 'Block', sampleTypes: CONTENTION };
    assert.deepEqual(adviseOnProfile(facts({ ...base, totals: [0, 0], sampleCount: 0 })), [BLOCK_PROFILE_OFF]);
    assert.deepEqual(adviseOnProfile(facts({ ...base, totals: [0, 0], sampleCount: 3 })), [BLOCK_PROFILE_OFF]);
    assert.deepEqual(adviseOnProfile(facts({ ...base, totals: [2, 1500], sampleCount: 1 })), []);
  });

  it('counts goroutines above the threshold only', () => {
    const goroutines = (count: number) =>
      adviseOnProfile(
        facts({
          type: 'Goroutine',
          sampleTypes: [{ type: 'goroutine', unit: 'count' }],
          totals: [count],
          sampleCount: 1,
        }),
      );
    assert.deepEqual(goroutines(10_000), []);
    assert.deepEqual(goroutines(10_001), [
      'The target runs 10001 goroutines, more than 10000: a goroutine leak is likely, so open the goroutine analyser (/goroutines) to see which stack they pile up on.',
    ]);
  });

  it('calls a CPU profile cut only when it is half a second shorter than asked', () => {
    const cpu = (durationNanos: number, requestedSeconds?: number) =>
      adviseOnProfile(
        facts({ type: 'Profile', durationNanos, ...(requestedSeconds === undefined ? {} : { requestedSeconds }) }),
      );
    assert.deepEqual(cpu(29_600_000_000, 30), []);
    assert.deepEqual(cpu(10_000_000_000), []);
    assert.deepEqual(cpu(0, 30), []);
    assert.deepEqual(cpu(9_020_000_000, 30), [
      "The CPU profile covers 9.0 s of the 30 s asked for: a limit in the target (a request timeout, or its http.Server's WriteTimeout) stopped it early, so ask for seconds=8 or fewer, or raise that limit.",
    ]);
    assert.match(cpu(700_000_000, 5)[0]!, /ask for seconds=1 or fewer/);
  });

  it('reads the facts of a decoded profile: totals, sample count, period, duration', () => {
    const profile = profileFromCollapsed('main;a 3\nmain;b 4');
    const read = adviceFactsOf(profile, 'Heap', undefined);
    assert.deepEqual(
      { totals: read.totals, sampleCount: read.sampleCount, period: read.period, type: read.type },
      { totals: [7], sampleCount: 2, period: profile.period, type: 'Heap' },
    );
    assert.equal('requestedSeconds' in read, false);
    assert.equal(adviceFactsOf(profile, 'Profile', 30).requestedSeconds, 30);
  });
});
