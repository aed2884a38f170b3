// Reads protobuf wire format (varints, length-delimited fields) from a byte array, bounds-checked.
//
// 64-bit contract: `uint()` returns an exact JS number or throws when the value exceeds 2^53;
// `int64()` returns the nearest double (exact up to 2^53 in magnitude) and counts inexact reads
// in `inexactReads`; `uint64()` returns an exact bigint (used for addresses).

import { ProfileDecodeError } from './profile-errors.js';
import { decodeRawBytesText } from './raw-bytes-text.js';

export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_LENGTH = 2;
export const WIRE_START_GROUP = 3;
export const WIRE_END_GROUP = 4;
export const WIRE_FIXED32 = 5;

const TWO_POW_32 = 4294967296;

export class WireReader {
  pos: number;
  /** How many int64 reads could not be represented exactly as a double. */
  inexactReads = 0;

  constructor(
    readonly buf: Uint8Array,
    start: number,
    readonly end: number,
    /** Names the message being read (`Sample`, `Location`...), for error messages. */
    public context: string,
  ) {
    this.pos = start;
  }

  atEnd(): boolean {
    return this.pos >= this.end;
  }

  fail(reason: string): never {
    throw new ProfileDecodeError(`${reason} in ${this.context} at byte ${this.pos}`);
  }

  /** Reads a field tag; returns `fieldNumber * 8 + wireType` exactly as encoded. */
  tag(): number {
    const tag = this.uint();
    if (tag < 8) this.fail(`invalid field tag ${tag}`);
    return tag;
  }

  /** Reads an unsigned varint that must fit in 2^53. */
  uint(): number {
    const buf = this.buf;
    let pos = this.pos;
    if (pos >= this.end) this.fail('truncated varint');
    let byte = buf[pos++]!;
    if (byte < 0x80) {
      this.pos = pos;
      return byte;
    }
    let value = byte & 0x7f;
    let shift = 7;
    for (;;) {
      if (pos >= this.end) {
        this.pos = pos;
        this.fail('truncated varint');
      }
      byte = buf[pos++]!;
      if (shift < 28) value |= (byte & 0x7f) << shift;
      else value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) break;
      shift += 7;
      if (shift > 63) {
        this.pos = pos;
        this.fail('varint longer than 10 bytes');
      }
    }
    this.pos = pos;
    if (value > Number.MAX_SAFE_INTEGER) this.fail(`value ${value} exceeds 2^53`);
    return value;
  }

  /** Reads a varint as a two's-complement int64, as the nearest double. */
  int64(): number {
    const buf = this.buf;
    const start = this.pos;
    // Fast path: up to four bytes (28 bits) with no sign or precision questions.
    if (start + 4 <= this.end) {
      const b0 = buf[start]!;
      if (b0 < 0x80) {
        this.pos = start + 1;
        return b0;
      }
      const b1 = buf[start + 1]!;
      if (b1 < 0x80) {
        this.pos = start + 2;
        return (b0 & 0x7f) | (b1 << 7);
      }
      const b2 = buf[start + 2]!;
      if (b2 < 0x80) {
        this.pos = start + 3;
        return (b0 & 0x7f) | ((b1 & 0x7f) << 7) | (b2 << 14);
      }
      const b3 = buf[start + 3]!;
      if (b3 < 0x80) {
        this.pos = start + 4;
        return (b0 & 0x7f) | ((b1 & 0x7f) << 7) | ((b2 & 0x7f) << 14) | (b3 << 21);
      }
    }
    const lo = this.readLoHi();
    const hi = this.lastHighWord;
    // Two's complement: the high word carries the sign; the product is exact (a power of two).
    const signedHi = hi >= 0x80000000 ? hi - TWO_POW_32 : hi;
    if (signedHi > 0x200000 || (signedHi === 0x200000 && lo !== 0) || signedHi < -0x200000) this.inexactReads++;
    return signedHi * TWO_POW_32 + lo;
  }

  /** Reads a varint as an exact unsigned 64-bit bigint. */
  uint64(): bigint {
    const lo = this.readLoHi();
    return (BigInt(this.lastHighWord) << 32n) | BigInt(lo);
  }

  /** High 32 bits of the last `readLoHi`; a field rather than a tuple to keep the hot path allocation-free. */
  private lastHighWord = 0;

  /** Reads any varint; returns its low 32 bits and leaves the high 32 bits in `lastHighWord`. */
  private readLoHi(): number {
    const buf = this.buf;
    let pos = this.pos;
    let lo = 0;
    let hi = 0;
    let shift = 0;
    for (;;) {
      if (pos >= this.end) {
        this.pos = pos;
        this.fail('truncated varint');
      }
      const byte = buf[pos++]!;
      const bits = byte & 0x7f;
      if (shift < 28) lo |= bits << shift;
      else if (shift === 28) {
        lo |= (bits & 0x0f) << 28;
        hi |= bits >>> 4;
      } else hi |= bits << (shift - 32);
      if (byte < 0x80) break;
      shift += 7;
      if (shift > 63) {
        this.pos = pos;
        this.fail('varint longer than 10 bytes');
      }
    }
    this.pos = pos;
    this.lastHighWord = hi >>> 0;
    return lo >>> 0;
  }

  /** Reads a length prefix and returns the end offset of the delimited bytes. */
  lengthEnd(): number {
    const length = this.uint();
    const end = this.pos + length;
    if (end > this.end) this.fail(`length ${length} runs past the end of the message`);
    return end;
  }

  /** Skips a field of the given wire type whose tag has just been read. */
  skip(wireType: number): void {
    switch (wireType) {
      case WIRE_VARINT:
        this.readLoHi();
        return;
      case WIRE_FIXED64:
        this.advance(8);
        return;
      case WIRE_LENGTH:
        this.pos = this.lengthEnd();
        return;
      case WIRE_FIXED32:
        this.advance(4);
        return;
      default:
        this.fail(`unsupported wire type ${wireType}`);
    }
  }

  private advance(bytes: number): void {
    if (this.pos + bytes > this.end) this.fail('truncated fixed-width field');
    this.pos += bytes;
  }
}

/** Decodes UTF-8 keeping invalid bytes (raw-bytes-text.ts); ASCII-only strings take a faster path, since symbol names mostly are. */
export function decodeUtf8(buf: Uint8Array, start: number, end: number): string {
  const length = end - start;
  if (length < 64) {
    let ascii = true;
    for (let i = start; i < end; i++) {
      if (buf[i]! >= 0x80) {
        ascii = false;
        break;
      }
    }
    if (ascii) return String.fromCharCode.apply(null, buf.subarray(start, end) as unknown as number[]);
  }
  return decodeRawBytesText(buf, start, end);
}
