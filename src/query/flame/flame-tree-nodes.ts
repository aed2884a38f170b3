// The call tree's input and its nodes while it grows: a growable struct-of-arrays, with per node
// what its pruned children weigh together, so that the emitted graph can stand one aggregate for them.

import type { ValueType } from '../../pprof/portable.js';
import type { StackWalk } from './stack-walks.js';

/** What a tree grows from: the stacks' walk, the samples' weights and the frames' names. */
export interface TreeInput {
  readonly walk: StackWalk;
  readonly weight: Float64Array;
  readonly fromBase: Uint8Array | undefined;
  readonly sampleType: ValueType;
  readonly reportTotal: number;
  readonly printableNames: readonly string[];
  readonly sortKeys: readonly string[];
  readonly warnings: readonly string[];
}

/** A growable struct-of-arrays for tree nodes. */
export class TreeNodes {
  count = 0;
  parent = new Int32Array(1024);
  node = new Int32Array(1024);
  cum = new Float64Array(1024);
  absCum = new Float64Array(1024);
  baseCum = new Float64Array(1024);
  flat = new Float64Array(1024);
  /** Children dropped below the limit, per node: the pruned subtrees hanging from it. */
  droppedChildren = new Int32Array(1024);
  /** The summed cum, |value| and base cum of those dropped children: their aggregate's values. */
  droppedCum = new Float64Array(1024);
  droppedAbsCum = new Float64Array(1024);
  droppedBaseCum = new Float64Array(1024);

  add(parent: number, node: number): number {
    if (this.count === this.parent.length) this.grow();
    const id = this.count++;
    this.parent[id] = parent;
    this.node[id] = node;
    return id;
  }

  /** Counts `child` (with its whole subtree) as pruned under its parent. */
  drop(child: number): void {
    const parent = this.parent[child]!;
    this.droppedChildren[parent] = this.droppedChildren[parent]! + 1;
    this.droppedCum[parent] = this.droppedCum[parent]! + this.cum[child]!;
    this.droppedAbsCum[parent] = this.droppedAbsCum[parent]! + this.absCum[child]!;
    this.droppedBaseCum[parent] = this.droppedBaseCum[parent]! + this.baseCum[child]!;
  }

  private grow(): void {
    const size = this.parent.length * 2;
    const int32 = (a: Int32Array) => {
      const b = new Int32Array(size);
      b.set(a);
      return b;
    };
    const float64 = (a: Float64Array) => {
      const b = new Float64Array(size);
      b.set(a);
      return b;
    };
    this.parent = int32(this.parent);
    this.node = int32(this.node);
    this.cum = float64(this.cum);
    this.absCum = float64(this.absCum);
    this.baseCum = float64(this.baseCum);
    this.flat = float64(this.flat);
    this.droppedChildren = int32(this.droppedChildren);
    this.droppedCum = float64(this.droppedCum);
    this.droppedAbsCum = float64(this.droppedAbsCum);
    this.droppedBaseCum = float64(this.droppedBaseCum);
  }
}
