// pprof's -raw: the profile as text, exactly as Go's profile.Profile.String prints it (comments,
// period, time, duration, every sample with its location ids and labels, every location with its
// lines, every mapping), after the filters, which pprof applies in place: samples drop out,
// stacks and location lines shrink, but every location stays in the table with its id. Ids are
// the ones the profile holds: the caller passes the profile as pprof's Merge numbered it
// (mergeProfiles), which is what `go tool pprof` dumps.

import type { Profile } from '../../pprof/portable.js';
import { linesOf } from '../filter/location-lines.js';
import { selectSamples, type SampleSelection } from '../filter/select-samples.js';
import { mergeProfiles } from '../merge/merge-profiles.js';
import type { QueryOptions } from '../options/query-options.js';
import { compareGoStrings } from '../go/compare-go-strings.js';
import { formatGoDuration, formatGoTime } from '../go/go-time-text.js';
import type { TimeZone } from '../legend/profile-time.js';
import { inChunks } from './text-chunks.js';

const hex = (value: bigint) => `0x${value.toString(16)}`;

/** An int64 sample value as Go's %d prints it (our values are doubles, exact below 2^53). */
const integer = (value: number) => BigInt(Math.trunc(value)).toString();

function sampleLabels(selection: SampleSelection, s: number): string[] {
  const { samples, strings } = selection.profile;
  const text = new Map<string, string[]>();
  const numbers = new Map<string, { values: string[]; units: string[] }>();
  for (let l = samples.labelStart[s]!; l < samples.labelStart[s + 1]!; l++) {
    if (selection.hiddenLabelKeys.has(samples.labelKey[l]!)) continue;
    const key = strings[samples.labelKey[l]!]!;
    if (samples.labelString[l] !== 0) {
      text.set(key, [...(text.get(key) ?? []), strings[samples.labelString[l]!]!]);
      continue;
    }
    const unit = samples.labelUnit[l]!;
    // Go's decoder keeps a numeric label only when its value or its unit is set.
    if (samples.labelNumber[l] === 0 && unit === 0) continue;
    const entry = numbers.get(key) ?? { values: [], units: [] };
    // Units are padded with "" to the values before them, as Go's padStringArray.
    if (unit !== 0) {
      while (entry.units.length < entry.values.length) entry.units.push('');
      entry.units.push(strings[unit]!);
    }
    entry.values.push(integer(samples.labelNumber[l]!));
    numbers.set(key, entry);
  }
  const lines: string[] = [];
  const header = ' '.repeat(16);
  if (text.size > 0) {
    const parts = [...text].map(([key, values]) => `${key}:[${values.join(' ')}]`);
    lines.push(header + parts.sort(compareGoStrings).join(' '));
  }
  if (numbers.size > 0) {
    const parts = [...numbers].map(([key, { values, units }]) => {
      if (units.length === 0) return `${key}:[${values.join(' ')}]`;
      while (units.length < values.length) units.push('');
      return `${key}:[${values.map((value, i) => `${value} ${units[i]}`).join(' ')}]`;
    });
    lines.push(header + parts.sort(compareGoStrings).join(' '));
  }
  return lines;
}

function* sampleLines(selection: SampleSelection): Generator<string> {
  const { samples, locations, sampleTypes } = selection.profile;
  const width = sampleTypes.length;
  for (let s = 0; s < samples.count; s++) {
    if (selection.kept[s] === 0) continue;
    let line = '';
    for (let v = 0; v < width; v++) line += ` ${integer(samples.values[s * width + v]!).padStart(10)}`;
    line += ': ';
    for (let at = selection.stackLow[s]!; at < selection.stackHigh[s]!; at++) {
      const location = samples.stackLocations[at]!;
      if (selection.hidden[location] === 0) line += `${locations.id[location]} `;
    }
    yield [line, ...sampleLabels(selection, s)].join('\n');
  }
}

function* locationLines(selection: SampleSelection): Generator<string> {
  const { locations, functions, strings, mappings } = selection.profile;
  for (let l = 0; l < locations.count; l++) {
    let head = `${String(locations.id[l]).padStart(6)}: ${hex(locations.address[l]!)} `;
    const mapping = locations.mapping[l]!;
    if (mapping !== 0) head += `M=${mappings[mapping - 1]!.id} `;
    if (locations.isFolded[l] === 1) head += '[F] ';
    const kept = linesOf(selection.lines, l);
    if (kept.length === 0) {
      yield head;
      continue;
    }
    const lines: string[] = [];
    for (const line of kept) {
      const fn = locations.lineFunction[line]!;
      const name = strings[functions.name[fn]!]!;
      const systemName = strings[functions.systemName[fn]!]!;
      let text = `${name} ${strings[functions.filename[fn]!]!}:${integer(locations.lineNumber[line]!)} s=${integer(functions.startLine[fn]!)}`;
      if (name !== systemName) text += `(${systemName})`;
      // Only the first line carries the location's id and address.
      lines.push((lines.length === 0 ? head : ' '.repeat(13)) + text);
    }
    yield lines.join('\n');
  }
}

/** Go's Mapping.string: "ID: 0xSTART/0xLIMIT/0xOFFSET FILE BUILDID [FN][FL][LN][IN]". */
function mappingLine(mapping: Profile['mappings'][number]): string {
  const bits =
    (mapping.hasFunctions ? '[FN]' : '') +
    (mapping.hasFilenames ? '[FL]' : '') +
    (mapping.hasLineNumbers ? '[LN]' : '') +
    (mapping.hasInlineFrames ? '[IN]' : '');
  const range = `${hex(mapping.memoryStart)}/${hex(mapping.memoryLimit)}/${hex(mapping.fileOffset)}`;
  return `${mapping.id}: ${range} ${mapping.filename} ${mapping.buildId} ${bits}`;
}

function* rawLines(selection: SampleSelection, timeZone: TimeZone): Generator<string> {
  const { profile } = selection;
  for (const comment of profile.comments) yield `Comment: ${comment}`;
  // Go's decoder (and each legacy parser) always sets a period type, empty when the file has none.
  yield `PeriodType: ${profile.periodType.type} ${profile.periodType.unit}`;
  yield `Period: ${integer(profile.period)}`;
  if (profile.timeNanos !== 0n) {
    const zone = timeZone.at(Number(profile.timeNanos / 1_000_000n));
    yield `Time: ${formatGoTime(profile.timeNanos, zone)}`;
  }
  // Go prints it with %.4v: the duration's text cut to four characters.
  if (profile.durationNanos !== 0) {
    yield `Duration: ${[...formatGoDuration(BigInt(Math.trunc(profile.durationNanos)))].slice(0, 4).join('')}`;
  }
  yield 'Samples:';
  const types = profile.sampleTypes.map(
    (t) => `${t.type}/${t.unit}${t.type === profile.defaultSampleType ? '[dflt]' : ''}`,
  );
  yield types.join(' ').trim();
  yield* sampleLines(selection);
  yield 'Locations';
  yield* locationLines(selection);
  yield 'Mappings';
  for (const mapping of profile.mappings) yield mappingLine(mapping);
}

/**
 * The text of `go tool pprof -raw` for the samples and lines the filters left (selectSamples on
 * the merged profile), in chunks; times in `timeZone`, as Go prints local time.
 */
export function formatRawText(selection: SampleSelection, timeZone: TimeZone): Generator<string> {
  return inChunks(
    (function* () {
      for (const line of rawLines(selection, timeZone)) yield `${line}\n`;
    })(),
  );
}

/**
 * The profile without its samples of no location. pprof's sample filters (run even with no
 * filter set) keep only samples with a focused location, so -raw and -proto never show those,
 * although every report's total counts them.
 */
export function dropEmptyStacks(profile: Profile): Profile {
  const { samples } = profile;
  const keep: number[] = [];
  for (let s = 0; s < samples.count; s++) if (samples.stackStart[s + 1]! > samples.stackStart[s]!) keep.push(s);
  if (keep.length === samples.count) return profile;
  const width = profile.sampleTypes.length;
  const values = new Float64Array(keep.length * width);
  const stackStart = new Uint32Array(keep.length + 1);
  const labelStart = new Uint32Array(keep.length + 1);
  const stacks: number[] = [];
  const labels: number[] = [];
  keep.forEach((s, i) => {
    values.set(samples.values.subarray(s * width, (s + 1) * width), i * width);
    for (let at = samples.stackStart[s]!; at < samples.stackStart[s + 1]!; at++)
      stacks.push(samples.stackLocations[at]!);
    for (let at = samples.labelStart[s]!; at < samples.labelStart[s + 1]!; at++) labels.push(at);
    stackStart[i + 1] = stacks.length;
    labelStart[i + 1] = labels.length;
  });
  const pick = <T extends Uint32Array | Uint16Array | Float64Array>(array: T): T => {
    const out = new (array.constructor as new (length: number) => T)(labels.length);
    labels.forEach((at, i) => (out[i] = array[at]!));
    return out;
  };
  return {
    ...profile,
    samples: {
      count: keep.length,
      values,
      stackStart,
      stackLocations: Uint32Array.from(stacks),
      labelStart,
      labelKey: pick(samples.labelKey),
      labelString: pick(samples.labelString),
      labelNumber: pick(samples.labelNumber),
      labelUnit: pick(samples.labelUnit),
    },
  };
}

/**
 * The profile with one empty mapping that every location is in, when it has no mapping at all:
 * pprof adds this one on reading (its fetch's locateBinaries), to try symbolizing against it.
 */
export function withMapping(profile: Profile): Profile {
  if (profile.mappings.length > 0) return profile;
  const mapping = {
    id: 1n,
    memoryStart: 0n,
    memoryLimit: 0n,
    fileOffset: 0n,
    filename: '',
    buildId: '',
    hasFunctions: false,
    hasFilenames: false,
    hasLineNumbers: false,
    hasInlineFrames: false,
  };
  const locations = { ...profile.locations, mapping: new Uint32Array(profile.locations.count).fill(1) };
  return { ...profile, mappings: [mapping], locations };
}

/**
 * `go tool pprof -raw` on `profile` with the filters of `options`: the profile numbered as pprof's
 * Merge numbers it (after withMapping), its samples of no location left out, the filters applied.
 */
export function formatRawReport(profile: Profile, options: QueryOptions, timeZone: TimeZone): Generator<string> {
  return formatRawText(selectSamples(dropEmptyStacks(mergeProfiles([withMapping(profile)])), options), timeZone);
}
