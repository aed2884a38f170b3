// pprof's RemoveUninteresting, applied when a profile is read: frames matching the profile's own
// drop_frames (and not keep_frames) regexps are removed with everything beneath them.

import type { Profile } from '../../pprof/portable.js';
import { compileGoRegexp, type GoRegexp } from '../regexp/go-regexp.js';
import { GoRegexpSyntaxError } from '../regexp/parse-go-regexp.js';
import { rewriteLocationLines, simplifyFunctionName, type LocationLines } from './location-lines.js';

/**
 * pprof's RemoveUninteresting (applied when a profile is read): frames matching the profile's
 * drop_frames (and not keep_frames) are removed with everything beneath them.
 */
export function pruneDropFrames(
  profile: Profile,
  lines: LocationLines,
  stackLow: Uint32Array,
  stackHigh: Uint32Array,
): LocationLines {
  if (profile.dropFrames === '') return lines;
  let drop: GoRegexp;
  let keep: GoRegexp | undefined;
  try {
    drop = compileGoRegexp(`^(${profile.dropFrames})$`);
    if (profile.keepFrames !== '') keep = compileGoRegexp(`^(${profile.keepFrames})$`);
  } catch (error) {
    // pprof ignores a profile whose drop_frames does not compile; so do we.
    if (error instanceof GoRegexpSyntaxError) return lines;
    throw error;
  }
  const prune = new Uint8Array(profile.locations.count);
  const pruneBeneath = new Uint8Array(profile.locations.count);
  const { name } = profile.functions;
  const lineFunction = profile.locations.lineFunction;
  // Per function name: many locations (one per call site) share a function.
  const dropped = new Map<number, boolean>();
  const isDropped = (nameIndex: number): boolean => {
    let answer = dropped.get(nameIndex);
    if (answer === undefined) {
      const simplified = simplifyFunctionName(profile.strings[nameIndex]!);
      answer = drop.test(simplified) && (keep === undefined || !keep.test(simplified));
      dropped.set(nameIndex, answer);
    }
    return answer;
  };
  const rewritten = rewriteLocationLines(lines, (location, current) => {
    let i = current.length - 1;
    for (; i >= 0; i--) {
      const nameIndex = name[lineFunction[current[i]!]!]!;
      if (nameIndex !== 0 && isDropped(nameIndex)) break;
    }
    if (i < 0) return current;
    pruneBeneath[location] = 1;
    if (i === current.length - 1) {
      prune[location] = 1;
      return current;
    }
    return current.subarray(i + 1);
  });
  const locations = profile.samples.stackLocations;
  for (let s = 0; s < stackLow.length; s++) {
    let foundUser = false;
    for (let at = stackHigh[s]! - 1; at >= stackLow[s]!; at--) {
      const location = locations[at]!;
      if (prune[location] === 0 && pruneBeneath[location] === 0) {
        foundUser = true;
        continue;
      }
      if (!foundUser) continue;
      if (prune[location] === 1) stackLow[s] = at + 1;
      else stackLow[s] = at;
      break;
    }
  }
  return rewritten;
}
