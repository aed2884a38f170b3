// The share of the profile under frames matching a search: the flame graph search's "matched"
// figure, computed as pprof's focus computes it (samples with a matching frame, counted once).

import type { Profile } from '../../pprof/portable.js';
import { formatPercentage, formatScaledValue } from '../../units/index.js';
import { withOptions, type QueryOptions } from '../options/query-options.js';
import { selectSamples } from '../filter/select-samples.js';

export interface MatchShare {
  /** Sum of the values of the samples with a frame matching the search (and the other filters). */
  readonly value: number;
  /** The report total, as percentages use it. */
  readonly total: number;
  readonly valueText: string;
  /** pprof's percentage text, trimmed ("12.34%"). */
  readonly percentText: string;
}

/** `pattern` is a Go regexp matched like -focus (function names, file names, binary). */
export function computeMatchShare(profile: Profile, options: QueryOptions, pattern: string): MatchShare {
  const focus = options.focus === '' ? pattern : options.focus;
  const selection = selectSamples(profile, withOptions(options, { focus }));
  // With a focus already set, the search narrows it: both must match (pprof's focus takes one
  // regexp, so apply the search as a second pass over the focused samples).
  const narrowed = options.focus === '' ? selection : selectSamples(profile, withOptions(options, { focus: pattern }));
  let value = 0;
  for (let s = 0; s < selection.kept.length; s++) {
    if (selection.kept[s] === 1 && narrowed.kept[s] === 1) value += selection.weight[s]!;
  }
  const unit = selection.value.sampleType.unit;
  return {
    value,
    total: selection.total,
    valueText: formatScaledValue(value, unit, options.unit),
    percentText: formatPercentage(value, selection.total).trim(),
  };
}
