// pprof's filters on frames (profile/filter.go): focus, ignore, hide and show (FilterSamplesByName),
// show_from and prune_from. Each rewrites the locations' lines the same way for every sample, then
// cuts each remaining sample's stack.

import type { GoRegexp } from '../regexp/go-regexp.js';
import { warnUnmatched, type FilterState } from './filter-state.js';
import { LocationMatcher, rewriteLocationLines, simplifyFunctionName } from './location-lines.js';

/** The frame regexps of a query; undefined when unset. */
export interface FrameFilters {
  readonly focus: GoRegexp | undefined;
  readonly ignore: GoRegexp | undefined;
  readonly hide: GoRegexp | undefined;
  readonly show: GoRegexp | undefined;
}

/** pprof's FilterSamplesByName: marks each location focused or ignored, drops hidden lines, then samples. */
export function filterSamplesByName(state: FilterState, filters: FrameFilters): void {
  const { profile, hidden } = state;
  const { focus, ignore, hide, show } = filters;
  const focusMatcher = focus && new LocationMatcher(profile, focus);
  const ignoreMatcher = ignore && new LocationMatcher(profile, ignore);
  const hideMatcher = hide && new LocationMatcher(profile, hide);
  const showMatcher = show && new LocationMatcher(profile, show);
  const focusOrIgnore = new Int8Array(profile.locations.count);
  const matched = { focus: false, ignore: false, hide: false, show: false };
  let anyHidden = false;
  state.lines = rewriteLocationLines(state.lines, (location, current) => {
    if (ignoreMatcher && ignoreMatcher.locationMatches(location, current)) {
      matched.ignore = true;
      focusOrIgnore[location] = -1;
    } else if (!focusMatcher || focusMatcher.locationMatches(location, current)) {
      matched.focus = true;
      focusOrIgnore[location] = 1;
    }
    let result: ArrayLike<number> = current;
    if (hideMatcher && hideMatcher.locationMatches(location, current)) {
      matched.hide = true;
      result = hideMatcher.mappingMatches(location) ? [] : current.filter((line) => !hideMatcher.lineMatches(line));
      if (result.length === 0) hidden[location] = 1;
    }
    if (showMatcher) {
      if (!showMatcher.mappingMatches(location)) {
        result = Array.prototype.filter.call(result, (line: number) => showMatcher.lineMatches(line)) as number[];
      }
      if (result.length === 0) hidden[location] = 1;
      else matched.show = true;
    }
    if (hidden[location] === 1) anyHidden = true;
    return result;
  });
  warnUnmatched(state, !focus || matched.focus, 'Focus');
  warnUnmatched(state, !ignore || matched.ignore, 'Ignore');
  warnUnmatched(state, !hide || matched.hide, 'Hide');
  warnUnmatched(state, !show || matched.show, 'Show');
  dropUnfocusedSamples(state, focusOrIgnore, !focus && !ignore, anyHidden);
}

/** Keeps the samples with a focused frame and none ignored, and with a frame left visible. */
function dropUnfocusedSamples(
  state: FilterState,
  focusOrIgnore: Int8Array,
  everyLocationFocused: boolean,
  anyHidden: boolean,
): void {
  const { kept, stackLow, stackHigh, hidden } = state;
  const locations = state.profile.samples.stackLocations;
  for (let i = 0; i < kept.length; i++) {
    // Without focus, ignore or hide, every sample stays, an empty stack too (pprof's
    // FilterSamplesByName keeps it; it counts in the flame graph's root as in pprof's total).
    if (everyLocationFocused && !anyHidden) continue;
    let focused = false;
    let visible = !anyHidden;
    const high = stackHigh[i]!;
    for (let at = stackLow[i]!; at < high; at++) {
      const location = locations[at]!;
      const mark = focusOrIgnore[location]!;
      if (mark === -1) {
        focused = false;
        break;
      }
      if (mark === 1) focused = true;
      if (!visible && hidden[location] === 0) visible = true;
    }
    if (!focused || !visible) kept[i] = 0;
  }
}

/** pprof's ShowFrom: keeps each stack from its leaf up to the outermost matching frame. */
export function applyShowFrom(state: FilterState, showFrom: GoRegexp): void {
  const { profile, kept, stackLow, stackHigh, hidden } = state;
  const matcher = new LocationMatcher(profile, showFrom);
  const marked = new Uint8Array(profile.locations.count);
  let matched = false;
  state.lines = rewriteLocationLines(state.lines, (location, current) => {
    if (matcher.mappingMatches(location)) {
      marked[location] = 1;
      matched = true;
      return current;
    }
    for (let i = current.length - 1; i >= 0; i--) {
      if (matcher.lineMatches(current[i]!)) {
        marked[location] = 1;
        matched = true;
        return current.subarray(0, i + 1);
      }
    }
    return current;
  });
  warnUnmatched(state, matched, 'ShowFrom');
  const locations = profile.samples.stackLocations;
  for (let i = 0; i < kept.length; i++) {
    if (kept[i] === 0) continue;
    let cut = -1;
    for (let at = stackHigh[i]! - 1; at >= stackLow[i]!; at--) {
      const location = locations[at]!;
      if (hidden[location] === 0 && marked[location] === 1) {
        cut = at;
        break;
      }
    }
    if (cut < 0) kept[i] = 0;
    else stackHigh[i] = cut + 1;
  }
}

/** pprof's PruneFrom: drops the frames beneath the innermost matching frame. */
export function applyPruneFrom(state: FilterState, pruneFrom: GoRegexp): void {
  const { profile, kept, stackLow, stackHigh, hidden } = state;
  const marked = new Uint8Array(profile.locations.count);
  const functions = profile.functions;
  const lineFunction = profile.locations.lineFunction;
  const simplified = new Map<number, boolean>();
  state.lines = rewriteLocationLines(state.lines, (location, current) => {
    for (let i = 0; i < current.length; i++) {
      const nameIndex = functions.name[lineFunction[current[i]!]!]!;
      if (nameIndex === 0) continue;
      let matched = simplified.get(nameIndex);
      if (matched === undefined) {
        matched = pruneFrom.test(simplifyFunctionName(profile.strings[nameIndex]!));
        simplified.set(nameIndex, matched);
      }
      if (matched) {
        marked[location] = 1;
        return current.subarray(i);
      }
    }
    return current;
  });
  const locations = profile.samples.stackLocations;
  for (let i = 0; i < kept.length; i++) {
    if (kept[i] === 0) continue;
    for (let at = stackLow[i]!; at < stackHigh[i]!; at++) {
      const location = locations[at]!;
      if (hidden[location] === 0 && marked[location] === 1) {
        stackLow[i] = at;
        break;
      }
    }
  }
}
