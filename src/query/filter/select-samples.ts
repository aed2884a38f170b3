// pprof's sample filtering, in its order: drop_frames/keep_frames pruning, focus/ignore/hide/show,
// show_from, tagfocus/tagignore, tagshow/taghide and prune_from (internal/driver/driver_focus.go,
// profile/filter.go, profile/prune.go). The result is a selection over the unchanged model: which
// samples remain, the part of each stack that remains, and each location's remaining lines.

import type { Profile } from '../../pprof/portable.js';
import { divideInt } from '../go/divide-int.js';
import { withLabelNodes } from '../labels/label-nodes.js';
import { numericLabelUnits } from '../labels/numeric-label-units.js';
import type { QueryOptions } from '../options/query-options.js';
import { compileOptionRegexp, type GoRegexp } from '../regexp/go-regexp.js';
import type { FilterState } from './filter-state.js';
import { applyPruneFrom, applyShowFrom, filterSamplesByName } from './frame-filters.js';
import { originalLocationLines, type LocationLines } from './location-lines.js';
import { pruneDropFrames } from './prune-drop-frames.js';
import { selectSampleValue, type SampleValueSelection } from './sample-index.js';
import { compileTagFilter, filterSamplesByTag, filterTagsByName } from './tag-filter.js';

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

/** Each sample's selected value and -mean divisor. */
function sampleWeights(
  profile: Profile,
  value: SampleValueSelection,
): { weight: Float64Array; divisor: Float64Array | undefined } {
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
  return { weight, divisor };
}

/** Compiles every filter option first, so that a bad one fails before any work (as pprof). */
function compileFilters(profile: Profile, options: QueryOptions, labelUnits: Map<string, string>) {
  return {
    focus: compileOption('focus', options.focus),
    ignore: compileOption('ignore', options.ignore),
    hide: compileOption('hide', options.hide),
    show: compileOption('show', options.show),
    showFrom: compileOption('show_from', options.showFrom),
    tagFocus: compileTagFilter(profile, 'tagfocus', options.tagFocus, labelUnits),
    tagIgnore: compileTagFilter(profile, 'tagignore', options.tagIgnore, labelUnits),
    pruneFrom: compileOption('prune_from', options.pruneFrom),
    tagShow: compileOption('tagshow', options.tagShow),
    tagHide: compileOption('taghide', options.tagHide),
  };
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
  const { weight, divisor } = sampleWeights(profile, value);
  const fromBase = baseSampleFlags(profile);
  const count = profile.samples.count;
  const state: FilterState = {
    profile,
    kept: new Uint8Array(count).fill(1),
    stackLow: profile.samples.stackStart.slice(0, count),
    stackHigh: profile.samples.stackStart.slice(1, count + 1),
    hidden: new Uint8Array(profile.locations.count),
    lines: originalLocationLines(profile),
    warnings: [...labelled.warnings],
  };
  state.lines = pruneDropFrames(profile, state.lines, state.stackLow, state.stackHigh);
  let total = options.relativePercentages ? 0 : sampleTotal({ weight, divisor, fromBase, kept: undefined });

  const { units: labelUnits } = numericLabelUnits(profile);
  const filters = compileFilters(profile, options, labelUnits);
  filterSamplesByName(state, filters);
  if (filters.showFrom) applyShowFrom(state, filters.showFrom);
  filterSamplesByTag(state, filters.tagFocus, filters.tagIgnore);
  const hiddenLabelKeys = filterTagsByName(state, filters.tagShow, filters.tagHide);
  if (filters.pruneFrom) applyPruneFrom(state, filters.pruneFrom);

  if (options.relativePercentages) total = sampleTotal({ weight, divisor, fromBase, kept: state.kept });
  return {
    profile,
    value,
    lines: state.lines,
    hidden: state.hidden,
    kept: state.kept,
    stackLow: state.stackLow,
    stackHigh: state.stackHigh,
    weight,
    divisor,
    fromBase,
    total,
    labelUnits,
    hiddenLabelKeys,
    warnings: state.warnings,
  };
}
