// One sample's labels grouped by key, values in the order the sample lists them (pprof's
// Sample.Label and Sample.NumLabel maps), as -traces prints them and -tags adds them up.

import type { Profile } from '../../pprof/portable.js';

/** Labels of one sample grouped by key, values in order (pprof's Sample.Label / NumLabel). */
export function sampleLabels(
  profile: Profile,
  sample: number,
  hiddenKeys: ReadonlySet<number>,
): { strings: Map<string, string[]>; numbers: Map<string, number[]> } {
  const { labelStart, labelKey, labelString, labelNumber } = profile.samples;
  const strings = new Map<string, string[]>();
  const numbers = new Map<string, number[]>();
  for (let l = labelStart[sample]!; l < labelStart[sample + 1]!; l++) {
    if (hiddenKeys.has(labelKey[l]!)) continue;
    const key = profile.strings[labelKey[l]!]!;
    if (labelString[l] !== 0) {
      const list = strings.get(key);
      if (list === undefined) strings.set(key, [profile.strings[labelString[l]!]!]);
      else list.push(profile.strings[labelString[l]!]!);
    } else {
      const list = numbers.get(key);
      if (list === undefined) numbers.set(key, [labelNumber[l]!]);
      else list.push(labelNumber[l]!);
    }
  }
  return { strings, numbers };
}
