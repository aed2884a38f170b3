// Groups samples that pprof's profile.Merge would fold into one: the same stack (locations equal
// by mapping, address, lines and folding, as merge.go's locationKey) and the same labels. pprof
// merges every profile it reads, even a single one, so reports that list samples one by one
// (-traces) must show such samples as one, at the place of the first.

import type { Profile } from '../../pprof/portable.js';
import { SampleKeys } from './sample-keys.js';

/**
 * Returns, per sample, the index of the first included sample identical to it (itself when it is
 * the first, or not included). Stacks are read from `stackProfile` (a derived profile, e.g. with
 * label frames, shares sample indices with `profile`); labels from `profile`. pprof's Merge skips
 * all-zero samples, so callers leave those out through `include`.
 */
export function firstIdenticalSample(
  profile: Profile,
  stackProfile: Profile = profile,
  include: (sample: number) => boolean = () => true,
): Uint32Array {
  const canonicalLocation = canonicalLocations(stackProfile);
  const { stackStart, stackLocations } = stackProfile.samples;
  const count = profile.samples.count;
  const first = new Uint32Array(count);
  const keys = new SampleKeys();
  /** The first sample of each key, by key id. */
  const firstOfKey: number[] = [];
  let stack = new Uint32Array(64);
  for (let s = 0; s < count; s++) {
    first[s] = s;
    if (!include(s)) continue;
    const from = stackStart[s]!;
    const depth = stackStart[s + 1]! - from;
    if (depth > stack.length) stack = new Uint32Array(depth * 2);
    for (let at = 0; at < depth; at++) stack[at] = canonicalLocation[stackLocations[from + at]!]!;
    const key = keys.intern(stack, 0, depth, keys.labelSet(labelKey(profile, s)));
    if (key === firstOfKey.length) firstOfKey.push(s);
    else first[s] = firstOfKey[key]!;
  }
  return first;
}

/** Maps each location to the first location with the same content (merge.go's locationKey). */
function canonicalLocations(profile: Profile): Uint32Array {
  const { locations, functions, mappings } = profile;
  const canonical = new Uint32Array(locations.count);
  const firstByKey = new Map<string, number>();
  for (let l = 0; l < locations.count; l++) {
    const mapping = locations.mapping[l]!;
    const start = mapping === 0 ? 0n : mappings[mapping - 1]!.memoryStart;
    const lines: string[] = [];
    for (let line = locations.lineStart[l]!; line < locations.lineStart[l + 1]!; line++) {
      const fn = locations.lineFunction[line]!;
      // Functions merge by content too (merge.go's functionKey).
      lines.push(
        `${functions.name[fn]},${functions.systemName[fn]},${functions.filename[fn]},${functions.startLine[fn]}:${locations.lineNumber[line]}`,
      );
    }
    const key = `${mapping}/${locations.address[l]! - start}/${locations.isFolded[l]}/${lines.join('|')}`;
    const existing = firstByKey.get(key);
    if (existing === undefined) {
      firstByKey.set(key, l);
      canonical[l] = l;
    } else canonical[l] = existing;
  }
  return canonical;
}

/** The sample's labels as merge.go's sampleKey: per key, values in order; keys sorted. */
function labelKey(profile: Profile, sample: number): string {
  const { labelStart, labelKey: keys, labelString, labelNumber, labelUnit } = profile.samples;
  const from = labelStart[sample]!;
  const to = labelStart[sample + 1]!;
  if (from === to) return '';
  const byKey = new Map<number, string[]>();
  for (let l = from; l < to; l++) {
    const value = labelString[l] !== 0 ? `s${labelString[l]}` : `n${labelNumber[l]}u${labelUnit[l]}`;
    const list = byKey.get(keys[l]!);
    if (list === undefined) byKey.set(keys[l]!, [value]);
    else list.push(value);
  }
  return [...byKey]
    .map(([key, values]) => `${key}=${values.join(',')}`)
    .sort()
    .join(';');
}
