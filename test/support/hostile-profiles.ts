// Profiles with absurdly deep stacks, built with src/pprof's own encoder: what a hostile or broken
// producer could serve (Go itself records at most 128 frames per stack).

import { encodeProfile, ProfileBuilder, type Profile } from '../../src/pprof/index.js';

/**
 * A gzipped profile with one sample per entry of `stackDepths`: sample j has stackDepths[j]
 * frames, frame k (0 = leaf) calling function `main.f<k mod functionCount>`, and the values
 * [j + 1, (j + 1) * 1000] (samples/count, cpu/nanoseconds). Stacks are filled in place, so a
 * 20-million-frame sample costs 80 MB here, not a JavaScript array.
 */
export function deepStackProfile(stackDepths: readonly number[], functionCount = 100): Uint8Array {
  return encodeProfile(deepStackModel(stackDepths, functionCount));
}

/** The model deepStackProfile encodes (its location i is function `main.f<i>`). */
export function deepStackModel(stackDepths: readonly number[], functionCount = 100): Profile {
  const builder = new ProfileBuilder({
    sampleTypes: [
      { type: 'samples', unit: 'count' },
      { type: 'cpu', unit: 'nanoseconds' },
    ],
    periodType: { type: 'cpu', unit: 'nanoseconds' },
    period: 10_000_000,
  });
  for (let i = 0; i < functionCount; i++) {
    builder.addLocation([{ function: builder.addFunction(`main.f${i}`, 'main.go'), line: i + 1 }]);
  }
  const built = builder.build();
  const total = stackDepths.reduce((sum, depth) => sum + depth, 0);
  const stackStart = new Uint32Array(stackDepths.length + 1);
  const stackLocations = new Uint32Array(total);
  let at = 0;
  stackDepths.forEach((depth, j) => {
    stackStart[j] = at;
    for (let k = 0; k < depth; k++) stackLocations[at++] = k % functionCount;
  });
  stackStart[stackDepths.length] = at;
  return {
    ...built,
    samples: {
      count: stackDepths.length,
      values: Float64Array.from(stackDepths.flatMap((_, j) => [j + 1, (j + 1) * 1000])),
      stackStart,
      stackLocations,
      labelStart: new Uint32Array(stackDepths.length + 1),
      labelKey: new Uint32Array(0),
      labelString: new Uint32Array(0),
      labelNumber: new Float64Array(0),
      labelUnit: new Uint32Array(0),
    },
  };
}
