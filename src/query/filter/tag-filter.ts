// pprof's tag filters: -tagfocus and -tagignore (`value`, `key=value1,value2` regular expressions
// on string labels, or numeric ranges with units on numeric labels: `32kb`, `:64kb`, `4mb:`,
// `12kb:64mb`, `key=1ms:1s`), matched per sample; -tagshow and -taghide on label keys.

import type { Profile } from '../../pprof/portable.js';
import { scaleValue } from '../../units/index.js';
import { compileOptionRegexp, type GoRegexp } from '../regexp/go-regexp.js';
import { warnUnmatched, type FilterState } from './filter-state.js';

/** Whether sample `index` matches. */
export type SampleMatcher = (sample: number) => boolean;

const RANGE_PART = /([+-]?[0-9]+)([A-Za-z]+)?/g;

/** pprof's parseTagFilterRange; undefined when `filter` is not a numeric range. */
function parseTagFilterRange(filter: string): ((value: number, unit: string) => boolean) | undefined {
  const ranges = [...filter.matchAll(RANGE_PART)].slice(0, 2);
  if (ranges.length === 0) return undefined;
  const [first, second] = ranges as [RegExpMatchArray, RegExpMatchArray | undefined];
  const firstUnit = first[2] ?? '';
  const low = scaleValue(Number(first[1]), firstUnit, firstUnit);
  const unit = low.unit;
  const inUnit = (value: number, valueUnit: string) => scaleValue(value, valueUnit, unit);
  if (second === undefined) {
    const match = first[0];
    if (filter === match) {
      return (v, u) => {
        const s = inUnit(v, u);
        return s.unit === unit && s.value === low.value;
      };
    }
    if (filter === `${match}:`) {
      return (v, u) => {
        const s = inUnit(v, u);
        return s.unit === unit && s.value >= low.value;
      };
    }
    if (filter === `:${match}`) {
      return (v, u) => {
        const s = inUnit(v, u);
        return s.unit === unit && s.value <= low.value;
      };
    }
    return undefined;
  }
  if (filter !== `${first[0]}:${second[0]}`) return undefined;
  const high = scaleValue(Number(second[1]), second[2] ?? '', unit);
  if (high.unit !== unit) return undefined;
  return (v, u) => {
    const s = inUnit(v, u);
    return s.unit === unit && s.value >= low.value && s.value <= high.value;
  };
}

/**
 * Compiles a tag filter as pprof's compileTagFilter; undefined for "". `option` names the flag in
 * errors (tagfocus, tagignore).
 */
export function compileTagFilter(
  profile: Profile,
  option: string,
  filter: string,
  labelUnits: ReadonlyMap<string, string>,
): SampleMatcher | undefined {
  if (filter === '') return undefined;
  const { labelStart, labelKey, labelString, labelNumber } = profile.samples;
  const strings = profile.strings;
  let value = filter;
  let wantKey = '';
  const equals = filter.indexOf('=');
  if (equals >= 0) {
    wantKey = filter.slice(0, equals);
    value = filter.slice(equals + 1);
  }

  const numeric = parseTagFilterRange(value);
  if (numeric !== undefined) {
    const unitOf = (key: number) => labelUnits.get(strings[key]!) ?? '';
    return (sample) => {
      for (let l = labelStart[sample]!; l < labelStart[sample + 1]!; l++) {
        if (labelString[l] !== 0) continue;
        const key = labelKey[l]!;
        if (wantKey !== '' && strings[key] !== wantKey) continue;
        if (numeric(labelNumber[l]!, unitOf(key))) return true;
      }
      return false;
    };
  }

  const patterns = value.split(',').map((pattern) => compileOptionRegexp(option, pattern));
  if (wantKey === '') {
    // Matched once per distinct key:value pair and pattern, not per sample: labels repeat.
    const answers = patterns.map(() => new Map<number, boolean>());
    const pairMatches = (p: number, l: number): boolean => {
      const pair = labelKey[l]! * strings.length + labelString[l]!;
      let matched = answers[p]!.get(pair);
      if (matched === undefined) {
        matched = patterns[p]!.test(`${strings[labelKey[l]!]}:${strings[labelString[l]!]}`);
        answers[p]!.set(pair, matched);
      }
      return matched;
    };
    return (sample) => {
      const start = labelStart[sample]!;
      const end = labelStart[sample + 1]!;
      patterns: for (let p = 0; p < patterns.length; p++) {
        for (let l = start; l < end; l++) {
          if (labelString[l] !== 0 && pairMatches(p, l)) continue patterns;
        }
        return false;
      }
      return true;
    };
  }
  // Matched once per distinct value.
  const answers = new Map<number, boolean>();
  const valueMatches = (value: number): boolean => {
    let matched = answers.get(value);
    if (matched === undefined) {
      const text = strings[value]!;
      matched = patterns.some((pattern) => pattern.test(text));
      answers.set(value, matched);
    }
    return matched;
  };
  return (sample) => {
    for (let l = labelStart[sample]!; l < labelStart[sample + 1]!; l++) {
      if (labelString[l] === 0 || strings[labelKey[l]!] !== wantKey) continue;
      if (valueMatches(labelString[l]!)) return true;
    }
    return false;
  };
}

/** pprof's FilterSamplesByTag: drops the samples -tagfocus does not match or -tagignore does. */
export function filterSamplesByTag(
  state: FilterState,
  tagFocus: SampleMatcher | undefined,
  tagIgnore: SampleMatcher | undefined,
): void {
  if (!tagFocus && !tagIgnore) return;
  const { kept } = state;
  let focusMatched = false;
  let ignoreMatched = false;
  for (let i = 0; i < kept.length; i++) {
    if (kept[i] === 0) continue;
    const focused = tagFocus ? tagFocus(i) : true;
    const ignored = tagIgnore ? tagIgnore(i) : false;
    focusMatched ||= focused;
    ignoreMatched ||= ignored;
    if (!focused || ignored) kept[i] = 0;
  }
  warnUnmatched(state, !tagFocus || focusMatched, 'TagFocus');
  warnUnmatched(state, !tagIgnore || ignoreMatched, 'TagIgnore');
}

/** pprof's FilterTagsByName: the label keys (string indices) reports leave out under -tagshow/-taghide. */
export function filterTagsByName(
  state: FilterState,
  tagShow: GoRegexp | undefined,
  tagHide: GoRegexp | undefined,
): Set<number> {
  const hiddenKeys = new Set<number>();
  if (!tagShow && !tagHide) return hiddenKeys;
  const { profile, kept } = state;
  const samples = profile.samples;
  let showMatched = false;
  let hideMatched = false;
  const seen = new Set<number>();
  for (let i = 0; i < kept.length; i++) {
    if (kept[i] === 0) continue;
    for (let l = samples.labelStart[i]!; l < samples.labelStart[i + 1]!; l++) seen.add(samples.labelKey[l]!);
  }
  for (const key of seen) {
    const name = profile.strings[key]!;
    const matchShow = !tagShow || tagShow.test(name);
    const matchHide = tagHide !== undefined && tagHide.test(name);
    showMatched ||= matchShow;
    hideMatched ||= matchHide;
    if (!matchShow || matchHide) hiddenKeys.add(key);
  }
  warnUnmatched(state, !tagShow || showMatched, 'TagShow');
  warnUnmatched(state, !tagHide || hideMatched, 'TagHide');
  return hiddenKeys;
}
