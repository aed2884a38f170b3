// Maps the proto's ids (arbitrary uint64, usually 1..n) to dense table indices.

import { ProfileDecodeError } from './profile-errors.js';

/** `dense[id]` is the index (or -1) for small ids; larger ids are in `sparse`. */
export interface IdIndex {
  readonly dense: Int32Array;
  readonly sparse: Map<number, number>;
}

/** Builds the index; throws on id 0 (reserved) and on duplicates, as pprof's CheckValid does. */
export function buildIdIndex(ids: BigUint64Array, what: string): IdIndex {
  // Producers number ids 1..n; a table of a few times n covers them without a Map lookup.
  const denseLimit = ids.length * 4 + 1024;
  const dense = new Int32Array(denseLimit).fill(-1);
  const sparse = new Map<number, number>();
  for (let index = 0; index < ids.length; index++) {
    const big = ids[index]!;
    if (big === 0n) throw new ProfileDecodeError(`${what} ${index} has the reserved id 0`);
    if (big > BigInt(Number.MAX_SAFE_INTEGER)) {
      throw new ProfileDecodeError(`${what} id ${big} exceeds 2^53, which this decoder does not support`);
    }
    const id = Number(big);
    const existing = id < denseLimit ? dense[id]! : (sparse.get(id) ?? -1);
    if (existing >= 0) throw new ProfileDecodeError(`multiple ${what}s with the same id ${id}`);
    if (id < denseLimit) dense[id] = index;
    else sparse.set(id, index);
  }
  return { dense, sparse };
}

export function lookupId(index: IdIndex, id: number): number {
  return id < index.dense.length ? index.dense[id]! : (index.sparse.get(id) ?? -1);
}
