// Identity of samples as pprof's profile.Merge sees it (merge.go's sampleKey): the same stack and
// the same labels. A typed-array hash table over whole stacks, which it keeps one copy of per
// distinct sample: folding half a million samples allocates no string and no object per sample,
// and costs one hash pass over each stack plus one comparison with the stack it matches.

import { GrowableUint32 } from '../../pprof/portable.js';

/** The label-set id of a sample without labels. */
export const NO_LABELS = 0;

export type StackHash = (stack: ArrayLike<number>, from: number, to: number, labelSet: number) => number;

/** MurmurHash3's 32-bit mixing over the locations, seeded with the label set. */
export const murmurStackHash: StackHash = (stack, from, to, labelSet) => {
  let hash = Math.imul(labelSet, 0x9e3779b1) ^ (to - from);
  for (let at = from; at < to; at++) {
    let k = Math.imul(stack[at]!, 0xcc9e2d51);
    k = Math.imul((k << 15) | (k >>> 17), 0x1b873593);
    hash ^= k;
    hash = (Math.imul((hash << 13) | (hash >>> 19), 5) + 0xe6546b64) | 0;
  }
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  return hash ^ (hash >>> 16);
};

export interface SampleKeysOptions {
  /** How many distinct samples to size the table for; it grows past that. */
  readonly expected?: number;
  /** The stack hash; tests pass a poor one to exercise collisions. */
  readonly hash?: StackHash;
}

export class SampleKeys {
  private readonly hash: StackHash;
  /** Per slot, a sample id + 1; 0 is empty. */
  private slots: Int32Array;
  private mask: number;
  private readonly hashOf = new GrowableUint32();
  private readonly stackStart = new GrowableUint32();
  private readonly stackLocations = new GrowableUint32();
  private readonly labelSetOf = new GrowableUint32();
  private readonly labelSets = new Map<string, number>([['', NO_LABELS]]);

  constructor(options: SampleKeysOptions = {}) {
    this.hash = options.hash ?? murmurStackHash;
    let capacity = 16;
    while (capacity < (options.expected ?? 1024) * 2) capacity *= 2;
    this.slots = new Int32Array(capacity);
    this.mask = capacity - 1;
    this.stackStart.push(0);
  }

  /** How many distinct samples were interned; ids are 0..size-1 in order of first sight. */
  get size(): number {
    return this.labelSetOf.length;
  }

  /**
   * The id of the sample whose stack is `stack[from..to)` and whose labels have the given
   * label-set id; a new id (equal to the previous size) when unseen.
   */
  intern(stack: ArrayLike<number>, from: number, to: number, labelSet: number): number {
    const hash = this.hash(stack, from, to, labelSet) >>> 0;
    let slot = hash & this.mask;
    for (let stored = this.slots[slot]!; stored !== 0; stored = this.slots[slot]!) {
      const id = stored - 1;
      if (this.hashOf.data[id] === hash && this.labelSetOf.data[id] === labelSet && this.hasStack(id, stack, from, to))
        return id;
      slot = (slot + 1) & this.mask;
    }
    const id = this.size;
    this.slots[slot] = id + 1;
    this.hashOf.push(hash);
    this.labelSetOf.push(labelSet);
    for (let at = from; at < to; at++) this.stackLocations.push(stack[at]!);
    this.stackStart.push(this.stackLocations.length);
    if (this.size * 2 > this.mask) this.grow();
    return id;
  }

  /** The stack of a sample id, as interned (a view: valid until the next intern). */
  stackOf(id: number): Uint32Array {
    return this.stackLocations.data.subarray(this.stackStart.data[id]!, this.stackStart.data[id + 1]!);
  }

  labelSetOfSample(id: number): number {
    return this.labelSetOf.data[id]!;
  }

  /** The id of a label set, given a key equal for equal sets ("" for none); new ids count up from 1. */
  labelSet(key: string): number {
    let id = this.labelSets.get(key);
    if (id === undefined) {
      id = this.labelSets.size;
      this.labelSets.set(key, id);
    }
    return id;
  }

  private hasStack(id: number, stack: ArrayLike<number>, from: number, to: number): boolean {
    const start = this.stackStart.data[id]!;
    if (this.stackStart.data[id + 1]! - start !== to - from) return false;
    const locations = this.stackLocations.data;
    for (let at = from; at < to; at++) if (locations[start + at - from] !== stack[at]) return false;
    return true;
  }

  private grow(): void {
    const capacity = this.slots.length * 2;
    this.slots = new Int32Array(capacity);
    this.mask = capacity - 1;
    const hashes = this.hashOf.data;
    for (let id = 0; id < this.size; id++) {
      let slot = hashes[id]! & this.mask;
      while (this.slots[slot] !== 0) slot = (slot + 1) & this.mask;
      this.slots[slot] = id + 1;
    }
  }
}
