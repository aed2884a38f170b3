// The profile as the refine filters leave it, as a profile again (pprof's `-proto` after focus,
// ignore, hide, show, show_from, prune_from and the tag filters): what the viewer's "filtered"
// export encodes, so `go tool pprof` opens exactly the samples and frames the views show.

import { ProfileBuilder, type BuilderLabel, type BuilderLine, type Profile } from '../../pprof/portable.js';
import { linesOf } from './location-lines.js';
import type { QueryOptions } from '../options/query-options.js';
import { selectSamples } from './select-samples.js';

/**
 * Keeps the samples every filter passes, each with the part of its stack that remains, each
 * location with the lines the filters left it (hide drops inlined lines), every sample type's
 * values, and the labels tagshow/taghide leave visible. The sample type, granularity and
 * display options do not change a profile and are not applied.
 */
export function filterProfile(profile: Profile, options: QueryOptions): Profile {
  const selection = selectSamples(profile, options);
  const builder = new ProfileBuilder({
    sampleTypes: profile.sampleTypes,
    defaultSampleType: profile.defaultSampleType,
    periodType: profile.periodType,
    period: profile.period,
    timeNanos: profile.timeNanos,
    durationNanos: profile.durationNanos,
    comments: profile.comments,
    dropFrames: profile.dropFrames,
    keepFrames: profile.keepFrames,
    docUrl: profile.docUrl,
  });
  const { strings, functions, locations, samples } = profile;

  const mappingOf = new Int32Array(profile.mappings.length).fill(-1);
  const copyMapping = (m: number): number => {
    if (mappingOf[m] === -1) {
      const { id: _id, ...mapping } = profile.mappings[m]!;
      mappingOf[m] = builder.addMapping(mapping);
    }
    return mappingOf[m]!;
  };
  const functionOf = new Int32Array(functions.count).fill(-1);
  const copyFunction = (f: number): number => {
    if (functionOf[f] === -1) {
      functionOf[f] = builder.addFunction(
        strings[functions.name[f]!]!,
        strings[functions.filename[f]!]!,
        functions.startLine[f]!,
        strings[functions.systemName[f]!]!,
      );
    }
    return functionOf[f]!;
  };
  // A location's remaining lines are the same in every sample, so each is copied once.
  const locationOf = new Int32Array(locations.count).fill(-1);
  const copyLocation = (l: number): number => {
    if (locationOf[l] === -1) {
      const lines: BuilderLine[] = Array.from(linesOf(selection.lines, l), (line) => ({
        function: copyFunction(locations.lineFunction[line]!),
        line: locations.lineNumber[line]!,
        column: locations.lineColumn[line]!,
      }));
      const mapping = locations.mapping[l]!;
      locationOf[l] = builder.addLocation(
        lines,
        locations.address[l]!,
        mapping === 0 ? -1 : copyMapping(mapping - 1),
        locations.isFolded[l] === 1,
      );
    }
    return locationOf[l]!;
  };

  const width = profile.sampleTypes.length;
  for (let s = 0; s < samples.count; s++) {
    if (selection.kept[s] === 0) continue;
    const stack: number[] = [];
    for (let at = selection.stackLow[s]!; at < selection.stackHigh[s]!; at++) {
      const location = samples.stackLocations[at]!;
      if (selection.hidden[location] === 0) stack.push(copyLocation(location));
    }
    const labels: BuilderLabel[] = [];
    for (let l = samples.labelStart[s]!; l < samples.labelStart[s + 1]!; l++) {
      const key = samples.labelKey[l]!;
      if (selection.hiddenLabelKeys.has(key)) continue;
      const value = samples.labelString[l]!;
      const unit = samples.labelUnit[l]!;
      labels.push(
        value !== 0
          ? { key: strings[key]!, value: strings[value]! }
          : { key: strings[key]!, number: samples.labelNumber[l]!, ...(unit === 0 ? {} : { unit: strings[unit]! }) },
      );
    }
    builder.addSample(stack, Array.from(samples.values.subarray(s * width, (s + 1) * width)), labels);
  }
  return builder.build();
}
