// The details panel's facts about a capture (time, duration, period, samples, totals per sample
// type), with pprof's texts: computed once per session from the engine and the units layer.

import type { Profile, TruncatedStacks } from '../pprof/index.js';
import { computeSampleTotals, formatProfileTime, type TimeZone } from '../query/index.js';
import { formatValueLabel } from '../units/index.js';
import type { ProfileDetails } from './view-models.js';

export function describeProfile(profile: Profile, timeZone: TimeZone): ProfileDetails {
  const totals = computeSampleTotals(profile);
  const { periodType } = profile;
  return {
    ...(profile.timeNanos === 0n ? {} : { time: formatProfileTime(profile.timeNanos, timeZone) }),
    ...(profile.durationNanos === 0 ? {} : { duration: formatValueLabel(profile.durationNanos, 'nanoseconds') }),
    ...(profile.period === 0
      ? {}
      : {
          period: `${formatValueLabel(profile.period, periodType.unit)}${periodType.type === '' ? '' : ` (${periodType.type})`}`,
        }),
    sampleCount: profile.samples.count,
    ...(profile.truncatedStacks === undefined ? {} : { truncatedStacks: describeTruncation(profile.truncatedStacks) }),
    totals: profile.sampleTypes.map((sampleType, i) => ({
      type: sampleType.type,
      unit: sampleType.unit,
      value: totals[i]!,
      text: formatValueLabel(totals[i]!, sampleType.unit),
    })),
  };
}

function describeTruncation({ sampleCount, maxStackDepth }: TruncatedStacks): string {
  const samples = sampleCount === 1 ? '1 sample' : `${sampleCount} samples`;
  return `${samples} deeper than ${maxStackDepth} frames kept ${sampleCount === 1 ? 'its' : 'their'} ${maxStackDepth} leaf-most frames`;
}
