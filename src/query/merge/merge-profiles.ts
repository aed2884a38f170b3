// Merging profiles as pprof does when given several files, a -base or a -diff_base
// (profile.Merge, measurement.ScaleProfiles, Profile.Normalize, Profile.Scale): units brought to the
// finest common one, identical functions, locations and samples folded together, values summed.

import {
  GrowableFloat64,
  ProfileBuilder,
  type BuilderLabel,
  type Profile,
  type ValueType,
} from '../../pprof/portable.js';
import { compatibleValueTypes, scaleValue } from '../../units/index.js';
import { QueryError } from '../errors/query-error.js';
import { NO_LABELS, SampleKeys } from './sample-keys.js';

/** One input: a profile and the value scalings pprof applies to it in turn (each rounded). */
interface MergeSource {
  readonly profile: Profile;
  readonly scalings: readonly (readonly number[])[];
  /** Label set on every sample, replacing the key's values (pprof's SetLabel). */
  readonly setLabel?: { readonly key: string; readonly value: string };
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
export function subtractBaseProfile(profile: Profile, base: Profile, options: DiffOptions = {}): Profile {
  const profileScalings: number[][] = [];
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

const MAP_SIZE_ROUNDING = 0x1000n;
const U64 = (value: bigint) => BigInt.asUintN(64, value);

function mergeSources(sources: readonly MergeSource[]): Profile {
  if (sources.length === 0) throw new QueryError('merge', 'profiles', 'no profiles to merge');
  const profiles = sources.map((s) => s.profile);
  const units = unitScalings(profiles);
  for (const p of profiles.slice(1)) checkCompatibleScaled(profiles[0]!, p, units.sampleTypes);

  // combineHeaders.
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
  const builder = new ProfileBuilder({
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
  });

  const mappingKeys = new Map<string, number>();
  const mappingStarts: bigint[] = [];
  const locationKeys = new Map<string, number>();
  const merged = new MergedSamples(
    units.sampleTypes.length,
    profiles.reduce((sum, p) => sum + p.samples.count, 0),
  );

  sources.forEach((source, sourceIndex) => {
    const p = source.profile;
    const scalings = [...source.scalings, units.ratios[sourceIndex]!];
    // Mappings: the first profile's first mapping stays first (it is the main binary).
    const mappingOf: { index: number; offset: bigint }[] = [];
    const mapMapping = (m: number) => {
      if (mappingOf[m] !== undefined) return mappingOf[m]!;
      const mapping = p.mappings[m]!;
      let size = U64(mapping.memoryLimit - mapping.memoryStart);
      size = U64(size + MAP_SIZE_ROUNDING - 1n);
      size -= size % MAP_SIZE_ROUNDING;
      const key = `${size}\u0000${mapping.fileOffset}\u0000${mapping.buildId !== '' ? mapping.buildId : mapping.filename}`;
      const existing = mappingKeys.get(key);
      if (existing !== undefined) {
        mappingOf[m] = { index: existing, offset: mappingStarts[existing]! - mapping.memoryStart };
      } else {
        const { id: _id, ...rest } = mapping;
        const index = builder.addMapping(rest);
        mappingKeys.set(key, index);
        mappingStarts[index] = mapping.memoryStart;
        mappingOf[m] = { index, offset: 0n };
      }
      return mappingOf[m]!;
    };
    if (mappingKeys.size === 0 && p.mappings.length > 0) mapMapping(0);

    const functionOf = new Int32Array(p.functions.count).fill(-1);
    const mapFunction = (f: number) => {
      if (functionOf[f] === -1) {
        const fns = p.functions;
        functionOf[f] = builder.addFunction(
          p.strings[fns.name[f]!]!,
          p.strings[fns.filename[f]!]!,
          fns.startLine[f]!,
          p.strings[fns.systemName[f]!]!,
        );
      }
      return functionOf[f]!;
    };
    const locationOf = new Int32Array(p.locations.count).fill(-1);
    const mapLocation = (l: number) => {
      if (locationOf[l] !== -1) return locationOf[l]!;
      const locs = p.locations;
      const m = locs.mapping[l]!;
      const mapped = m === 0 ? undefined : mapMapping(m - 1);
      const address = U64(locs.address[l]! + (mapped?.offset ?? 0n));
      const lines = [];
      for (let i = locs.lineStart[l]!; i < locs.lineStart[l + 1]!; i++) {
        lines.push({
          function: mapFunction(locs.lineFunction[i]!),
          line: locs.lineNumber[i]!,
          column: locs.lineColumn[i]!,
        });
      }
      const keyAddress = mapped === undefined ? address : U64(address - mappingStarts[mapped.index]!);
      const key = `${keyAddress}\u0000${mapped === undefined ? 0 : mapped.index + 1}\u0000${locs.isFolded[l]}\u0000${lines
        .map((line) => `${line.function}|${line.line}`)
        .join('|')}`;
      let index = locationKeys.get(key);
      if (index === undefined) {
        index = builder.addLocation(lines, address, mapped === undefined ? -1 : mapped.index, locs.isFolded[l] === 1);
        locationKeys.set(key, index);
      }
      locationOf[l] = index;
      return index;
    };

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
      for (let at = 0; at < depth; at++) stack[at] = mapLocation(samples.stackLocations[from + at]!);
      const labelSet =
        samples.labelStart[s] === samples.labelStart[s + 1]
          ? unlabelled
          : merged.labelSet(sampleLabels(p, s, setLabel));
      merged.add(stack, depth, values, labelSet);
    }
  });
  // Samples that summed to zero are dropped (pprof re-merges to collect them).
  merged.addNonZeroTo(builder);
  return builder.build();
}

/** A sample's labels, with `setLabel` replacing the values of its key (pprof's SetLabel). */
function sampleLabels(p: Profile, s: number, setLabel: MergeSource['setLabel']): BuilderLabel[] {
  const samples = p.samples;
  const labels: BuilderLabel[] = [];
  for (let l = samples.labelStart[s]!; l < samples.labelStart[s + 1]!; l++) {
    const key = p.strings[samples.labelKey[l]!]!;
    const str = samples.labelString[l]!;
    if (setLabel !== undefined && key === setLabel.key && str !== 0) continue;
    if (str !== 0) labels.push({ key, value: p.strings[str]! });
    else labels.push({ key, number: samples.labelNumber[l]!, unit: p.strings[samples.labelUnit[l]!]! || undefined });
  }
  if (setLabel !== undefined) labels.push({ key: setLabel.key, value: setLabel.value });
  return labels;
}

/** The merged samples on typed arrays: the distinct samples' keys and their summed values. */
class MergedSamples {
  private readonly keys: SampleKeys;
  private readonly values = new GrowableFloat64();
  private readonly labelSets: (readonly BuilderLabel[])[] = [[]];

  constructor(
    private readonly width: number,
    expected: number,
  ) {
    this.keys = new SampleKeys({ expected });
  }

  /** The id of a set of labels, equal for equal sets whatever their order. */
  labelSet(labels: readonly BuilderLabel[]): number {
    const id = this.keys.labelSet(labelKey(labels));
    // Ids count up from 1 (0 is no labels): a new one is the next slot.
    if (id === this.labelSets.length) this.labelSets.push(labels);
    return id;
  }

  /** Adds a sample's values to those of the identical sample, or appends it. */
  add(stack: Uint32Array, depth: number, values: Float64Array, labelSet: number): void {
    const id = this.keys.intern(stack, 0, depth, labelSet);
    if (id * this.width === this.values.length) {
      for (let i = 0; i < this.width; i++) this.values.push(values[i]!);
      return;
    }
    const sums = this.values.data;
    for (let i = 0; i < this.width; i++) sums[id * this.width + i]! += values[i]!;
  }

  addNonZeroTo(builder: ProfileBuilder): void {
    const sums = this.values.data;
    for (let id = 0; id < this.keys.size; id++) {
      const values = sums.subarray(id * this.width, (id + 1) * this.width);
      if (values.every((v) => v === 0)) continue;
      builder.addSample(this.keys.stackOf(id), values, this.labelSets[this.keys.labelSetOfSample(id)]!);
    }
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

/** A key equal for samples with the same labels, whatever their order (pprof keys by sorted key). */
function labelKey(labels: readonly BuilderLabel[]): string {
  const byKey = new Map<string, string[]>();
  for (const label of labels) {
    const text = label.value !== undefined ? `s${label.value}` : `n${label.number}\u0001${label.unit ?? ''}`;
    const list = byKey.get(label.key);
    if (list === undefined) byKey.set(label.key, [text]);
    else list.push(text);
  }
  return [...byKey.entries()]
    .map(([key, values]) => `${key}\u0002${values.join('\u0003')}`)
    .sort()
    .join('\u0004');
}
