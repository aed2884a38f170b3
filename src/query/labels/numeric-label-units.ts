// The unit of each numeric label key (pprof's NumLabelUnits): what tag filters scale their ranges
// to and what reports print numeric label values in.

import type { Profile } from '../../pprof/portable.js';

/**
 * pprof's NumLabelUnits: the unit of each numeric label key (the first unit seen; keys without one
 * use their own name, except `alignment` and `request`, which are bytes). `ignoredUnits` lists the
 * other units seen per key, which pprof reports as a warning.
 */
export function numericLabelUnits(profile: Profile): {
  units: Map<string, string>;
  ignoredUnits: Map<string, string[]>;
} {
  const { labelKey, labelString, labelUnit } = profile.samples;
  const strings = profile.strings;
  const units = new Map<string, string>();
  const ignored = new Map<string, Set<string>>();
  const keys = new Set<string>();
  for (let i = 0; i < labelKey.length; i++) {
    if (labelString[i] !== 0) continue;
    const key = strings[labelKey[i]!]!;
    keys.add(key);
    const unit = strings[labelUnit[i]!]!;
    if (unit === '') continue;
    const want = units.get(key);
    if (want === undefined) units.set(key, unit);
    else if (want !== unit) {
      let set = ignored.get(key);
      if (set === undefined) ignored.set(key, (set = new Set()));
      set.add(unit);
    }
  }
  for (const key of keys) {
    if ((units.get(key) ?? '') === '') units.set(key, key === 'alignment' || key === 'request' ? 'bytes' : key);
  }
  const ignoredUnits = new Map<string, string[]>();
  for (const [key, set] of ignored) ignoredUnits.set(key, [...set].sort());
  return { units, ignoredUnits };
}
