// Append-only typed arrays that double when full, for decoding tables of unknown length.

export class GrowableUint32 {
  data: Uint32Array;
  length = 0;

  constructor(initialCapacity = 64) {
    this.data = new Uint32Array(Math.max(4, initialCapacity));
  }

  push(value: number): void {
    if (this.length === this.data.length) this.grow();
    this.data[this.length++] = value;
  }

  grow(): void {
    const next = new Uint32Array(this.data.length * 2);
    next.set(this.data);
    this.data = next;
  }

  /** Returns an exactly sized copy, so the spare capacity is freed with this builder. */
  finish(): Uint32Array {
    return this.data.slice(0, this.length);
  }
}

export class GrowableFloat64 {
  data: Float64Array;
  length = 0;

  constructor(initialCapacity = 64) {
    this.data = new Float64Array(Math.max(4, initialCapacity));
  }

  push(value: number): void {
    if (this.length === this.data.length) this.grow();
    this.data[this.length++] = value;
  }

  grow(): void {
    const next = new Float64Array(this.data.length * 2);
    next.set(this.data);
    this.data = next;
  }

  finish(): Float64Array {
    return this.data.slice(0, this.length);
  }
}

export class GrowableBigUint64 {
  private readonly items: bigint[] = [];

  push(value: bigint): void {
    this.items.push(value);
  }

  get length(): number {
    return this.items.length;
  }

  /** The values pushed so far, in order (read-only: callers must not keep it past finish()). */
  get values(): readonly bigint[] {
    return this.items;
  }

  finish(): BigUint64Array {
    return BigUint64Array.from(this.items);
  }
}

/**
 * `indices` in the narrowest array that holds them: a Uint16Array copy when all are below 2^16,
 * which halves the largest array of a decoded profile (a heap profile's stacks: 12 MB of the
 * 19 MB decoded on a medium one), else `indices` themselves.
 */
export function narrowIndices(indices: Uint32Array): Uint32Array | Uint16Array {
  let max = 0;
  for (let at = 0; at < indices.length; at++) if (indices[at]! > max) max = indices[at]!;
  if (max > 0xffff) return indices;
  const narrow = new Uint16Array(indices.length);
  narrow.set(indices);
  return narrow;
}
