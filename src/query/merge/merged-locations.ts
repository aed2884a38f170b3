// Mappings, functions and locations of the merged profile, each added once across the inputs as
// pprof's Merge keys them (merge.go's mappingKey and locationKey): a location is the same when its
// address relative to its mapping, its mapping, its folding and its lines are.

import type { Mapping, Profile, ProfileBuilder } from '../../pprof/portable.js';

const MAP_SIZE_ROUNDING = 0x1000n;
const U64 = (value: bigint) => BigInt.asUintN(64, value);

/** A mapping of the merged profile, and how far an input mapping's addresses move into it. */
interface MappedMapping {
  readonly index: number;
  readonly offset: bigint;
}

export class MergedLocations {
  private readonly mappingKeys = new Map<string, number>();
  private readonly mappingStarts: bigint[] = [];
  private readonly locationKeys = new Map<string, number>();

  constructor(private readonly builder: ProfileBuilder) {}

  /** From `p`'s location indices to the merged profile's, adding each location (and its mapping, functions) once. */
  locationsOf(p: Profile): (location: number) => number {
    const mappingOf: (MappedMapping | undefined)[] = [];
    const mapMapping = (m: number) => (mappingOf[m] ??= this.addMapping(p.mappings[m]!));
    // The first profile's first mapping stays first (it is the main binary).
    if (this.mappingKeys.size === 0 && p.mappings.length > 0) mapMapping(0);
    const functionOf = new Int32Array(p.functions.count).fill(-1);
    const mapFunction = (f: number) => {
      if (functionOf[f] === -1) {
        const fns = p.functions;
        functionOf[f] = this.builder.addFunction(
          p.strings[fns.name[f]!]!,
          p.strings[fns.filename[f]!]!,
          fns.startLine[f]!,
          p.strings[fns.systemName[f]!]!,
        );
      }
      return functionOf[f]!;
    };
    const locationOf = new Int32Array(p.locations.count).fill(-1);
    return (l) => {
      if (locationOf[l] === -1) {
        const m = p.locations.mapping[l]!;
        locationOf[l] = this.addLocation(p, l, m === 0 ? undefined : mapMapping(m - 1), mapFunction);
      }
      return locationOf[l]!;
    };
  }

  private addMapping(mapping: Mapping): MappedMapping {
    let size = U64(mapping.memoryLimit - mapping.memoryStart);
    size = U64(size + MAP_SIZE_ROUNDING - 1n);
    size -= size % MAP_SIZE_ROUNDING;
    const key = `${size}\u0000${mapping.fileOffset}\u0000${mapping.buildId !== '' ? mapping.buildId : mapping.filename}`;
    const existing = this.mappingKeys.get(key);
    if (existing !== undefined) return { index: existing, offset: this.mappingStarts[existing]! - mapping.memoryStart };
    const { id: _id, ...rest } = mapping;
    const index = this.builder.addMapping(rest);
    this.mappingKeys.set(key, index);
    this.mappingStarts[index] = mapping.memoryStart;
    return { index, offset: 0n };
  }

  private addLocation(
    p: Profile,
    l: number,
    mapped: MappedMapping | undefined,
    mapFunction: (f: number) => number,
  ): number {
    const locs = p.locations;
    const address = U64(locs.address[l]! + (mapped?.offset ?? 0n));
    const lines = [];
    for (let i = locs.lineStart[l]!; i < locs.lineStart[l + 1]!; i++) {
      lines.push({
        function: mapFunction(locs.lineFunction[i]!),
        line: locs.lineNumber[i]!,
        column: locs.lineColumn[i]!,
      });
    }
    const keyAddress = mapped === undefined ? address : U64(address - this.mappingStarts[mapped.index]!);
    const key = `${keyAddress}\u0000${mapped === undefined ? 0 : mapped.index + 1}\u0000${locs.isFolded[l]}\u0000${lines
      .map((line) => `${line.function}|${line.line}`)
      .join('|')}`;
    let index = this.locationKeys.get(key);
    if (index === undefined) {
      index = this.builder.addLocation(
        lines,
        address,
        mapped === undefined ? -1 : mapped.index,
        locs.isFolded[l] === 1,
      );
      this.locationKeys.set(key, index);
    }
    return index;
  }
}
