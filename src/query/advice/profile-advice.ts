// Preflight advice on one captured profile: what the person should change in the target (or in
// the request) when the profile cannot answer their question, one plain sentence per finding.

import type { Profile, ValueType } from '../../pprof/portable.js';
import { computeSampleTotals } from '../legend/sample-totals.js';

/** What the advice is drawn from: a decoded profile's facts and what was asked for. */
export interface AdviceFacts {
  /** The capture's canonical type (`Profile`, `Heap`, `Allocs`, `Goroutine`, `Block`, `Mutex`, ...). */
  readonly type: string;
  readonly sampleTypes: readonly ValueType[];
  /** Each sample type's total, in the order of `sampleTypes`. */
  readonly totals: readonly number[];
  readonly sampleCount: number;
  /** The profile's period: for heap and allocs profiles, runtime.MemProfileRate when it was written. */
  readonly period: number;
  /** How long the profile covers (Go sets it for CPU profiles); 0 when unset. */
  readonly durationNanos: number;
  /** The CPU profile's seconds asked for (`Profile` only). */
  readonly requestedSeconds?: number;
}

/** Above this many goroutines a leak is likely (issue 10's threshold). */
export const GOROUTINE_LEAK_THRESHOLD = 10_000;

/** Where the viewer's goroutine analyser lives, relative to a session's root. */
export const GOROUTINE_ANALYSER_PATH = '/goroutines';

/**
 * How much shorter than asked a CPU profile may be before it counts as cut: Go's own duration is
 * the requested seconds plus the time to stop and write, never less unless something stopped it.
 */
const CUT_TOLERANCE_NANOS = 500_000_000;

/** The advice on one profile, in a fixed order (the emptiness first, then sizes and lengths); none when all is well. */
export function adviseOnProfile(facts: AdviceFacts): string[] {
  const advice: string[] = [];
  const empty = facts.sampleCount === 0 || facts.totals.every((total) => total === 0);
  switch (facts.type) {
    case 'Block':
      if (empty) advice.push(BLOCK_PROFILE_OFF);
      break;
    case 'Mutex':
      if (empty) advice.push(MUTEX_PROFILE_OFF);
      break;
    case 'Heap':
    case 'Allocs':
      if (facts.period === 0) advice.push(memProfileRateOff(facts.type));
      break;
    case 'Goroutine': {
      const goroutines = totalOf(facts, 'goroutine');
      if (goroutines !== undefined && goroutines > GOROUTINE_LEAK_THRESHOLD) advice.push(goroutinePileUp(goroutines));
      break;
    }
    case 'Profile': {
      const cut = cpuProfileCut(facts);
      if (cut !== undefined) advice.push(cut);
      break;
    }
  }
  return advice;
}

/** adviseOnProfile's facts of a decoded profile (the CLI holds the whole profile; the processor a summary). */
export function adviceFactsOf(profile: Profile, type: string, requestedSeconds?: number): AdviceFacts {
  return {
    type,
    sampleTypes: profile.sampleTypes,
    totals: computeSampleTotals(profile),
    sampleCount: profile.samples.count,
    period: profile.period,
    durationNanos: profile.durationNanos,
    ...(requestedSeconds === undefined ? {} : { requestedSeconds }),
  };
}

export const BLOCK_PROFILE_OFF =
  'The block profile is empty: block profiling is off in the target (or nothing blocked), so call runtime.SetBlockProfileRate(1) at its start (1 records every blocking event; a larger rate, in nanoseconds, samples fewer) and capture again.';

export const MUTEX_PROFILE_OFF =
  'The mutex profile is empty: mutex profiling is off in the target (or no lock was contended), so call runtime.SetMutexProfileFraction(5) at its start (it then records one contention event in 5; 1 records all) and capture again.';

function memProfileRateOff(type: 'Heap' | 'Allocs'): string {
  return `The ${type === 'Heap' ? 'heap' : 'allocs'} profile is not recording allocations because the target sets runtime.MemProfileRate to 0, so leave it at Go's default (512 KiB) or set it above 0 at the start of main, and capture again.`;
}

function goroutinePileUp(goroutines: number): string {
  return `The target runs ${goroutines} goroutines, more than ${GOROUTINE_LEAK_THRESHOLD}: a goroutine leak is likely, so open the goroutine analyser (${GOROUTINE_ANALYSER_PATH}) to see which stack they pile up on.`;
}

/** A CPU profile that covers less than asked: which `seconds` would fit under what stopped it. */
function cpuProfileCut(facts: AdviceFacts): string | undefined {
  const { requestedSeconds, durationNanos } = facts;
  if (requestedSeconds === undefined || durationNanos <= 0) return undefined;
  if (durationNanos + CUT_TOLERANCE_NANOS >= requestedSeconds * 1e9) return undefined;
  const coveredSeconds = durationNanos / 1e9;
  // Half a second below where it was cut, so that the next one ends before the same limit.
  const fitSeconds = Math.max(1, Math.floor(coveredSeconds - 0.5));
  return `The CPU profile covers ${coveredSeconds.toFixed(1)} s of the ${requestedSeconds} s asked for: a limit in the target (a request timeout, or its http.Server's WriteTimeout) stopped it early, so ask for seconds=${fitSeconds} or fewer, or raise that limit.`;
}

function totalOf(facts: AdviceFacts, sampleType: string): number | undefined {
  const column = facts.sampleTypes.findIndex((candidate) => candidate.type === sampleType);
  return column < 0 ? undefined : facts.totals[column];
}
