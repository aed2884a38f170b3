// What pprof's filters narrow, one stage after another: which samples remain, the remaining part
// of each stack, each location's remaining lines; and the warnings of filters that matched nothing.

import type { Profile } from '../../pprof/portable.js';
import type { LocationLines } from './location-lines.js';

export interface FilterState {
  readonly profile: Profile;
  /** 1 for a sample every filter so far passed. */
  readonly kept: Uint8Array;
  /** Per sample, the remaining stack: positions [stackLow, stackHigh) of samples.stackLocations (leaf first). */
  readonly stackLow: Uint32Array;
  readonly stackHigh: Uint32Array;
  /** 1 for a location hide/show left without lines: stacks skip it. */
  readonly hidden: Uint8Array;
  /** Each location's lines after the filters so far; a stage replaces it. */
  lines: LocationLines;
  readonly warnings: string[];
}

/** pprof's "<Option> expression matched no samples" warning, unless `matched`. */
export function warnUnmatched(state: FilterState, matched: boolean, option: string): void {
  if (!matched) state.warnings.push(`${option} expression matched no samples`);
}
