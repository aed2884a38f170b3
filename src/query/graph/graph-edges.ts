// The edges of pprof's graph.newGraph on typed arrays: weighted caller→callee edges, each counted
// once per sample, optionally over a kept subset of nodes (residual edges then bridge the dropped
// ones).

import type { SampleSelection } from '../filter/select-samples.js';
import { compareGoStrings } from '../go/compare-go-strings.js';
import type { FrameNodes } from './frame-nodes.js';
import { createPairTable, type PairTable } from './pair-index.js';

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

/** Up to this many node pairs, edge ids are found by direct indexing rather than hashing. */
const DENSE_EDGE_LIMIT = 4_194_304; // 2^22

/** Edge sums being collected: ids per (caller, callee), per-sample de-duplication by stamp. */
class EdgeAccumulator {
  private readonly index: PairTable;
  /** Direct (caller × nodeCount + callee) → id table when the node count allows it. */
  readonly dense: Int32Array | undefined;
  private capacity: number;
  weights: Float64Array;
  weightDivs: Float64Array;
  residuals: Uint8Array;
  notInline: Uint8Array;
  seen: Int32Array;

  constructor(readonly nodeCount: number) {
    this.index = createPairTable(nodeCount, nodeCount);
    this.dense = nodeCount * nodeCount <= DENSE_EDGE_LIMIT ? new Int32Array(nodeCount * nodeCount).fill(-1) : undefined;
    this.capacity = 4096;
    this.weights = new Float64Array(this.capacity);
    this.weightDivs = new Float64Array(this.capacity);
    this.residuals = new Uint8Array(this.capacity);
    this.notInline = new Uint8Array(this.capacity);
    this.seen = new Int32Array(this.capacity).fill(-1);
  }

  /** The id of edge (parent, node), created when new; the arrays may be replaced when they grow. */
  id(parent: number, node: number): number {
    const dense = this.dense;
    if (dense !== undefined) {
      const existing = dense[parent * this.nodeCount + node]!;
      if (existing >= 0) return existing;
    }
    const edge = this.index.intern(parent, node);
    if (dense !== undefined) dense[parent * this.nodeCount + node] = edge;
    if (edge >= this.capacity) this.grow();
    return edge;
  }

  /** pprof's AddToEdgeDiv, once per sample per edge (the first occurrence root-first decides the flags). */
  add(sample: number, parent: number, node: number, w: number, dw: number, residual: boolean, inlined: boolean): void {
    const edge = this.id(parent, node);
    if (this.seen[edge] === sample) return;
    this.seen[edge] = sample;
    this.weights[edge] = this.weights[edge]! + w;
    this.weightDivs[edge] = this.weightDivs[edge]! + dw;
    if (residual) this.residuals[edge] = 1;
    if (!inlined) this.notInline[edge] = 1;
  }

  private grow(): void {
    this.capacity *= 2;
    this.weights = grow(this.weights, this.capacity);
    this.weightDivs = grow(this.weightDivs, this.capacity);
    this.residuals = grow(this.residuals, this.capacity);
    this.notInline = grow(this.notInline, this.capacity);
    const seen = new Int32Array(this.capacity).fill(-1);
    seen.set(this.seen);
    this.seen = seen;
  }

  finish(): GraphEdges {
    const count = this.index.size;
    const source = new Int32Array(count);
    const target = new Int32Array(count);
    this.index.forEach((a, b, id) => {
      source[id] = a;
      target[id] = b;
    });
    const inline = new Uint8Array(count);
    for (let i = 0; i < count; i++) inline[i] = this.notInline[i] === 1 ? 0 : 1;
    return {
      count,
      source,
      target,
      weight: this.weights.slice(0, count),
      weightDiv: this.weightDivs.slice(0, count),
      residual: this.residuals.slice(0, count),
      inline,
    };
  }
}

/**
 * The edges between kept nodes (all nodes when `keptNodes` is undefined), as pprof builds them for
 * a graph restricted to a node set: an edge joins each kept frame to the nearest kept frame above
 * it, and is residual when dropped frames lay between. With `targets`, only edges into those
 * nodes are collected, walking back from their frames rather than along every stack.
 */
export function accumulateEdges(
  selection: SampleSelection,
  frameNodes: FrameNodes,
  keptNodes: Uint8Array | undefined,
  targets?: Uint8Array,
): GraphEdges {
  if (targets !== undefined) return accumulateEdgesInto(selection, frameNodes, keptNodes, targets);
  const nodeCount = frameNodes.nodes.count;
  const edges = new EdgeAccumulator(nodeCount);
  const dense = edges.dense;
  const { kept, weight, divisor, stackLow, stackHigh } = selection;
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
      for (let f = frameStart[location]!, end = frameStart[location + 1]!; f < end; f++) {
        const n = frameNode[f]!;
        if (keptNodes !== undefined && keptNodes[n] === 0) {
          residual = true;
          continue;
        }
        if (parent >= 0 && n !== parent) {
          // EdgeAccumulator.add, inlined: this runs once per frame.
          let edge = dense === undefined ? -1 : dense[parent * nodeCount + n]!;
          if (edge < 0) edge = edges.id(parent, n);
          const seen = edges.seen;
          if (seen[edge] !== s) {
            seen[edge] = s;
            edges.weights[edge] = edges.weights[edge]! + w;
            if (dw !== 0) edges.weightDivs[edge] = edges.weightDivs[edge]! + dw;
            if (residual) edges.residuals[edge] = 1;
            if (frameInlined[f] === 0) edges.notInline[edge] = 1;
          }
        }
        parent = n;
        residual = false;
      }
    }
  }
  return edges.finish();
}

function accumulateEdgesInto(
  selection: SampleSelection,
  frameNodes: FrameNodes,
  keptNodes: Uint8Array | undefined,
  targets: Uint8Array,
): GraphEdges {
  const edges = new EdgeAccumulator(frameNodes.nodes.count);
  const { kept, weight, divisor, stackLow, stackHigh } = selection;
  const stackLocations = selection.profile.samples.stackLocations;
  const frameStart = frameNodes.frames.start;
  const frameNode = frameNodes.frames.node;
  const frameInlined = frameNodes.frames.inlined;
  const isKept = (n: number) => keptNodes === undefined || keptNodes[n] === 1;
  // Locations holding a frame of a target node: only their frames start a walk.
  const locationCount = frameStart.length - 1;
  const hasTarget = new Uint8Array(locationCount);
  for (let location = 0; location < locationCount; location++) {
    for (let f = frameStart[location]!; f < frameStart[location + 1]!; f++) {
      if (targets[frameNode[f]!] === 1 && isKept(frameNode[f]!)) hasTarget[location] = 1;
    }
  }
  for (let s = 0; s < kept.length; s++) {
    if (kept[s] === 0) continue;
    const w = weight[s]!;
    const dw = divisor === undefined ? 0 : divisor[s]!;
    if (w === 0 && dw === 0) continue;
    const high = stackHigh[s]!;
    const low = stackLow[s]!;
    for (let at = high - 1; at >= low; at--) {
      const location = stackLocations[at]!;
      if (hasTarget[location] === 0) continue;
      for (let f = frameStart[location]!, end = frameStart[location + 1]!; f < end; f++) {
        const n = frameNode[f]!;
        if (targets[n] === 0 || !isKept(n)) continue;
        // Walk rootwards to the nearest kept frame: the edge's caller.
        let residual = false;
        let parent = -1;
        let pf = f - 1;
        let pat = at;
        for (;;) {
          if (pf < frameStart[stackLocations[pat]!]!) {
            pat++;
            if (pat >= high) break;
            pf = frameStart[stackLocations[pat]! + 1]! - 1;
            continue;
          }
          const candidate = frameNode[pf]!;
          if (isKept(candidate)) {
            parent = candidate;
            break;
          }
          residual = true;
          pf--;
        }
        if (parent >= 0 && parent !== n) edges.add(s, parent, n, w, dw, residual, frameInlined[f] === 1);
      }
    }
  }
  return edges.finish();
}

function grow<T extends Float64Array | Uint8Array>(array: T, capacity: number): T {
  const next = new (array.constructor as new (length: number) => T)(capacity);
  next.set(array);
  return next;
}

/** The edges at the given indices, in that order. */
export function pickEdges(edges: GraphEdges, keep: readonly number[]): GraphEdges {
  const pick = <T extends Int32Array | Float64Array | Uint8Array>(array: T): T => {
    const out = new (array.constructor as new (length: number) => T)(keep.length);
    keep.forEach((e, i) => (out[i] = array[e]!));
    return out;
  };
  return {
    count: keep.length,
    source: pick(edges.source),
    target: pick(edges.target),
    weight: pick(edges.weight),
    weightDiv: pick(edges.weightDiv),
    residual: pick(edges.residual),
    inline: pick(edges.inline),
  };
}

/** pprof's edgeList order: |weight| descending, then source name, then target name. */
export function compareEdges(edges: GraphEdges, names: readonly string[]): (a: number, b: number) => number {
  return (a, b) =>
    Math.abs(edges.weight[b]!) - Math.abs(edges.weight[a]!) ||
    compareGoStrings(names[edges.source[a]!]!, names[edges.source[b]!]!) ||
    compareGoStrings(names[edges.target[a]!]!, names[edges.target[b]!]!);
}
