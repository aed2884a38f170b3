// The mutable profile the legacy parsers fill (pprof's own shape: objects per sample and location,
// shared by pointer), and its conversion to the readonly model with pprof's ids and mapping fix-ups
// (profile.ParseMemoryMapFromScanner: massageMappings, remapLocationIDs, remapMappingIDs).

import { ProfileBuilder } from '../profile-builder.js';
import { ProfileDecodeError } from '../profile-errors.js';
import type { Profile, ValueType } from '../profile-model.js';

export interface LegacyMapping {
  start: bigint;
  limit: bigint;
  offset: bigint;
  file: string;
  buildId: string;
}

export interface LegacyFunction {
  readonly name: string;
  readonly filename: string;
}

export interface LegacyLocation {
  address: bigint;
  mapping?: LegacyMapping;
  line?: { readonly function: LegacyFunction; readonly line: number };
}

export interface LegacySample {
  locations: LegacyLocation[];
  readonly values: number[];
  readonly bytesLabel?: number;
}

export interface LegacyProfile {
  sampleTypes: ValueType[];
  periodType: ValueType;
  period: number;
  durationNanos: number;
  readonly samples: LegacySample[];
  mappings: LegacyMapping[];
}

export function newLegacyProfile(sampleTypes: ValueType[], periodType: ValueType, period: number): LegacyProfile {
  return { sampleTypes, periodType, period, durationNanos: 0, samples: [], mappings: [] };
}

/**
 * What a parser throws when the data is not its format (pprof's errUnrecognized): the next parser
 * is tried, so it never leaves parseLegacyProfile.
 */
export class UnrecognizedFormat extends ProfileDecodeError {
  constructor() {
    super('not this legacy format');
  }
}

/** Interns locations by address, as each legacy parser's `locs` map. */
export function locationTable(): (address: bigint) => LegacyLocation {
  const locations = new Map<bigint, LegacyLocation>();
  return (address) => {
    let location = locations.get(address);
    if (location === undefined) {
      location = { address };
      locations.set(address, location);
    }
    return location;
  };
}

const LIBRARY = /([.]so$|[.]so[._][0-9]+)/;

function adjacent(a: LegacyMapping, b: LegacyMapping): boolean {
  if (a.file !== '' && b.file !== '' && a.file !== b.file) return false;
  if (a.buildId !== '' && b.buildId !== '' && a.buildId !== b.buildId) return false;
  if (a.limit !== b.start) return false;
  if (a.offset !== 0n && b.offset !== 0n && a.offset + (a.limit - a.start) !== b.offset) return false;
  return true;
}

/** pprof's massageMappings: adjacent pieces of one file merged, the main binary moved first. */
export function massageMappings(profile: LegacyProfile): void {
  if (profile.mappings.length > 1) {
    const merged = [profile.mappings[0]!];
    for (const m of profile.mappings.slice(1)) {
      const last = merged[merged.length - 1]!;
      if (!adjacent(last, m)) {
        merged.push(m);
        continue;
      }
      last.limit = m.limit;
      if (m.file !== '') last.file = m.file;
      if (m.buildId !== '') last.buildId = m.buildId;
      // Locations get their mappings after this (remapMappingIDs), so none points at m yet.
    }
    profile.mappings = merged;
  }
  const mappings = profile.mappings;
  for (let i = 0; i < mappings.length; i++) {
    const file = mappings[i]!.file.replaceAll('(deleted)', '').trim();
    if (file === '' || LIBRARY.test(file) || file.startsWith('[')) continue;
    [mappings[0], mappings[i]] = [mappings[i]!, mappings[0]!];
    break;
  }
}

/** pprof's remapMappingIDs: each location without a mapping gets the one holding its address. */
export function assignMappings(profile: LegacyProfile): void {
  const mappings = profile.mappings;
  const first = mappings[0];
  if (first?.file.startsWith('/anon_hugepage') === true && mappings.length > 1 && first.limit === mappings[1]!.start) {
    mappings.shift();
  }
  const main = mappings[0];
  // Linux x86 binaries load at 0x400000; a main mapping whose offset reaches back to it is the whole binary.
  if (main !== undefined && main.start - main.offset === 0x400000n) {
    main.start = 0x400000n;
    main.offset = 0n;
  }
  let fake: LegacyMapping | undefined;
  for (const location of orderedLocations(profile)) {
    const a = location.address;
    if (location.mapping !== undefined || a === 0n) continue;
    location.mapping =
      mappings.find((m) => m.start <= a && a < m.limit) ??
      mappings.find((m) => {
        if (m.offset === 0n || !(m.start - m.offset <= a && a < m.start)) return false;
        m.start -= m.offset;
        m.offset = 0n;
        return true;
      });
    if (location.mapping !== undefined) continue;
    if (fake === undefined) {
      fake = { start: 0n, limit: 0xffffffffffffffffn, offset: 0n, file: '', buildId: '' };
      mappings.push(fake);
    }
    location.mapping = fake;
  }
}

/** The locations in the order of their first use by a sample (remapLocationIDs). */
function orderedLocations(profile: LegacyProfile): LegacyLocation[] {
  const seen = new Set<LegacyLocation>();
  for (const sample of profile.samples) for (const location of sample.locations) seen.add(location);
  return [...seen];
}

/** The readonly model of a parsed legacy profile, with pprof's drop/keep frames for its kind. */
export function buildLegacyProfile(
  profile: LegacyProfile,
  frames: { readonly dropFrames: string; readonly keepFrames: string },
): Profile {
  const builder = new ProfileBuilder({
    sampleTypes: profile.sampleTypes,
    periodType: profile.periodType,
    period: profile.period,
    durationNanos: profile.durationNanos,
    ...frames,
  });
  const mappingIndex = new Map(
    profile.mappings.map((m) => [
      m,
      builder.addMapping({
        memoryStart: m.start,
        memoryLimit: m.limit,
        fileOffset: m.offset,
        filename: m.file,
        buildId: m.buildId,
        hasFunctions: false,
        hasFilenames: false,
        hasLineNumbers: false,
        hasInlineFrames: false,
      }),
    ]),
  );
  const locationIndex = new Map<LegacyLocation, number>();
  for (const location of orderedLocations(profile)) {
    const line = location.line;
    const lines =
      line === undefined
        ? []
        : [{ function: builder.addFunction(line.function.name, line.function.filename), line: line.line }];
    const mapping = location.mapping === undefined ? -1 : mappingIndex.get(location.mapping)!;
    locationIndex.set(location, builder.addLocation(lines, location.address, mapping));
  }
  for (const sample of profile.samples) {
    const labels = sample.bytesLabel === undefined ? [] : [{ key: 'bytes', number: sample.bytesLabel }];
    builder.addSample(
      sample.locations.map((l) => locationIndex.get(l)!),
      sample.values,
      labels,
    );
  }
  return builder.build();
}
