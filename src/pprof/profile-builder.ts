// Builds a Profile model piece by piece: for synthetic profiles in tests and for queries that
// produce new profiles (merged, filtered, diffed). Strings are interned; ids are 1..n.

import { GrowableFloat64, GrowableUint32 } from './growable-arrays.js';
import type { Mapping, Profile, ValueType } from './profile-model.js';

export interface BuilderLine {
  /** Function index returned by `addFunction`. */
  readonly function: number;
  readonly line?: number;
  readonly column?: number;
}

export interface BuilderLabel {
  readonly key: string;
  readonly value?: string;
  readonly number?: number;
  readonly unit?: string;
}

export interface ProfileHeader {
  readonly sampleTypes: readonly ValueType[];
  readonly defaultSampleType?: string;
  readonly periodType?: ValueType;
  readonly period?: number;
  readonly timeNanos?: bigint;
  readonly durationNanos?: number;
  readonly comments?: readonly string[];
  readonly dropFrames?: string;
  readonly keepFrames?: string;
  readonly docUrl?: string;
}

export class ProfileBuilder {
  private readonly strings: string[] = [''];
  private readonly stringIndex = new Map<string, number>([['', 0]]);
  private readonly functionKeys = new Map<string, number>();
  private readonly functionRows = {
    name: new GrowableUint32(),
    systemName: new GrowableUint32(),
    filename: new GrowableUint32(),
    startLine: new GrowableFloat64(),
  };
  private readonly mappings: Mapping[] = [];
  private readonly locationRows = {
    mapping: new GrowableUint32(),
    address: [] as bigint[],
    isFolded: new GrowableUint32(),
    lineStart: new GrowableUint32(),
    lineFunction: new GrowableUint32(),
    lineNumber: new GrowableFloat64(),
    lineColumn: new GrowableFloat64(),
  };
  private readonly sampleRows = {
    values: new GrowableFloat64(),
    stackStart: new GrowableUint32(),
    stackLocations: new GrowableUint32(),
    labelStart: new GrowableUint32(),
    labelKey: new GrowableUint32(),
    labelString: new GrowableUint32(),
    labelNumber: new GrowableFloat64(),
    labelUnit: new GrowableUint32(),
  };
  private sampleCount = 0;
  private built = false;

  constructor(private readonly header: ProfileHeader) {}

  /** Interns a string and returns its index in the string table. */
  string(text: string): number {
    let index = this.stringIndex.get(text);
    if (index === undefined) {
      index = this.strings.length;
      this.strings.push(text);
      this.stringIndex.set(text, index);
    }
    return index;
  }

  /** Adds a function, or returns the existing one with the same name, system name, file and start line. */
  addFunction(name: string, filename = '', startLine = 0, systemName = name): number {
    const key = `${name}\0${systemName}\0${filename}\0${startLine}`;
    const existing = this.functionKeys.get(key);
    if (existing !== undefined) return existing;
    const rows = this.functionRows;
    const index = rows.name.length;
    rows.name.push(this.string(name));
    rows.systemName.push(this.string(systemName));
    rows.filename.push(this.string(filename));
    rows.startLine.push(startLine);
    this.functionKeys.set(key, index);
    return index;
  }

  /** Adds a mapping (its id is assigned) and returns its index. */
  addMapping(mapping: Omit<Mapping, 'id'>): number {
    this.mappings.push({ ...mapping, id: BigInt(this.mappings.length + 1) });
    return this.mappings.length - 1;
  }

  /** Adds a location; `lines[0]` is the innermost inlined frame. Returns its index. */
  addLocation(lines: readonly BuilderLine[], address = 0n, mapping = -1, isFolded = false): number {
    const rows = this.locationRows;
    const index = rows.mapping.length;
    rows.mapping.push(mapping + 1);
    rows.address.push(address);
    rows.isFolded.push(isFolded ? 1 : 0);
    rows.lineStart.push(rows.lineFunction.length);
    for (const line of lines) {
      rows.lineFunction.push(line.function);
      rows.lineNumber.push(line.line ?? 0);
      rows.lineColumn.push(line.column ?? 0);
    }
    return index;
  }

  /** Adds a sample; `stack` holds location indices, leaf first; one value per sample type. */
  addSample(stack: ArrayLike<number>, values: ArrayLike<number>, labels: readonly BuilderLabel[] = []): void {
    if (values.length !== this.header.sampleTypes.length) {
      throw new RangeError(`add sample: ${values.length} values for ${this.header.sampleTypes.length} sample types`);
    }
    const rows = this.sampleRows;
    rows.stackStart.push(rows.stackLocations.length);
    for (let at = 0; at < stack.length; at++) rows.stackLocations.push(stack[at]!);
    for (let i = 0; i < values.length; i++) rows.values.push(values[i]!);
    rows.labelStart.push(rows.labelKey.length);
    for (const label of labels) {
      rows.labelKey.push(this.string(label.key));
      rows.labelString.push(label.value === undefined ? 0 : this.string(label.value));
      rows.labelNumber.push(label.number ?? 0);
      rows.labelUnit.push(label.unit === undefined ? 0 : this.string(label.unit));
    }
    this.sampleCount++;
  }

  /** Finishes the profile; the builder cannot be used afterwards. */
  build(): Profile {
    if (this.built) throw new Error('build profile: this builder has already built its profile');
    this.built = true;
    const header = this.header;
    const functions = this.functionRows;
    const locations = this.locationRows;
    const samples = this.sampleRows;
    const functionCount = functions.name.length;
    const locationCount = locations.mapping.length;
    samples.stackStart.push(samples.stackLocations.length);
    samples.labelStart.push(samples.labelKey.length);
    locations.lineStart.push(locations.lineFunction.length);
    const ids = (count: number) => BigUint64Array.from({ length: count }, (_, i) => BigInt(i + 1));
    return {
      strings: this.strings,
      sampleTypes: header.sampleTypes,
      defaultSampleType: header.defaultSampleType ?? '',
      samples: {
        count: this.sampleCount,
        values: samples.values.finish(),
        stackStart: samples.stackStart.finish(),
        stackLocations: samples.stackLocations.finish(),
        labelStart: samples.labelStart.finish(),
        labelKey: samples.labelKey.finish(),
        labelString: samples.labelString.finish(),
        labelNumber: samples.labelNumber.finish(),
        labelUnit: samples.labelUnit.finish(),
      },
      locations: {
        count: locationCount,
        id: ids(locationCount),
        mapping: locations.mapping.finish(),
        address: BigUint64Array.from(locations.address),
        isFolded: new Uint8Array(locations.isFolded.finish()),
        lineStart: locations.lineStart.finish(),
        lineFunction: locations.lineFunction.finish(),
        lineNumber: locations.lineNumber.finish(),
        lineColumn: locations.lineColumn.finish(),
      },
      functions: {
        count: functionCount,
        id: ids(functionCount),
        name: functions.name.finish(),
        systemName: functions.systemName.finish(),
        filename: functions.filename.finish(),
        startLine: functions.startLine.finish(),
      },
      mappings: this.mappings,
      dropFrames: header.dropFrames ?? '',
      keepFrames: header.keepFrames ?? '',
      timeNanos: header.timeNanos ?? 0n,
      durationNanos: header.durationNanos ?? 0,
      periodType: header.periodType ?? { type: '', unit: '' },
      period: header.period ?? 0,
      comments: header.comments ?? [],
      docUrl: header.docUrl ?? '',
      inexactValues: 0,
    };
  }
}
