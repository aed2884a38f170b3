// pprof's graph.newGraph on typed arrays: flat and cum per node (cum counted once per sample even
// under recursion, via a per-node "last sample seen" stamp) and weighted caller→callee edges,
// optionally over a kept subset of nodes (residual edges then bridge the dropped ones).

import type { FrameNodes } from './graph-nodes.js';
import { PairIndex } from './pair-index.js';
import type { SampleSelection } from './select-samples.js';

/** Raw sums per node id, as pprof's Node.Flat/FlatDiv/Cum/CumDiv. */
export interface NodeValues {
  readonly flat: Float64Array;
  readonly flatDiv: Float64Array;
  readonly cum: Float64Array;
  readonly cumDiv: Float64Array;
}

export interface GraphEdges {
  readonly count: number;
  readonly source: Int32Array;
  readonly target: Int32Array;
  readonly weight: Float64Array;
  readonly weightDiv: Float64Array;
  /** 1 when the edge bridges dropped nodes. */
  readonly residual: Uint8Array;
  /** 1 when every call along it was inlined. */
  readonly inline: Uint8Array;
}

/** Go's Node.FlatValue/CumValue: the sum, or its mean when a divisor is set. */
export function meanValue(sum: number, divisor: number): number {
  if (divisor === 0) return sum;
  const q = Math.trunc(sum / divisor);
  const r = sum - q * divisor;
  if (r !== 0 && Math.sign(r) !== Math.sign(sum)) return q + (sum < 0 !== divisor < 0 ? 1 : -1);
  return q;
}

/** Flat and cum of every node over the selected samples. */
export function accumulateNodeValues(selection: SampleSelection, frameNodes: FrameNodes): NodeValues {
  const nodeCount = frameNodes.nodes.count;
  const flat = new Float64Array(nodeCount);
  const flatDiv = new Float64Array(nodeCount);
  const cum = new Float64Array(nodeCount);
  const cumDiv = new Float64Array(nodeCount);
  const seen = new Int32Array(nodeCount).fill(-1);
  const { kept, weight, divisor, stackLow, stackHigh, hidden } = selection;
  const stackLocations = selection.profile.samples.stackLocations;
  const frameStart = frameNodes.frames.start;
  const frameNode = frameNodes.frames.node;
  for (let s = 0; s < kept.length; s++) {
    if (kept[s] === 0) continue;
    const w = weight[s]!;
    const dw = divisor === undefined ? 0 : divisor[s]!;
    if (w === 0 && dw === 0) continue;
    let leaf = -1;
    for (let at = stackHigh[s]! - 1, low = stackLow[s]!; at >= low; at--) {
      const location = stackLocations[at]!;
      if (hidden[location] === 1) continue;
      for (let f = frameStart[location]!, end = frameStart[location + 1]!; f < end; f++) {
        const n = frameNode[f]!;
        if (seen[n] !== s) {
          seen[n] = s;
          cum[n] = cum[n]! + w;
          cumDiv[n] = cumDiv[n]! + dw;
        }
        leaf = n;
      }
    }
    if (leaf >= 0) {
      flat[leaf] = flat[leaf]! + w;
      flatDiv[leaf] = flatDiv[leaf]! + dw;
    }
  }
  return { flat, flatDiv, cum, cumDiv };
}

/**
 * The edges between kept nodes (all nodes when `keptNodes` is undefined), as pprof builds them for
 * a graph restricted to a node set. With `targets`, only edges into those nodes are collected.
 */
export function accumulateEdges(
  selection: SampleSelection,
  frameNodes: FrameNodes,
  keptNodes: Uint8Array | undefined,
  targets?: Uint8Array,
): GraphEdges {
  const index = new PairIndex(4096);
  let capacity = 4096;
  let weights = new Float64Array(capacity);
  let weightDivs = new Float64Array(capacity);
  let residuals = new Uint8Array(capacity);
  let notInline = new Uint8Array(capacity);
  let seen = new Int32Array(capacity).fill(-1);
  const { kept, weight, divisor, stackLow, stackHigh, hidden } = selection;
  const stackLocations = selection.profile.samples.stackLocations;
  const frameStart = frameNodes.frames.start;
  const frameNode = frameNodes.frames.node;
  const frameInlined = frameNodes.frames.inlined;
  for (let s = 0; s < kept.length; s++) {
    if (kept[s] === 0) continue;
    const w = weight[s]!;
    const dw = divisor === undefined ? 0 : divisor[s]!;
    if (w === 0 && dw === 0) continue;
    let parent = -1;
    let residual = false;
    for (let at = stackHigh[s]! - 1, low = stackLow[s]!; at >= low; at--) {
      const location = stackLocations[at]!;
      if (hidden[location] === 1) continue;
      for (let f = frameStart[location]!, end = frameStart[location + 1]!; f < end; f++) {
        const n = frameNode[f]!;
        if (keptNodes !== undefined && keptNodes[n] === 0) {
          residual = true;
          continue;
        }
        if (parent >= 0 && n !== parent && (targets === undefined || targets[n] === 1)) {
          const edge = index.intern(parent, n);
          if (edge >= capacity) {
            capacity *= 2;
            weights = grow(weights, capacity);
            weightDivs = grow(weightDivs, capacity);
            residuals = grow(residuals, capacity);
            notInline = grow(notInline, capacity);
            const nextSeen = new Int32Array(capacity).fill(-1);
            nextSeen.set(seen);
            seen = nextSeen;
          }
          if (seen[edge] !== s) {
            seen[edge] = s;
            weights[edge] = weights[edge]! + w;
            weightDivs[edge] = weightDivs[edge]! + dw;
            if (residual) residuals[edge] = 1;
            if (frameInlined[f] === 0) notInline[edge] = 1;
          }
        }
        parent = n;
        residual = false;
      }
    }
  }
  const count = index.size;
  const source = new Int32Array(count);
  const target = new Int32Array(count);
  index.forEach((a, b, id) => {
    source[id] = a;
    target[id] = b;
  });
  const inline = new Uint8Array(count);
  for (let i = 0; i < count; i++) inline[i] = notInline[i] === 1 ? 0 : 1;
  return {
    count,
    source,
    target,
    weight: weights.slice(0, count),
    weightDiv: weightDivs.slice(0, count),
    residual: residuals.slice(0, count),
    inline,
  };
}

function grow<T extends Float64Array | Uint8Array>(array: T, capacity: number): T {
  const next = new (array.constructor as new (length: number) => T)(capacity);
  next.set(array);
  return next;
}
