// Decodes the Sample messages of a profile into flat typed arrays; the hot path of decoding.
//
// Speed: the packed location ids and values are read by inlined varint loops; location ids are
// turned into dense indices as they are read (Go writes each Location before the first Sample
// that uses it), and only ids not yet seen are resolved at the end. The large arrays grow in
// place inside resizable ArrayBuffers, so a 500k-sample profile is never copied while it grows.

import { GrowableFloat64, GrowableUint32 } from './growable-arrays.js';
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

  constructor(profileBytes: number) {
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
    const stack = this.stack;
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
    reader.pos = pos;
  }

  private pushLocationId(id: number): void {
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

  /**
   * Resolves the location ids not known when read and returns the finished table. Throws when a
   * sample names a location that does not exist.
   */
  finish(sampleTypeCount: number, locationIndex: IdIndex): SampleTable {
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
    return {
      count: this.count,
      values: this.values.finish(),
      stackStart: this.stackStart.finish(),
      stackLocations,
      labelStart: this.labelStart.finish(),
      labelKey: this.labelKey.finish(),
      labelString: this.labelString.finish(),
      labelNumber: this.labelNumber.finish(),
      labelUnit: this.labelUnit.finish(),
    };
  }
}
