// Decodes the Sample messages of a profile into flat typed arrays; the hot path of decoding.
//
// Speed: the packed location ids and values are read by inlined varint loops; location ids are
// turned into dense indices as they are read (Go writes each Location before the first Sample
// that uses it), and only ids not yet seen are resolved at the end. The large arrays grow in
// place inside resizable ArrayBuffers, so a 500k-sample profile is never copied while it grows.
//
// Depth cap: with `maxStackDepth` set, a sample keeps only its leaf-most frames (the proto lists
// them first) and the ids beyond are counted, never stored, so a hostile stack costs no memory;
// the sample's root end gets a placeholder that decode-profile.ts turns into a synthetic
// `(truncated N frames)` location. A stack of more than STACK_REFUSAL_FACTOR times the cap is
// refused outright.

import { GrowableFloat64, GrowableUint32, narrowIndices } from './growable-arrays.js';
import { ProfileDecodeError } from './profile-errors.js';
import type { IdIndex } from './id-index.js';
import type { SampleTable } from './profile-model.js';
import { WIRE_LENGTH, WIRE_VARINT, type WireReader } from './wire-reader.js';

interface ResizableArrayBuffer extends ArrayBuffer {
  resize(byteLength: number): void;
  readonly maxByteLength: number;
}

const ResizableBuffer = ArrayBuffer as unknown as new (
  byteLength: number,
  options: { maxByteLength: number },
) => ResizableArrayBuffer;

/** A typed array that grows in place up to a bound known from the input size. */
class GrowingArray<T extends Uint32Array | Float64Array> {
  private readonly buffer: ResizableArrayBuffer;
  array: T;
  length = 0;

  constructor(
    private readonly Kind: new (buffer: ArrayBuffer, byteOffset: number, length: number) => T,
    private readonly bytesPerElement: number,
    maxElements: number,
  ) {
    const maxBytes = Math.max(1024, maxElements * bytesPerElement);
    this.buffer = new ResizableBuffer(Math.min(maxBytes, 1 << 16), { maxByteLength: maxBytes });
    this.array = this.view();
  }

  /** A fixed-length view of the whole buffer: faster to index than a length-tracking one. */
  private view(): T {
    return new this.Kind(this.buffer, 0, this.buffer.byteLength / this.bytesPerElement);
  }

  /** Makes room for `count` more elements. */
  reserve(count: number): void {
    const needed = (this.length + count) * this.bytesPerElement;
    if (needed <= this.buffer.byteLength) return;
    const grown = Math.min(this.buffer.maxByteLength, Math.max(needed, this.buffer.byteLength * 2));
    if (grown < needed) throw new ProfileDecodeError('sample data larger than the profile itself (corrupt lengths)');
    this.buffer.resize(grown);
    this.array = this.view();
  }

  push(value: number): void {
    if (this.length === this.array.length) this.reserve(1);
    this.array[this.length++] = value;
  }

  /** Shrinks to the used length; the array is the table's final storage (no copy). */
  finish(): T {
    this.buffer.resize(this.length * this.bytesPerElement);
    this.array = this.view();
    return this.array;
  }
}

/** Ids below this are resolved on the fly through a dense table; larger ones at the end. */
const DENSE_ID_LIMIT = 1 << 24;

/** A sample deeper than this many times the depth cap is refused, not truncated (docs/decisions.md). */
export const STACK_REFUSAL_FACTOR = 256;

/** The samples cut to the depth cap: where each one's placeholder frame is, and what it stands for. */
export interface StackTruncations {
  /** Distinct counts of dropped frames, each of which needs its own `(truncated N frames)` location. */
  readonly droppedCounts: ReadonlySet<number>;
  readonly sampleCount: number;
}

export class SampleDecoder {
  count = 0;
  private valuesPerSample = -1;
  private readonly values: GrowingArray<Float64Array>;
  private readonly stackStart: GrowingArray<Uint32Array>;
  /** Location indices, or a placeholder where the id was not yet known (see `pending*`). */
  private readonly stack: GrowingArray<Uint32Array>;
  private readonly pendingPositions = new GrowableUint32();
  private readonly pendingIds = new GrowableFloat64();
  private known = new Int32Array(4096).fill(-1);
  private readonly labelStart: GrowingArray<Uint32Array>;
  private labelKey = new GrowableUint32();
  private labelString = new GrowableUint32();
  private labelNumber = new GrowableFloat64();
  private labelUnit = new GrowableUint32();
  /** The largest string index referenced, checked against the string table once at the end. */
  maxStringIndex = 0;
  /** Frames of the sample being decoded so far, kept or dropped. */
  private depth = 0;
  private readonly maxStackDepth: number;
  private readonly refusalDepth: number;
  /** Per truncated sample: the placeholder's position in `stack`, and how many frames it replaces. */
  private readonly truncatedPositions = new GrowableUint32(4);
  private readonly truncatedDrops = new GrowableFloat64(4);

  /** `maxStackDepth`: frames kept per sample (Infinity: all). */
  constructor(profileBytes: number, maxStackDepth = Infinity) {
    this.maxStackDepth = maxStackDepth;
    this.refusalDepth = maxStackDepth * STACK_REFUSAL_FACTOR;
    // Bounds from the input: every id or value takes at least one byte, every Sample two.
    this.values = new GrowingArray(Float64Array, 8, profileBytes);
    this.stack = new GrowingArray(Uint32Array, 4, profileBytes);
    this.stackStart = new GrowingArray(Uint32Array, 4, (profileBytes >>> 1) + 2);
    this.labelStart = new GrowingArray(Uint32Array, 4, (profileBytes >>> 1) + 2);
  }

  /** Records a Location's id as it is decoded, so samples after it resolve it at once. */
  noteLocation(id: bigint, index: number): void {
    if (id >= BigInt(DENSE_ID_LIMIT)) return;
    const small = Number(id);
    if (small >= this.known.length) {
      let size = this.known.length;
      while (size <= small) size *= 2;
      const grown = new Int32Array(size).fill(-1);
      grown.set(this.known);
      this.known = grown;
    }
    if (this.known[small] === -1) this.known[small] = index;
  }

  /** Decodes one Sample message occupying [reader.pos, end). */
  decode(reader: WireReader, end: number): void {
    reader.context = 'Sample';
    this.stackStart.push(this.stack.length);
    this.labelStart.push(this.labelKey.length);
    const valuesBefore = this.values.length;
    const buf = reader.buf;
    while (reader.pos < end) {
      // Fast path: Go writes location_id (tag 0x0a) and value (0x12) packed, with short lengths.
      const pos = reader.pos;
      const tagByte = buf[pos]!;
      if ((tagByte === 0x0a || tagByte === 0x12) && pos + 1 < end && buf[pos + 1]! < 0x80) {
        const packedEnd = pos + 2 + buf[pos + 1]!;
        if (packedEnd > end) reader.fail('a field runs past the end of the sample');
        reader.pos = pos + 2;
        if (tagByte === 0x0a) this.decodePackedLocations(reader, packedEnd);
        else this.decodePackedValues(reader, packedEnd);
        continue;
      }
      const tag = reader.tag();
      const field = tag >>> 3;
      const wireType = tag & 7;
      if (field === 1) {
        if (wireType === WIRE_LENGTH) this.decodePackedLocations(reader, reader.lengthEnd());
        else if (wireType === WIRE_VARINT) this.pushLocationId(reader.uint());
        else reader.fail(`sample.location_id has wire type ${wireType}`);
      } else if (field === 2) {
        if (wireType === WIRE_LENGTH) this.decodePackedValues(reader, reader.lengthEnd());
        else if (wireType === WIRE_VARINT) {
          this.values.reserve(1);
          this.values.array[this.values.length++] = reader.int64();
        } else reader.fail(`sample.value has wire type ${wireType}`);
      } else if (field === 3 && wireType === WIRE_LENGTH) {
        this.decodeLabel(reader, reader.lengthEnd());
      } else reader.skip(wireType);
    }
    if (reader.pos !== end) reader.fail('a field runs past the end of the sample');
    reader.context = 'Profile';
    if (this.depth > this.maxStackDepth) {
      this.truncatedPositions.push(this.stack.length);
      this.truncatedDrops.push(this.depth - this.maxStackDepth);
      this.stack.push(0);
    }
    this.depth = 0;
    const valueCount = this.values.length - valuesBefore;
    if (this.valuesPerSample < 0) this.valuesPerSample = valueCount;
    else if (valueCount !== this.valuesPerSample) {
      throw new ProfileDecodeError(
        `sample ${this.count} has ${valueCount} values but sample 0 has ${this.valuesPerSample}`,
      );
    }
    this.count++;
  }

  private decodePackedLocations(reader: WireReader, packedEnd: number): void {
    // Every id takes at least one byte: when even that many fit under the cap, nothing is dropped.
    if (this.depth + (packedEnd - reader.pos) > this.maxStackDepth) {
      this.decodeDeepPackedLocations(reader, packedEnd);
      return;
    }
    const stack = this.stack;
    const before = stack.length;
    stack.reserve(packedEnd - reader.pos);
    const out = stack.array;
    const buf = reader.buf;
    const known = this.known;
    const knownLength = known.length;
    let n = stack.length;
    let pos = reader.pos;
    while (pos < packedEnd) {
      // Ids are almost always one or two bytes; longer ones take the general path.
      let id = buf[pos]!;
      if (id < 0x80) pos++;
      else if (pos + 1 < packedEnd && buf[pos + 1]! < 0x80) {
        id = (id & 0x7f) | (buf[pos + 1]! << 7);
        pos += 2;
      } else {
        // A varint overrunning the packed field is caught by the length check below.
        reader.pos = pos;
        id = reader.uint();
        pos = reader.pos;
      }
      const index = id < knownLength ? known[id]! : -1;
      if (index >= 0) out[n++] = index;
      else {
        this.pendingPositions.push(n);
        this.pendingIds.push(id);
        out[n++] = 0;
      }
    }
    if (pos !== packedEnd) {
      reader.pos = pos;
      reader.fail('a packed location_id runs past its length');
    }
    stack.length = n;
    this.depth += n - before;
    reader.pos = pos;
  }

  /** The packed ids of a sample that may exceed the cap: the first ones kept, the rest counted. */
  private decodeDeepPackedLocations(reader: WireReader, packedEnd: number): void {
    while (reader.pos < packedEnd && this.depth < this.maxStackDepth) this.pushLocationId(reader.uint());
    if (reader.pos > packedEnd) reader.fail('a packed location_id runs past its length');
    const buf = reader.buf;
    let dropped = 0;
    for (let pos = reader.pos; pos < packedEnd; pos++) if (buf[pos]! < 0x80) dropped++;
    if (reader.pos < packedEnd && buf[packedEnd - 1]! >= 0x80) {
      reader.pos = packedEnd;
      reader.fail('a packed location_id runs past its length');
    }
    reader.pos = packedEnd;
    this.addDropped(dropped);
  }

  private addDropped(frames: number): void {
    this.depth += frames;
    if (this.depth > this.refusalDepth) {
      throw new ProfileDecodeError(
        `sample ${this.count} has more than ${this.refusalDepth} frames (${STACK_REFUSAL_FACTOR} × the maximum stack depth of ${this.maxStackDepth}): refused as absurd`,
      );
    }
  }

  private pushLocationId(id: number): void {
    if (this.depth >= this.maxStackDepth) {
      this.addDropped(1);
      return;
    }
    this.depth++;
    const index = id < this.known.length ? this.known[id]! : -1;
    if (index < 0) {
      this.pendingPositions.push(this.stack.length);
      this.pendingIds.push(id);
    }
    this.stack.push(index < 0 ? 0 : index);
  }

  private decodePackedValues(reader: WireReader, packedEnd: number): void {
    const values = this.values;
    values.reserve(packedEnd - reader.pos);
    const out = values.array;
    const buf = reader.buf;
    let n = values.length;
    while (reader.pos < packedEnd) {
      const pos = reader.pos;
      const b0 = buf[pos]!;
      if (b0 < 0x80) {
        out[n++] = b0;
        reader.pos = pos + 1;
        continue;
      }
      if (pos + 2 < packedEnd) {
        const b1 = buf[pos + 1]!;
        if (b1 < 0x80) {
          out[n++] = (b0 & 0x7f) | (b1 << 7);
          reader.pos = pos + 2;
          continue;
        }
        const b2 = buf[pos + 2]!;
        if (b2 < 0x80) {
          out[n++] = (b0 & 0x7f) | ((b1 & 0x7f) << 7) | (b2 << 14);
          reader.pos = pos + 3;
          continue;
        }
      }
      out[n++] = reader.int64();
    }
    if (reader.pos !== packedEnd) reader.fail('a packed value runs past its length');
    values.length = n;
  }

  private decodeLabel(reader: WireReader, end: number): void {
    reader.context = 'Label';
    let key = 0;
    let str = 0;
    let num = 0;
    let unit = 0;
    while (reader.pos < end) {
      const tag = reader.tag();
      const wireType = tag & 7;
      switch (tag >>> 3) {
        case 1:
          key = reader.uint();
          break;
        case 2:
          str = reader.uint();
          break;
        case 3:
          num = reader.int64();
          break;
        case 4:
          unit = reader.uint();
          break;
        default:
          reader.skip(wireType);
      }
    }
    if (reader.pos !== end) reader.fail('a field runs past the end of the label');
    reader.context = 'Sample';
    // pprof drops a label that has neither a string nor a number nor a unit.
    if (str === 0 && num === 0 && unit === 0) return;
    const maxIndex = Math.max(key, str, unit);
    if (maxIndex > this.maxStringIndex) this.maxStringIndex = maxIndex;
    this.labelKey.push(key);
    this.labelString.push(str);
    this.labelNumber.push(num);
    this.labelUnit.push(unit);
  }

  /** The samples cut to the cap so far; the caller adds one location per distinct dropped count. */
  truncations(): StackTruncations {
    const drops = this.truncatedDrops.data.subarray(0, this.truncatedDrops.length);
    return { droppedCounts: new Set(drops), sampleCount: drops.length };
  }

  /**
   * Resolves the location ids not known when read and returns the finished table. Throws when a
   * sample names a location that does not exist. `truncationLocation` gives the index of the
   * `(truncated N frames)` location for each dropped count of truncations().
   */
  finish(
    sampleTypeCount: number,
    locationIndex: IdIndex,
    truncationLocation: (droppedFrames: number) => number = () => 0,
  ): SampleTable {
    if (this.count > 0 && this.valuesPerSample !== sampleTypeCount) {
      throw new ProfileDecodeError(
        `samples have ${this.valuesPerSample} values but the profile has ${sampleTypeCount} sample types`,
      );
    }
    this.stackStart.push(this.stack.length);
    this.labelStart.push(this.labelKey.length);
    const stackLocations = this.stack.finish();
    const positions = this.pendingPositions.data;
    const ids = this.pendingIds.data;
    for (let i = 0; i < this.pendingPositions.length; i++) {
      const id = ids[i]!;
      const index = id < locationIndex.dense.length ? locationIndex.dense[id]! : (locationIndex.sparse.get(id) ?? -1);
      if (index < 0) throw new ProfileDecodeError(`a sample references location id ${id}, which is not defined`);
      stackLocations[positions[i]!] = index;
    }
    for (let i = 0; i < this.truncatedPositions.length; i++) {
      stackLocations[this.truncatedPositions.data[i]!] = truncationLocation(this.truncatedDrops.data[i]!);
    }
    return {
      count: this.count,
      values: this.values.finish(),
      stackStart: this.stackStart.finish(),
      stackLocations: narrowIndices(stackLocations),
      labelStart: this.labelStart.finish(),
      labelKey: narrowIndices(this.labelKey.finish()),
      labelString: narrowIndices(this.labelString.finish()),
      labelNumber: this.labelNumber.finish(),
      labelUnit: narrowIndices(this.labelUnit.finish()),
    };
  }
}
