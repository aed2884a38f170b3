// The lines of each location as the filters leave them: pprof's hide, show, show_from, prune_from
// and drop_frames rewrite a location's inlined lines in place, the same way for every sample.
// Lines are kept as indices into the model's line arrays, innermost (leaf) first.

import type { Profile } from '../../pprof/portable.js';
import type { GoRegexp } from '../regexp/go-regexp.js';

export interface LocationLines {
  /** Offsets into `lines`, locations.count + 1 entries. */
  readonly start: Uint32Array;
  /** Global line indices (into profile.locations.line* arrays). */
  readonly lines: Uint32Array;
}

/** The locations' lines as decoded. */
export function originalLocationLines(profile: Profile): LocationLines {
  const { lineStart, lineFunction } = profile.locations;
  const lines = new Uint32Array(lineFunction.length);
  for (let i = 0; i < lines.length; i++) lines[i] = i;
  return { start: lineStart, lines };
}

/** Rebuilds the line lists, letting `choose` return the kept lines of each location. */
export function rewriteLocationLines(
  current: LocationLines,
  choose: (location: number, lines: Uint32Array) => ArrayLike<number> | Uint32Array,
): LocationLines {
  const count = current.start.length - 1;
  const start = new Uint32Array(count + 1);
  const out: number[] = [];
  for (let location = 0; location < count; location++) {
    start[location] = out.length;
    const kept = choose(location, current.lines.subarray(current.start[location]!, current.start[location + 1]!));
    for (let i = 0; i < kept.length; i++) out.push(kept[i]!);
  }
  start[count] = out.length;
  return { start, lines: Uint32Array.from(out) };
}

export function linesOf(lines: LocationLines, location: number): Uint32Array {
  return lines.lines.subarray(lines.start[location]!, lines.start[location + 1]!);
}

/** Name matching of pprof's filters: a line matches by its function's name or file name. */
export class LocationMatcher {
  private readonly nameMatch = new Map<number, boolean>();
  private readonly mappingMatch = new Map<number, boolean>();

  constructor(
    private readonly profile: Profile,
    private readonly pattern: GoRegexp,
  ) {}

  /** Whether a string (by string-table index) matches; memoized, since names repeat. */
  matchesString(index: number): boolean {
    let matched = this.nameMatch.get(index);
    if (matched === undefined) {
      matched = this.pattern.test(this.profile.strings[index]!);
      this.nameMatch.set(index, matched);
    }
    return matched;
  }

  lineMatches(line: number): boolean {
    const fn = this.profile.locations.lineFunction[line]!;
    const functions = this.profile.functions;
    return this.matchesString(functions.name[fn]!) || this.matchesString(functions.filename[fn]!);
  }

  /** Whether the location's binary matches; memoized per mapping, which many locations share. */
  mappingMatches(location: number): boolean {
    const mapping = this.profile.locations.mapping[location]!;
    if (mapping === 0) return false;
    let matched = this.mappingMatch.get(mapping);
    if (matched === undefined) {
      matched = this.pattern.test(this.profile.mappings[mapping - 1]!.filename);
      this.mappingMatch.set(mapping, matched);
    }
    return matched;
  }

  /** pprof's Location.matchesName. */
  locationMatches(location: number, lines: Uint32Array): boolean {
    for (const line of lines) if (this.lineMatches(line)) return true;
    return this.mappingMatches(location);
  }
}

const BRACKET = /\(anonymous namespace\)|operator\(\)|\(/g;

/**
 * pprof's simplifyFunc (used by drop_frames and prune_from): drops a leading "." and everything
 * from the first "(" that is not part of "(anonymous namespace)" or "operator()". Note that this
 * turns Go method names such as `main.(*config).makePath` into `main.`, as pprof does.
 */
export function simplifyFunctionName(name: string): string {
  let result = name.startsWith('.') ? name.slice(1) : name;
  for (const match of result.matchAll(BRACKET)) {
    if (match[0] === '(') {
      result = result.slice(0, match.index);
      break;
    }
  }
  return result;
}
