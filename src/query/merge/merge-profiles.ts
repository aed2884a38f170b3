// Merging profiles as pprof does when given several files, a -base or a -diff_base
// (profile.Merge, measurement.ScaleProfiles, Profile.Normalize, Profile.Scale): units brought to the
// finest common one, identical functions, locations and samples folded together, values summed.

import { ProfileBuilder, type Profile, type ProfileHeader, type ValueType } from '../../pprof/portable.js';
import { compatibleValueTypes, scaleValue } from '../../units/index.js';
import { QueryError } from '../errors/query-error.js';
import { MergedLocations } from './merged-locations.js';
import { MergedSamples, sampleLabelsWith, type SetLabel } from './merged-samples.js';
import { NO_LABELS } from './sample-keys.js';

/** One input: a profile and the value scalings pprof applies to it in turn (each rounded). */
interface MergeSource {
  readonly profile: Profile;
  readonly scalings: readonly (readonly number[])[];
  /** Label set on every sample, replacing the key's values (pprof's SetLabel). */
  readonly setLabel?: SetLabel;
}

/** Go's math.Round: halves away from zero. */
function goRound(value: number): number {
  return value < 0 ? -Math.round(-value) : Math.round(value);
}

const isUnset = (t: ValueType) => t.type === '' && t.unit === '';

/** pprof's CommonValueType: the finest of compatible types; undefined for fewer than two. */
function commonValueType(types: readonly ValueType[], what: string): ValueType | undefined {
  if (types.length <= 1) return undefined;
  let minType = types[0]!;
  for (const t of types.slice(1)) {
    if (!compatibleValueTypes(minType, t)) {
      throw new QueryError(
        'merge',
        'profiles',
        `${what}: incompatible types {${minType.type} ${minType.unit}} {${t.type} ${t.unit}}`,
      );
    }
    if (scaleValue(1, t.unit, minType.unit).value < 1) minType = t;
  }
  return { ...minType };
}

/** pprof's ScaleProfiles: per profile, the ratio to the common unit of each sample type. */
function unitScalings(profiles: readonly Profile[]): {
  ratios: number[][];
  sampleTypes: ValueType[];
  periods: number[];
} {
  const periodTypes = profiles.map((p) => p.periodType).filter((t) => !isUnset(t));
  const periodType = commonValueType(periodTypes, 'period type');
  const width = profiles[0]!.sampleTypes.length;
  for (const p of profiles.slice(1)) {
    if (p.sampleTypes.length !== width) {
      throw new QueryError('merge', 'profiles', `inconsistent samples type count: ${width} != ${p.sampleTypes.length}`);
    }
  }
  const common = Array.from({ length: width }, (_, i) =>
    commonValueType(
      profiles.map((p) => p.sampleTypes[i]!),
      'sample types',
    ),
  );
  const periods = profiles.map((p) =>
    !isUnset(p.periodType) && periodType !== undefined
      ? Math.trunc(scaleValue(p.period, p.periodType.unit, periodType.unit).value)
      : p.period,
  );
  const ratios = profiles.map((p) =>
    p.sampleTypes.map((t, i) => (common[i] === undefined ? 1 : scaleValue(1, t.unit, common[i]!.unit).value)),
  );
  const sampleTypes = profiles[0]!.sampleTypes.map((t, i) => ({ type: t.type, unit: common[i]?.unit ?? t.unit }));
  return { ratios, sampleTypes, periods };
}

/** Merges profiles of the same type (as `go tool pprof a.pb.gz b.pb.gz`). */
export function mergeProfiles(profiles: readonly Profile[]): Profile {
  return mergeSources(profiles.map((profile) => ({ profile, scalings: [] })));
}

export interface DiffOptions {
  /** Scale the profile so its totals equal the base's first (pprof -normalize). */
  readonly normalize?: boolean;
  /**
   * true (pprof -diff_base): base samples are marked, and percentages are relative to the base;
   * false (pprof -base): the base is simply subtracted.
   */
  readonly diff?: boolean;
}

/** The profile minus a base profile, with base samples negated (and marked with pprof::base=true when diffing). */
export function subtractBaseProfile(source: Profile, base: Profile, options: DiffOptions = {}): Profile {
  const profileScalings: number[][] = [];
  // pprof normalizes the profile as it loaded it, its identical samples already merged (each file
  // goes through profile.Merge): the rounding of the scaling then applies once per merged sample.
  const profile = options.normalize ? mergeProfiles([source]) : source;
  if (options.normalize) {
    checkCompatible(profile, base);
    const width = profile.sampleTypes.length;
    const totals = (p: Profile) => {
      const sums = new Array<number>(width).fill(0);
      const values = p.samples.values;
      for (let i = 0; i < values.length; i++) sums[i % width]! += values[i]!;
      return sums;
    };
    const baseTotals = totals(base);
    const sourceTotals = totals(profile);
    profileScalings.push(sourceTotals.map((source, i) => (source === 0 ? 0 : baseTotals[i]! / source)));
  }
  return mergeSources([
    { profile, scalings: profileScalings },
    {
      profile: base,
      scalings: [base.sampleTypes.map(() => -1)],
      ...(options.diff ? { setLabel: { key: 'pprof::base', value: 'true' } } : {}),
    },
  ]);
}

function checkCompatible(a: Profile, b: Profile): void {
  const same = (x: ValueType, y: ValueType) => x.type === y.type && x.unit === y.unit;
  const describe = (p: Profile) => `[${p.sampleTypes.map((t) => `${t.type}/${t.unit}`).join(' ')}]`;
  if (!same(a.periodType, b.periodType)) {
    throw new QueryError(
      'merge',
      'profiles',
      `incompatible period types ${a.periodType.type}/${a.periodType.unit} and ${b.periodType.type}/${b.periodType.unit}`,
    );
  }
  if (a.sampleTypes.length !== b.sampleTypes.length || a.sampleTypes.some((t, i) => !same(t, b.sampleTypes[i]!))) {
    throw new QueryError('merge', 'profiles', `incompatible sample types ${describe(a)} and ${describe(b)}`);
  }
}

/** Applies pprof's ScaleN steps to one sample's values; false when the sample is dropped. */
function scaleValues(values: Float64Array, scalings: readonly (readonly number[])[]): boolean {
  for (const ratios of scalings) {
    if (ratios.every((r) => r === 1)) continue;
    let keep = false;
    for (let i = 0; i < values.length; i++) {
      if (ratios[i] === 1) continue;
      values[i] = goRound(values[i]! * ratios[i]!);
      keep ||= values[i] !== 0;
    }
    if (!keep) return false;
  }
  return true;
}

/** pprof's combineHeaders: the earliest time, the durations summed, the largest period, each comment once. */
function combineHeaders(profiles: readonly Profile[], units: ReturnType<typeof unitScalings>): ProfileHeader {
  let timeNanos = 0n;
  let durationNanos = 0;
  let period = 0;
  const comments: string[] = [];
  let defaultSampleType = '';
  profiles.forEach((p, i) => {
    if (timeNanos === 0n || p.timeNanos < timeNanos) timeNanos = p.timeNanos;
    durationNanos += p.durationNanos;
    const scaledPeriod = units.periods[i]!;
    if (period === 0 || period < scaledPeriod) period = scaledPeriod;
    for (const c of p.comments) if (!comments.includes(c)) comments.push(c);
    if (defaultSampleType === '') defaultSampleType = p.defaultSampleType;
  });
  const first = profiles[0]!;
  return {
    sampleTypes: units.sampleTypes,
    defaultSampleType,
    periodType: first.periodType,
    period,
    timeNanos,
    durationNanos,
    comments,
    dropFrames: first.dropFrames,
    keepFrames: first.keepFrames,
    docUrl: first.docUrl,
  };
}

function mergeSources(sources: readonly MergeSource[]): Profile {
  if (sources.length === 0) throw new QueryError('merge', 'profiles', 'no profiles to merge');
  const profiles = sources.map((s) => s.profile);
  const units = unitScalings(profiles);
  for (const p of profiles.slice(1)) checkCompatibleScaled(profiles[0]!, p, units.sampleTypes);
  const builder = new ProfileBuilder(combineHeaders(profiles, units));
  const locations = new MergedLocations(builder);
  const merged = new MergedSamples(
    units.sampleTypes.length,
    profiles.reduce((sum, p) => sum + p.samples.count, 0),
  );
  sources.forEach((source, i) => {
    const scalings = [...source.scalings, units.ratios[i]!];
    addSourceSamples(source, scalings, locations.locationsOf(source.profile), merged);
  });
  // Samples that summed to zero are dropped (pprof re-merges to collect them).
  merged.addNonZeroTo(builder);
  return builder.build();
}

/** One source's samples, scaled (dropped when scaling leaves them zero), on the merged locations. */
function addSourceSamples(
  source: MergeSource,
  scalings: readonly (readonly number[])[],
  locationOf: (location: number) => number,
  merged: MergedSamples,
): void {
  const p = source.profile;
  const width = p.sampleTypes.length;
  const samples = p.samples;
  const values = new Float64Array(width);
  let stack = new Uint32Array(64);
  const setLabel = source.setLabel;
  /** The label set of samples that have no labels of their own. */
  const unlabelled =
    setLabel === undefined ? NO_LABELS : merged.labelSet([{ key: setLabel.key, value: setLabel.value }]);
  for (let s = 0; s < samples.count; s++) {
    values.set(samples.values.subarray(s * width, (s + 1) * width));
    if (!scaleValues(values, scalings)) continue;
    if (values.every((v) => v === 0)) continue;
    const from = samples.stackStart[s]!;
    const depth = samples.stackStart[s + 1]! - from;
    if (depth > stack.length) stack = new Uint32Array(depth * 2);
    for (let at = 0; at < depth; at++) stack[at] = locationOf(samples.stackLocations[from + at]!);
    const labelSet =
      samples.labelStart[s] === samples.labelStart[s + 1]
        ? unlabelled
        : merged.labelSet(sampleLabelsWith(p, s, setLabel));
    merged.add(stack, depth, values, labelSet);
  }
}

function checkCompatibleScaled(a: Profile, b: Profile, sampleTypes: readonly ValueType[]): void {
  if (!(a.periodType.type === b.periodType.type)) {
    throw new QueryError(
      'merge',
      'profiles',
      `incompatible period types ${a.periodType.type}/${a.periodType.unit} and ${b.periodType.type}/${b.periodType.unit}`,
    );
  }
  if (b.sampleTypes.some((t, i) => t.type !== sampleTypes[i]!.type)) {
    const describe = (p: Profile) => `[${p.sampleTypes.map((t) => `${t.type}/${t.unit}`).join(' ')}]`;
    throw new QueryError('merge', 'profiles', `incompatible sample types ${describe(a)} and ${describe(b)}`);
  }
}
