// Writes protobuf wire format into a growing byte buffer; the mirror of wire-reader.ts.
//
// Nested messages are written in place: the body goes into the same buffer after a one-byte
// length slot and is shifted once if its length needs more bytes, so encoding allocates nothing
// per message.

import { WIRE_LENGTH, WIRE_VARINT } from './wire-reader.js';

const TWO_POW_32 = 4294967296;

export class WireWriter {
  private buf: Uint8Array;
  private pos = 0;

  constructor(initialCapacity = 1 << 16) {
    this.buf = new Uint8Array(initialCapacity);
  }

  private ensure(bytes: number): void {
    if (this.pos + bytes <= this.buf.length) return;
    let capacity = this.buf.length * 2;
    while (capacity < this.pos + bytes) capacity *= 2;
    const next = new Uint8Array(capacity);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
  }

  /** Writes a non-negative integer below 2^53 as a varint. */
  uint(value: number): void {
    this.ensure(10);
    const buf = this.buf;
    let pos = this.pos;
    while (value >= 0x80) {
      buf[pos++] = (value % 0x80) | 0x80;
      value = Math.floor(value / 0x80);
    }
    buf[pos++] = value;
    this.pos = pos;
  }

  /** Writes an integer-valued double as a two's-complement int64 varint (negatives take 10 bytes). */
  int64(value: number): void {
    if (value >= 0) {
      this.uint(value);
      return;
    }
    // Split into 32-bit words of the 64-bit two's complement; exact for |value| <= 2^53.
    const hi = Math.floor(value / TWO_POW_32);
    const lo = value - hi * TWO_POW_32;
    this.uint64Words(lo >>> 0, hi >>> 0);
  }

  /** Writes an unsigned 64-bit bigint as a varint. */
  uint64(value: bigint): void {
    this.uint64Words(Number(value & 0xffffffffn), Number((value >> 32n) & 0xffffffffn));
  }

  private uint64Words(lo: number, hi: number): void {
    this.ensure(10);
    const buf = this.buf;
    let pos = this.pos;
    while (hi !== 0 || lo >= 0x80) {
      buf[pos++] = (lo & 0x7f) | 0x80;
      lo = ((lo >>> 7) | (hi << 25)) >>> 0;
      hi = hi >>> 7;
    }
    buf[pos++] = lo;
    this.pos = pos;
  }

  tag(field: number, wireType: number): void {
    this.uint(field * 8 + wireType);
  }

  /** A varint field, omitted when zero (proto3 default). */
  uintField(field: number, value: number): void {
    if (value === 0) return;
    this.tag(field, WIRE_VARINT);
    this.uint(value);
  }

  int64Field(field: number, value: number): void {
    if (value === 0) return;
    this.tag(field, WIRE_VARINT);
    this.int64(value);
  }

  uint64Field(field: number, value: bigint): void {
    if (value === 0n) return;
    this.tag(field, WIRE_VARINT);
    this.uint64(value);
  }

  boolField(field: number, value: boolean): void {
    if (value) this.uintField(field, 1);
  }

  bytesField(field: number, bytes: Uint8Array): void {
    this.tag(field, WIRE_LENGTH);
    this.uint(bytes.length);
    this.ensure(bytes.length);
    this.buf.set(bytes, this.pos);
    this.pos += bytes.length;
  }

  /**
   * Writes a length-delimited field whose body `writeBody` produces. The body is written after a
   * one-byte length guess and moved if its length needs more bytes.
   */
  messageField(field: number, writeBody: () => void): void {
    this.tag(field, WIRE_LENGTH);
    this.ensure(1);
    const lengthAt = this.pos;
    this.pos += 1;
    writeBody();
    const length = this.pos - lengthAt - 1;
    if (length < 0x80) {
      this.buf[lengthAt] = length;
      return;
    }
    const prefixBytes = varintSize(length);
    this.ensure(prefixBytes - 1);
    this.buf.copyWithin(lengthAt + prefixBytes, lengthAt + 1, this.pos);
    this.pos += prefixBytes - 1;
    const end = this.pos;
    this.pos = lengthAt;
    this.uint(length);
    this.pos = end;
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }
}

function varintSize(value: number): number {
  let size = 1;
  while (value >= 0x80) {
    value = Math.floor(value / 0x80);
    size++;
  }
  return size;
}
