// The sum of every sample's value per sample type: the profile's totals before any filter, as the
// details panel lists them (a diff's totals are net: the base's samples count negatively).

import type { Profile } from '../../pprof/portable.js';

/** One total per sample type, in the profile's sample type order and units. */
export function computeSampleTotals(profile: Profile): number[] {
  const width = profile.sampleTypes.length;
  const totals = new Array<number>(width).fill(0);
  const { values } = profile.samples;
  for (let i = 0; i < values.length; i++) totals[i % width]! += values[i]!;
  return totals;
}
