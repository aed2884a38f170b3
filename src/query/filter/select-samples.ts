// pprof's sample filtering, in its order: drop_frames/keep_frames pruning, focus/ignore/hide/show,
// show_from, tagfocus/tagignore, tagshow/taghide and prune_from (internal/driver/driver_focus.go,
// profile/filter.go, profile/prune.go). The result is a selection over the unchanged model: which
// samples remain, the part of each stack that remains, and each location's remaining lines.

import type { Profile } from '../../pprof/index.js';
import { pruneDropFrames } from './prune-drop-frames.js';
import { compileOptionRegexp, type GoRegexp } from '../regexp/go-regexp.js';
import {
  LocationMatcher,
  linesOf,
  originalLocationLines,
  rewriteLocationLines,
  simplifyFunctionName,
  type LocationLines,
} from './location-lines.js';
import type { QueryOptions } from '../options/query-options.js';
import { selectSampleValue, type SampleValueSelection } from './sample-index.js';
import { withLabelNodes } from '../labels/label-nodes.js';
import { compileTagFilter, numericLabelUnits } from './tag-filter.js';

export interface SampleSelection {
  readonly profile: Profile;
  readonly value: SampleValueSelection;
  /** Each location's lines after the filters. */
  readonly lines: LocationLines;
  /** 1 for a location hide/show left without lines: stacks skip it. */
  readonly hidden: Uint8Array;
  /** 1 for a sample that passed every filter. */
  readonly kept: Uint8Array;
  /** Per sample, the remaining stack: positions [stackLow, stackHigh) of samples.stackLocations (leaf first). */
  readonly stackLow: Uint32Array;
  readonly stackHigh: Uint32Array;
  /** Per sample, the selected value. */
  readonly weight: Float64Array;
  /** Per sample, the -mean divisor (the first value); undefined without -mean. */
  readonly divisor: Float64Array | undefined;
  /** Per sample, 1 when it comes from a diff base (label pprof::base=true); undefined when none does. */
  readonly fromBase: Uint8Array | undefined;
  /** The report total (pprof's computeTotal): the sum of |value|, over base samples when diffing. */
  readonly total: number;
  /** Numeric label units by key (pprof's NumLabelUnits). */
  readonly labelUnits: ReadonlyMap<string, string>;
  /** Label keys (string indices) hidden by tagshow/taghide. */
  readonly hiddenLabelKeys: ReadonlySet<number>;
  /** pprof's warnings, e.g. "Focus expression matched no samples". */
  readonly warnings: readonly string[];
}

/** Go's int64 division, truncating toward zero, exact for integers below 2^53. */
export function divideInt(a: number, b: number): number {
  let q = Math.trunc(a / b);
  // The float quotient can round across an integer; correct with the exact remainder.
  const r = a - q * b;
  if (r !== 0 && Math.sign(r) !== Math.sign(a)) q += a < 0 !== b < 0 ? 1 : -1;
  else if (Math.abs(r) >= Math.abs(b)) q += a < 0 !== b < 0 ? -1 : 1;
  return q;
}

function compileOption(option: string, pattern: string): GoRegexp | undefined {
  return pattern === '' ? undefined : compileOptionRegexp(option, pattern);
}

function sampleTotal(selection: {
  weight: Float64Array;
  divisor: Float64Array | undefined;
  fromBase: Uint8Array | undefined;
  kept: Uint8Array | undefined;
}): number {
  const { weight, divisor, fromBase, kept } = selection;
  let total = 0;
  let div = 0;
  let baseTotal = 0;
  let baseDiv = 0;
  for (let i = 0; i < weight.length; i++) {
    if (kept !== undefined && kept[i] === 0) continue;
    const v = Math.abs(weight[i]!);
    const d = divisor === undefined ? 0 : divisor[i]!;
    total += v;
    div += d;
    if (fromBase !== undefined && fromBase[i] === 1) {
      baseTotal += v;
      baseDiv += d;
    }
  }
  if (baseTotal > 0) {
    total = baseTotal;
    div = baseDiv;
  }
  return div !== 0 ? divideInt(total, div) : total;
}

function baseSampleFlags(profile: Profile): Uint8Array | undefined {
  const key = profile.strings.indexOf('pprof::base');
  if (key < 0) return undefined;
  const { labelStart, labelKey, labelString } = profile.samples;
  const flags = new Uint8Array(profile.samples.count);
  let any = false;
  for (let i = 0; i < flags.length; i++) {
    for (let l = labelStart[i]!; l < labelStart[i + 1]!; l++) {
      if (labelKey[l] === key && profile.strings[labelString[l]!] === 'true') {
        flags[i] = 1;
        any = true;
      }
    }
  }
  return any ? flags : undefined;
}

/**
 * Applies the filters of `options`. With tagroot/tagleaf the selection is over a derived profile
 * holding the label frames (`selection.profile`): read stacks from it, not from the input.
 */
export function selectSamples(input: Profile, options: QueryOptions): SampleSelection {
  // pprof adds label frames before filtering, so that the filters see them.
  const labelled = withLabelNodes(input, options);
  const profile = labelled.profile;
  const value = selectSampleValue(profile, options.sampleIndex, options.mean);
  const samples = profile.samples;
  const count = samples.count;
  const width = profile.sampleTypes.length;
  const weight = new Float64Array(count);
  for (let i = 0, at = value.index; i < count; i++, at += width) weight[i] = samples.values[at]!;
  let divisor: Float64Array | undefined;
  if (value.meanDivisorIndex >= 0) {
    divisor = new Float64Array(count);
    for (let i = 0, at = value.meanDivisorIndex; i < count; i++, at += width) divisor[i] = samples.values[at]!;
  }
  const fromBase = baseSampleFlags(profile);
  const stackLow = samples.stackStart.slice(0, count);
  const stackHigh = samples.stackStart.slice(1, count + 1);
  const kept = new Uint8Array(count).fill(1);
  const hidden = new Uint8Array(profile.locations.count);
  const warnings: string[] = [...labelled.warnings];
  let lines = originalLocationLines(profile);

  lines = pruneDropFrames(profile, lines, stackLow, stackHigh);
  let total = options.relativePercentages ? 0 : sampleTotal({ weight, divisor, fromBase, kept: undefined });

  // Compile every option first, so a bad one fails before any work (as pprof).
  const focus = compileOption('focus', options.focus);
  const ignore = compileOption('ignore', options.ignore);
  const hide = compileOption('hide', options.hide);
  const show = compileOption('show', options.show);
  const showFrom = compileOption('show_from', options.showFrom);
  const { units: labelUnits } = numericLabelUnits(profile);
  const tagFocus = compileTagFilter(profile, 'tagfocus', options.tagFocus, labelUnits);
  const tagIgnore = compileTagFilter(profile, 'tagignore', options.tagIgnore, labelUnits);
  const pruneFrom = compileOption('prune_from', options.pruneFrom);
  const tagShow = compileOption('tagshow', options.tagShow);
  const tagHide = compileOption('taghide', options.tagHide);

  const warn = (matched: boolean, option: string) => {
    if (!matched) warnings.push(`${option} expression matched no samples`);
  };

  // FilterSamplesByName.
  {
    const focusMatcher = focus && new LocationMatcher(profile, focus);
    const ignoreMatcher = ignore && new LocationMatcher(profile, ignore);
    const hideMatcher = hide && new LocationMatcher(profile, hide);
    const showMatcher = show && new LocationMatcher(profile, show);
    const focusOrIgnore = new Int8Array(profile.locations.count);
    let focusMatched = false;
    let ignoreMatched = false;
    let hideMatched = false;
    let showMatched = false;
    let anyHidden = false;
    lines = rewriteLocationLines(lines, (location, current) => {
      if (ignoreMatcher && ignoreMatcher.locationMatches(location, current)) {
        ignoreMatched = true;
        focusOrIgnore[location] = -1;
      } else if (!focusMatcher || focusMatcher.locationMatches(location, current)) {
        focusMatched = true;
        focusOrIgnore[location] = 1;
      }
      let result: ArrayLike<number> = current;
      if (hideMatcher && hideMatcher.locationMatches(location, current)) {
        hideMatched = true;
        result = hideMatcher.mappingMatches(location) ? [] : current.filter((line) => !hideMatcher.lineMatches(line));
        if (result.length === 0) hidden[location] = 1;
      }
      if (showMatcher) {
        if (!showMatcher.mappingMatches(location)) {
          result = Array.prototype.filter.call(result, (line: number) => showMatcher.lineMatches(line)) as number[];
        }
        if (result.length === 0) hidden[location] = 1;
        else showMatched = true;
      }
      if (hidden[location] === 1) anyHidden = true;
      return result;
    });
    warn(!focus || focusMatched, 'Focus');
    warn(!ignore || ignoreMatched, 'Ignore');
    warn(!hide || hideMatched, 'Hide');
    warn(!show || showMatched, 'Show');
    const locations = samples.stackLocations;
    const everyLocationFocused = !focus && !ignore;
    for (let i = 0; i < count; i++) {
      // Without focus or ignore, every frame is "focused": a sample stays if any frame is visible.
      if (everyLocationFocused && !anyHidden) {
        if (stackHigh[i]! <= stackLow[i]!) kept[i] = 0;
        continue;
      }
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

  // ShowFrom: keep each stack from its leaf up to the outermost matching frame.
  if (showFrom) {
    const matcher = new LocationMatcher(profile, showFrom);
    const marked = new Uint8Array(profile.locations.count);
    let matched = false;
    lines = rewriteLocationLines(lines, (location, current) => {
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
    warn(matched, 'ShowFrom');
    const locations = samples.stackLocations;
    for (let i = 0; i < count; i++) {
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

  // FilterSamplesByTag.
  if (tagFocus || tagIgnore) {
    let focusMatched = false;
    let ignoreMatched = false;
    for (let i = 0; i < count; i++) {
      if (kept[i] === 0) continue;
      const focused = tagFocus ? tagFocus(i) : true;
      const ignored = tagIgnore ? tagIgnore(i) : false;
      focusMatched ||= focused;
      ignoreMatched ||= ignored;
      if (!focused || ignored) kept[i] = 0;
    }
    warn(!tagFocus || focusMatched, 'TagFocus');
    warn(!tagIgnore || ignoreMatched, 'TagIgnore');
  }

  // FilterTagsByName: label keys that reports leave out.
  const hiddenLabelKeys = new Set<number>();
  if (tagShow || tagHide) {
    let showMatched = false;
    let hideMatched = false;
    const seen = new Set<number>();
    for (let i = 0; i < count; i++) {
      if (kept[i] === 0) continue;
      for (let l = samples.labelStart[i]!; l < samples.labelStart[i + 1]!; l++) seen.add(samples.labelKey[l]!);
    }
    for (const key of seen) {
      const name = profile.strings[key]!;
      const matchShow = !tagShow || tagShow.test(name);
      const matchHide = tagHide !== undefined && tagHide.test(name);
      showMatched ||= matchShow;
      hideMatched ||= matchHide;
      if (!matchShow || matchHide) hiddenLabelKeys.add(key);
    }
    warn(!tagShow || showMatched, 'TagShow');
    warn(!tagHide || hideMatched, 'TagHide');
  }

  // PruneFrom: drop the frames beneath the innermost matching frame.
  if (pruneFrom) {
    const marked = new Uint8Array(profile.locations.count);
    const functions = profile.functions;
    const lineFunction = profile.locations.lineFunction;
    const simplified = new Map<number, boolean>();
    lines = rewriteLocationLines(lines, (location, current) => {
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
    const locations = samples.stackLocations;
    for (let i = 0; i < count; i++) {
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

  if (options.relativePercentages) total = sampleTotal({ weight, divisor, fromBase, kept });
  return {
    profile,
    value,
    lines,
    hidden,
    kept,
    stackLow,
    stackHigh,
    weight,
    divisor,
    fromBase,
    total,
    labelUnits,
    hiddenLabelKeys,
    warnings,
  };
}

export { linesOf };
