// Decodes the Sample messages of a profile into flat typed arrays; the hot path of decoding.
//
// Location references are kept as the proto's raw ids until every Location is known (the proto
// does not order fields); `resolveLocations` then rewrites them in place as dense indices.

import { GrowableFloat64, GrowableUint32 } from './growable-arrays.js';
import { ProfileDecodeError } from './profile-errors.js';
import type { IdIndex } from './id-index.js';
import type { SampleTable } from './profile-model.js';
import { WIRE_LENGTH, WIRE_VARINT, type WireReader } from './wire-reader.js';

const MAX_UINT32 = 0xffffffff;

export class SampleDecoder {
  count = 0;
  private valuesPerSample = -1;
  private values: Float64Array;
  private valueCount = 0;
  private stackStart: GrowableUint32;
  /** Raw location ids; widened to doubles only if some id does not fit 32 bits. */
  private locationIds: Uint32Array | Float64Array;
  private locationIdCount = 0;
  private labelStart = new GrowableUint32();
  private labelKey = new GrowableUint32();
  private labelString = new GrowableUint32();
  private labelNumber = new GrowableFloat64();
  private labelUnit = new GrowableUint32();
  /** The largest string index referenced, checked against the string table once at the end. */
  maxStringIndex = 0;

  constructor(profileBytes: number) {
    // Sized from the input so large profiles do not pay for many doublings.
    this.values = new Float64Array(Math.max(64, profileBytes >>> 4));
    this.locationIds = new Uint32Array(Math.max(64, profileBytes >>> 2));
    this.stackStart = new GrowableUint32(Math.max(64, profileBytes >>> 6));
  }

  /** Decodes one Sample message occupying [reader.pos, end). */
  decode(reader: WireReader, end: number): void {
    reader.context = 'Sample';
    this.stackStart.push(this.locationIdCount);
    this.labelStart.push(this.labelKey.length);
    const valuesBefore = this.valueCount;
    while (reader.pos < end) {
      const tag = reader.tag();
      const field = tag >>> 3;
      const wireType = tag & 7;
      if (field === 1) {
        if (wireType === WIRE_LENGTH) {
          const packedEnd = reader.lengthEnd();
          while (reader.pos < packedEnd) this.pushLocationId(reader.uint());
        } else if (wireType === WIRE_VARINT) this.pushLocationId(reader.uint());
        else reader.fail(`sample.location_id has wire type ${wireType}`);
      } else if (field === 2) {
        if (wireType === WIRE_LENGTH) {
          const packedEnd = reader.lengthEnd();
          while (reader.pos < packedEnd) this.pushValue(reader.int64());
        } else if (wireType === WIRE_VARINT) this.pushValue(reader.int64());
        else reader.fail(`sample.value has wire type ${wireType}`);
      } else if (field === 3 && wireType === WIRE_LENGTH) {
        this.decodeLabel(reader, reader.lengthEnd());
      } else reader.skip(wireType);
    }
    if (reader.pos !== end) reader.fail('a field runs past the end of the sample');
    reader.context = 'Profile';
    const valueCount = this.valueCount - valuesBefore;
    if (this.valuesPerSample < 0) this.valuesPerSample = valueCount;
    else if (valueCount !== this.valuesPerSample) {
      throw new ProfileDecodeError(
        `sample ${this.count} has ${valueCount} values but sample 0 has ${this.valuesPerSample}`,
      );
    }
    this.count++;
  }

  private pushLocationId(id: number): void {
    if (this.locationIdCount === this.locationIds.length) {
      const next =
        this.locationIds instanceof Uint32Array
          ? new Uint32Array(this.locationIds.length * 2)
          : new Float64Array(this.locationIds.length * 2);
      next.set(this.locationIds);
      this.locationIds = next;
    }
    if (id > MAX_UINT32 && this.locationIds instanceof Uint32Array) {
      this.locationIds = Float64Array.from(this.locationIds);
    }
    this.locationIds[this.locationIdCount++] = id;
  }

  private pushValue(value: number): void {
    if (this.valueCount === this.values.length) {
      const next = new Float64Array(this.values.length * 2);
      next.set(this.values);
      this.values = next;
    }
    this.values[this.valueCount++] = value;
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
   * Rewrites raw location ids as indices and returns the finished table. Throws when a sample
   * names a location that does not exist.
   */
  finish(sampleTypeCount: number, locationIndex: IdIndex): SampleTable {
    if (this.count > 0 && this.valuesPerSample !== sampleTypeCount) {
      throw new ProfileDecodeError(
        `samples have ${this.valuesPerSample} values but the profile has ${sampleTypeCount} sample types`,
      );
    }
    this.stackStart.push(this.locationIdCount);
    this.labelStart.push(this.labelKey.length);
    const raw = this.locationIds;
    const stackLocations =
      raw instanceof Uint32Array ? raw.subarray(0, this.locationIdCount) : new Uint32Array(this.locationIdCount);
    for (let i = 0; i < this.locationIdCount; i++) {
      const id = raw[i]!;
      const index = id < locationIndex.dense.length ? locationIndex.dense[id]! : (locationIndex.sparse.get(id) ?? -1);
      if (index < 0) throw new ProfileDecodeError(`a sample references location id ${id}, which is not defined`);
      stackLocations[i] = index;
    }
    return {
      count: this.count,
      values: this.values.slice(0, this.valueCount),
      stackStart: this.stackStart.finish(),
      // A copy, so the oversized decode buffer is released.
      stackLocations: stackLocations.slice(),
      labelStart: this.labelStart.finish(),
      labelKey: this.labelKey.finish(),
      labelString: this.labelString.finish(),
      labelNumber: this.labelNumber.finish(),
      labelUnit: this.labelUnit.finish(),
    };
  }
}
