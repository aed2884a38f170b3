// pprof's -tagroot and -tagleaf (internal/driver/tagroot.go, addLabelNodes): pseudo frames made
// from sample labels, added to every sample's stack before any filter runs, so that a call tree
// can be grouped by a label (tenant, route, ...). The frame for key K is a function named by the
// sample's values of K joined with "," (string values first, then numeric ones with their unit),
// in file K; a sample without K gets a frame with an empty name. The first tagroot key becomes
// the new root; the last tagleaf key the new leaf.

import type { Profile } from '../../pprof/portable.js';
import { formatScaledValue } from '../../units/index.js';
import type { QueryOptions } from '../options/query-options.js';

export interface LabelNodesResult {
  /** The profile with the pseudo frames; the input itself when no key was asked for. */
  readonly profile: Profile;
  /** pprof's warnings ("TagRoot expression matched no samples"). */
  readonly warnings: readonly string[];
}

/** pprof's dropEmptyStrings(strings.Split(keys, ",")). */
export function labelKeysOf(list: string): string[] {
  return list.split(',').filter((key) => key !== '');
}

/** Strings appended to a profile's string table, interned. */
class StringAppender {
  readonly added: string[] = [];
  private readonly index: Map<string, number>;

  constructor(private readonly base: readonly string[]) {
    this.index = new Map(base.map((s, i) => [s, i] as const).reverse());
  }

  intern(text: string): number {
    let at = this.index.get(text);
    if (at === undefined) {
      at = this.base.length + this.added.length;
      this.added.push(text);
      this.index.set(text, at);
    }
    return at;
  }
}

/**
 * The values of a label on one sample, as pprof's formatLabelValues prints them. `isKey` marks
 * the string-table indices holding the key (a table may hold a string twice).
 */
function labelValues(profile: Profile, sample: number, isKey: Uint8Array, outputUnit: string): string[] {
  const { labelStart, labelKey, labelString, labelNumber, labelUnit } = profile.samples;
  const strings = profile.strings;
  const values: string[] = [];
  let anyUnit = false;
  const low = labelStart[sample]!;
  const high = labelStart[sample + 1]!;
  for (let l = low; l < high; l++) {
    if (isKey[labelKey[l]!] !== 1) continue;
    if (labelString[l] !== 0) values.push(strings[labelString[l]!]!);
    else if (labelUnit[l] !== 0) anyUnit = true;
  }
  for (let l = low; l < high; l++) {
    if (isKey[labelKey[l]!] !== 1 || labelString[l] !== 0) continue;
    // pprof keeps per-key units only when one of the sample's values has a unit; then a value
    // without one is scaled from "" to the output unit, else every value is printed bare.
    values.push(
      anyUnit
        ? formatScaledValue(labelNumber[l]!, strings[labelUnit[l]!]!, outputUnit)
        : formatScaledValue(labelNumber[l]!, '', ''),
    );
  }
  return values;
}

/** Pseudo locations (one function each) appended after a profile's own, keyed by name and file as pprof's locKey. */
class PseudoLocations {
  private readonly strings: StringAppender;
  private readonly ids = new Map<string, number>();
  readonly names: number[] = [];
  readonly files: number[] = [];

  constructor(private readonly profile: Profile) {
    this.strings = new StringAppender(profile.strings);
  }

  /** The location index of the pseudo frame `name` in file `file`. */
  locationOf(name: string, file: string): number {
    const key = `${name}\u0000${file}`;
    let location = this.ids.get(key);
    if (location === undefined) {
      location = this.profile.locations.count + this.names.length;
      this.ids.set(key, location);
      this.names.push(this.strings.intern(name));
      this.files.push(this.strings.intern(file));
    }
    return location;
  }

  /** The profile's strings, functions and locations with the pseudo ones appended (ids after the largest). */
  extend(): Pick<Profile, 'strings' | 'functions' | 'locations'> {
    const { functions, locations } = this.profile;
    const added = this.names.length;
    const functionCount = functions.count + added;
    const locationCount = locations.count + added;
    const lineCount = locations.lineFunction.length;
    const maxFunctionId = functions.id.reduce((max, id) => (id > max ? id : max), 0n);
    const maxLocationId = locations.id.reduce((max, id) => (id > max ? id : max), 0n);
    return {
      strings:
        this.strings.added.length === 0 ? this.profile.strings : [...this.profile.strings, ...this.strings.added],
      functions: {
        count: functionCount,
        id: grow(functions.id, functionCount, (i) => maxFunctionId + BigInt(i + 1)),
        name: grow(functions.name, functionCount, (i) => this.names[i]!),
        systemName: grow(functions.systemName, functionCount, () => 0),
        filename: grow(functions.filename, functionCount, (i) => this.files[i]!),
        startLine: grow(functions.startLine, functionCount, () => 0),
      },
      locations: {
        count: locationCount,
        id: grow(locations.id, locationCount, (i) => maxLocationId + BigInt(i + 1)),
        mapping: grow(locations.mapping, locationCount, () => 0),
        address: grow(locations.address, locationCount, () => 0n),
        isFolded: grow(locations.isFolded, locationCount, () => 0),
        // One line per pseudo location, calling its own function.
        lineStart: grow(locations.lineStart, locationCount + 1, (i) => lineCount + i + 1),
        lineFunction: grow(locations.lineFunction, lineCount + added, (i) => functions.count + i),
        lineNumber: grow(locations.lineNumber, lineCount + added, () => 0),
        lineColumn: grow(locations.lineColumn, lineCount + added, () => 0),
      },
    };
  }
}

/** `array` lengthened to `length`, the new entries from `fill` (given their index among the new ones). */
function grow<T extends Uint32Array | Float64Array | Uint8Array | BigUint64Array>(
  array: T,
  length: number,
  fill: (i: number) => T[number],
): T {
  const out = new (array.constructor as new (n: number) => T)(length);
  out.set(array as never);
  for (let i = array.length; i < length; i++) out[i] = fill(i - array.length);
  return out;
}

/**
 * Adds the pseudo frames of `rootKeys` at the root and of `leafKeys` at the leaf of every sample.
 * Samples keep their indices, values and labels; the new functions and locations are appended
 * after the existing ones (ids after the largest), so every other index stays valid.
 */
export function addLabelNodes(
  profile: Profile,
  rootKeys: readonly string[],
  leafKeys: readonly string[],
  outputUnit: string,
): { profile: Profile; rootMatched: boolean; leafMatched: boolean } {
  const keyMask = (key: string) => Uint8Array.from(profile.strings, (s) => (s === key ? 1 : 0));
  // Leaf side: the last key is the new leaf, so stacks (leaf first) list the keys backwards.
  const leafOrder = [...leafKeys].reverse().map((key) => ({ key, isKey: keyMask(key) }));
  // Root side: the first key is the new root, at the end of a leaf-first stack.
  const rootOrder = [...rootKeys].reverse().map((key) => ({ key, isKey: keyMask(key) }));
  const pseudo = new PseudoLocations(profile);
  const { samples } = profile;
  const count = samples.count;
  const extra = leafOrder.length + rootOrder.length;
  const stackStart = new Uint32Array(count + 1);
  const stackLocations = new Uint32Array(samples.stackLocations.length + extra * count);
  let rootMatched = false;
  let leafMatched = false;
  let at = 0;
  const push = (sample: number, keys: readonly { key: string; isKey: Uint8Array }[]): boolean => {
    let matched = false;
    for (const { key, isKey } of keys) {
      const values = labelValues(profile, sample, isKey, outputUnit);
      if (values.length > 0) matched = true;
      stackLocations[at++] = pseudo.locationOf(values.join(','), key);
    }
    return matched;
  };
  for (let s = 0; s < count; s++) {
    stackStart[s] = at;
    if (push(s, leafOrder)) leafMatched = true;
    const from = samples.stackStart[s]!;
    const to = samples.stackStart[s + 1]!;
    stackLocations.set(samples.stackLocations.subarray(from, to), at);
    at += to - from;
    if (push(s, rootOrder)) rootMatched = true;
  }
  stackStart[count] = at;
  return {
    rootMatched,
    leafMatched,
    profile: {
      ...profile,
      ...pseudo.extend(),
      samples: { ...samples, stackStart, stackLocations: stackLocations.subarray(0, at) },
    },
  };
}

/** One profile's derived profiles, so that the queries of one view share them. */
const derived = new WeakMap<Profile, Map<string, LabelNodesResult>>();
const DERIVED_PER_PROFILE = 2;

/** The profile a query with these options reads: with tagroot/tagleaf frames when they are set. */
export function withLabelNodes(profile: Profile, options: QueryOptions): LabelNodesResult {
  const rootKeys = labelKeysOf(options.tagRoot);
  const leafKeys = labelKeysOf(options.tagLeaf);
  if (rootKeys.length === 0 && leafKeys.length === 0) return { profile, warnings: [] };
  const cacheKey = `${rootKeys.join(',')}\u0000${leafKeys.join(',')}\u0000${options.unit}`;
  let cache = derived.get(profile);
  const hit = cache?.get(cacheKey);
  if (hit !== undefined) return hit;
  const result = addLabelNodes(profile, rootKeys, leafKeys, options.unit);
  const warnings: string[] = [];
  if (options.tagRoot !== '' && !result.rootMatched) warnings.push('TagRoot expression matched no samples');
  if (options.tagLeaf !== '' && !result.leafMatched) warnings.push('TagLeaf expression matched no samples');
  const value = { profile: result.profile, warnings };
  if (cache === undefined) derived.set(profile, (cache = new Map()));
  cache.set(cacheKey, value);
  if (cache.size > DERIVED_PER_PROFILE) cache.delete(cache.keys().next().value as string);
  return value;
}
