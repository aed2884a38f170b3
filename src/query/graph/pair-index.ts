// Tables from pairs of small non-negative integers to dense ids, on typed arrays: edges (caller
// node, callee node), tags (node, tag) and tree children (parent, node) are looked up once per
// frame, millions of times per query, where a Map of strings would dominate the run time.

/** What every pair table offers: ids 0..size-1 in insertion order. */
export interface PairTable {
  readonly size: number;
  intern(a: number, b: number): number;
  forEach(visit: (a: number, b: number, id: number) => void): void;
}

/** Open addressing with linear probing; any range of keys. */
export class PairIndex implements PairTable {
  private keysA: Int32Array;
  private keysB: Int32Array;
  private ids: Int32Array;
  private mask: number;
  /** How many pairs are stored; ids are 0..size-1 in insertion order. */
  size = 0;

  constructor(expected = 1024) {
    let capacity = 1024;
    while (capacity < expected * 2) capacity *= 2;
    this.keysA = new Int32Array(capacity).fill(-1);
    this.keysB = new Int32Array(capacity);
    this.ids = new Int32Array(capacity);
    this.mask = capacity - 1;
  }

  /** The id of (a, b), inserting it with the next id when absent. */
  intern(a: number, b: number): number {
    let slot = (Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca77)) & this.mask;
    const keysA = this.keysA;
    const keysB = this.keysB;
    for (;;) {
      const stored = keysA[slot]!;
      if (stored === -1) break;
      if (stored === a && keysB[slot] === b) return this.ids[slot]!;
      slot = (slot + 1) & this.mask;
    }
    keysA[slot] = a;
    keysB[slot] = b;
    const id = this.size++;
    this.ids[slot] = id;
    if (this.size * 2 > this.mask) this.grow();
    return id;
  }

  /** The id of (a, b), or -1. */
  get(a: number, b: number): number {
    let slot = (Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca77)) & this.mask;
    for (;;) {
      const stored = this.keysA[slot]!;
      if (stored === -1) return -1;
      if (stored === a && this.keysB[slot] === b) return this.ids[slot]!;
      slot = (slot + 1) & this.mask;
    }
  }

  /** Visits every stored pair with its id. */
  forEach(visit: (a: number, b: number, id: number) => void): void {
    for (let slot = 0; slot < this.keysA.length; slot++) {
      const a = this.keysA[slot]!;
      if (a !== -1) visit(a, this.keysB[slot]!, this.ids[slot]!);
    }
  }

  private grow(): void {
    const oldA = this.keysA;
    const oldB = this.keysB;
    const oldIds = this.ids;
    const capacity = oldA.length * 2;
    this.keysA = new Int32Array(capacity).fill(-1);
    this.keysB = new Int32Array(capacity);
    this.ids = new Int32Array(capacity);
    this.mask = capacity - 1;
    for (let i = 0; i < oldA.length; i++) {
      const a = oldA[i]!;
      if (a === -1) continue;
      const b = oldB[i]!;
      let slot = (Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca77)) & this.mask;
      while (this.keysA[slot] !== -1) slot = (slot + 1) & this.mask;
      this.keysA[slot] = a;
      this.keysB[slot] = b;
      this.ids[slot] = oldIds[i]!;
    }
  }
}

/** A direct-indexed table for keys below known bounds: one array access per lookup. */
class DensePairTable implements PairTable {
  private readonly ids: Int32Array;
  private pairsA: Int32Array;
  private pairsB: Int32Array;
  size = 0;

  constructor(
    private readonly limitB: number,
    limitA: number,
  ) {
    this.ids = new Int32Array(limitA * limitB).fill(-1);
    this.pairsA = new Int32Array(1024);
    this.pairsB = new Int32Array(1024);
  }

  intern(a: number, b: number): number {
    const slot = a * this.limitB + b;
    const existing = this.ids[slot]!;
    if (existing >= 0) return existing;
    const id = this.size++;
    this.ids[slot] = id;
    if (id === this.pairsA.length) {
      const grownA = new Int32Array(id * 2);
      grownA.set(this.pairsA);
      this.pairsA = grownA;
      const grownB = new Int32Array(id * 2);
      grownB.set(this.pairsB);
      this.pairsB = grownB;
    }
    this.pairsA[id] = a;
    this.pairsB[id] = b;
    return id;
  }

  forEach(visit: (a: number, b: number, id: number) => void): void {
    for (let id = 0; id < this.size; id++) visit(this.pairsA[id]!, this.pairsB[id]!, id);
  }
}

/** Up to this many slots (16 MB) a direct table beats hashing. */
const DENSE_LIMIT = 4_194_304; // 2^22

/** A pair table for keys a < limitA, b < limitB: direct-indexed when small enough, else hashed. */
export function createPairTable(limitA: number, limitB: number): PairTable {
  if (limitA * limitB <= DENSE_LIMIT) return new DensePairTable(limitB, limitA);
  return new PairIndex(4096);
}
