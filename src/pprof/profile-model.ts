// The readonly in-memory model of a decoded profile.proto, laid out in typed arrays.
//
// Layout contract: everything that grows with the number of samples lives in flat typed arrays
// (no object per sample); cross references are dense 0-based indices into the tables below,
// never the proto's ids. String fields hold indices into `strings` (index 0 is always ""), so
// queries can intern by number. Offsets arrays (`*Start`) have count + 1 entries: the items of
// row i are [start[i], start[i + 1]). The per-sample index arrays (stack locations, label strings)
// are Uint16Arrays when every index fits in 16 bits, as in most profiles: half the memory of the
// largest arrays; readers only index them.
//
// 64-bit contract: sample values and numeric labels are doubles, exact up to 2^53 in magnitude
// (`inexactValues` counts any that were not); addresses, ids and mapping ranges are bigints;
// `timeNanos` is a bigint because wall-clock nanoseconds exceed 2^53.

export interface ValueType {
  readonly type: string;
  readonly unit: string;
}

export interface SampleTable {
  readonly count: number;
  /** Row-major: sample i's values are [i * sampleTypes.length, (i + 1) * sampleTypes.length). */
  readonly values: Float64Array;
  /** Offsets into `stackLocations`, count + 1 entries. */
  readonly stackStart: Uint32Array;
  /** Location indices, leaf (innermost frame) first, as in the proto. */
  readonly stackLocations: Uint32Array | Uint16Array;
  /** Offsets into the label arrays, count + 1 entries. */
  readonly labelStart: Uint32Array;
  /** String index of the label key. */
  readonly labelKey: Uint32Array | Uint16Array;
  /** String index of the label value; 0 for a numeric label. */
  readonly labelString: Uint32Array | Uint16Array;
  /** Numeric label value (when `labelString` is 0). */
  readonly labelNumber: Float64Array;
  /** String index of the numeric label's unit; 0 when unset. */
  readonly labelUnit: Uint32Array | Uint16Array;
}

export interface LocationTable {
  readonly count: number;
  readonly id: BigUint64Array;
  /** Mapping index + 1; 0 when the location has no mapping. */
  readonly mapping: Uint32Array;
  readonly address: BigUint64Array;
  /** 1 when the location's frames were folded by the producer. */
  readonly isFolded: Uint8Array;
  /** Offsets into the line arrays, count + 1 entries. Line 0 is the innermost inlined frame; the last line is the caller that holds the others inlined. */
  readonly lineStart: Uint32Array;
  /** Function index of each line. */
  readonly lineFunction: Uint32Array;
  readonly lineNumber: Float64Array;
  readonly lineColumn: Float64Array;
}

export interface FunctionTable {
  readonly count: number;
  readonly id: BigUint64Array;
  /** String indices. */
  readonly name: Uint32Array;
  readonly systemName: Uint32Array;
  readonly filename: Uint32Array;
  readonly startLine: Float64Array;
}

export interface Mapping {
  readonly id: bigint;
  readonly memoryStart: bigint;
  readonly memoryLimit: bigint;
  readonly fileOffset: bigint;
  readonly filename: string;
  readonly buildId: string;
  readonly hasFunctions: boolean;
  readonly hasFilenames: boolean;
  readonly hasLineNumbers: boolean;
  readonly hasInlineFrames: boolean;
}

export interface Profile {
  /** The string table; index 0 is "". */
  readonly strings: readonly string[];
  readonly sampleTypes: readonly ValueType[];
  /** The producer's default sample type name; "" when unset. */
  readonly defaultSampleType: string;
  readonly samples: SampleTable;
  readonly locations: LocationTable;
  readonly functions: FunctionTable;
  readonly mappings: readonly Mapping[];
  readonly dropFrames: string;
  readonly keepFrames: string;
  /** Wall-clock capture time in nanoseconds since the Unix epoch; 0n when unset. */
  readonly timeNanos: bigint;
  readonly durationNanos: number;
  /** The type of `period`; { type: "", unit: "" } when unset, as pprof reads it. */
  readonly periodType: ValueType;
  readonly period: number;
  readonly comments: readonly string[];
  readonly docUrl: string;
  /** How many int64 values were beyond 2^53 in magnitude and so rounded. */
  readonly inexactValues: number;
  /** Set when decoding with a stack depth cap cut some samples' stacks (see DecodeOptions). */
  readonly truncatedStacks?: TruncatedStacks;
}

export interface TruncatedStacks {
  /** Samples whose stacks were deeper than the cap. */
  readonly sampleCount: number;
  /** The cap: each of them kept this many leaf-most frames plus one `(truncated N frames)`. */
  readonly maxStackDepth: number;
}

/**
 * The index of the sample type pprof shows when none is asked for: the producer's
 * `default_sample_type` when it names one of the types, else the last type (Go's heap profile
 * leaves it unset and so shows inuse_space).
 */
export function defaultSampleTypeIndex(profile: Profile): number {
  if (profile.defaultSampleType !== '') {
    const index = profile.sampleTypes.findIndex((t) => t.type === profile.defaultSampleType);
    if (index >= 0) return index;
  }
  return profile.sampleTypes.length - 1;
}
