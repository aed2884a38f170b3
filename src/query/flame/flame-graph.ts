// The flame graph's call tree: every sample's stack at the chosen granularity merged by path, as
// pprof's flame graph (a call tree), grown level by level so that only frames above the pruning
// limit are ever materialized — on a 500k-sample heap profile the full tree has millions of
// nodes, the drawn one a few thousand. With a pivot, two trees: the pivot's callers (inverted)
// and its callees.

import type { Profile, ValueType } from '../../pprof/index.js';
import { growFlameTree, type FrameSequences, type TreeInput } from './grow-flame-tree.js';
import { compileOptionRegexp } from '../regexp/go-regexp.js';
import { buildFrameNodes, type FrameNodes } from '../graph/frame-nodes.js';
import type { QueryOptions } from '../options/query-options.js';
import { selectSamples, type SampleSelection } from '../filter/select-samples.js';

/**
 * Call tree for the flame graph. Nodes are in depth-first pre-order (a node's subtree is
 * contiguous and follows it); node 0 is the synthetic root holding the total; siblings are
 * ordered by name (as pprof's flame graph). Frames below the pruning limit are dropped and
 * counted, never drawn as objects.
 */
export interface FlameGraph {
  /** The shown sample type (type and unit). */
  readonly sampleType: ValueType;
  /** Root cum: the sum of the values of every sample shown. */
  readonly total: number;
  /** pprof's report total (sum of |value| before focusing): the denominator of percentages. */
  readonly reportTotal: number;
  /** Distinct frame names (pprof's printable names); nodes index into it. The root is "root". */
  readonly names: readonly string[];
  /** pprof's short form of each name (package path dropped), as its flame graph labels frames. */
  readonly shortNames: readonly string[];
  readonly nodeCount: number;
  readonly nameIndex: Uint32Array;
  /** Root = 0. */
  readonly depth: Uint16Array;
  /** -1 for the root. */
  readonly parent: Int32Array;
  readonly cum: Float64Array;
  readonly flat: Float64Array;
  /** With a diff base: the base profile's cum per node (positive; `cum` holds the difference). */
  readonly baseCum?: Float64Array;
  /** Subtrees pruned below the limits (each counted once, at its top frame). */
  readonly droppedNodes: number;
  /** The cut-off actually applied: frames whose |value| sum was below it were dropped. */
  readonly minValue: number;
  readonly warnings: readonly string[];
}

export interface FlameGraphLimits {
  /** Drop frames whose summed |value| is below this fraction of the report total; default 0. */
  readonly minFraction?: number;
  /**
   * Keep at most this many nodes (the heaviest, which include their ancestors); default a
   * million, which only the largest profiles reach. The tree stops growing past it.
   */
  readonly maxNodes?: number;
  /** What `minFraction` is a fraction of; default the report total (a zoomed view passes its frame's value). */
  readonly fractionOf?: number;
}

/** Every kept sample's frames, root first. */
export function stackSequences(selection: SampleSelection, frameNodes: FrameNodes): FrameSequences {
  const { kept, weight, stackLow, stackHigh } = selection;
  const stackLocations = selection.profile.samples.stackLocations;
  const { start: frameStart, node: frameNode } = frameNodes.frames;
  let total = 0;
  let count = 0;
  for (let s = 0; s < kept.length; s++) {
    if (kept[s] === 0 || weight[s] === 0) continue;
    count++;
    for (let at = stackLow[s]!; at < stackHigh[s]!; at++) {
      const location = stackLocations[at]!;
      total += frameStart[location + 1]! - frameStart[location]!;
    }
  }
  const start = new Uint32Array(count + 1);
  const nodes = new Int32Array(total);
  const sample = new Int32Array(count);
  let q = 0;
  let n = 0;
  for (let s = 0; s < kept.length; s++) {
    if (kept[s] === 0 || weight[s] === 0) continue;
    start[q] = n;
    sample[q++] = s;
    for (let at = stackHigh[s]! - 1, low = stackLow[s]!; at >= low; at--) {
      const location = stackLocations[at]!;
      for (let f = frameStart[location]!, end = frameStart[location + 1]!; f < end; f++) nodes[n++] = frameNode[f]!;
    }
  }
  start[count] = n;
  return { start, nodes, sample, count };
}

/** Rebuilds the sequences whose cut is not -1, `copy` writing each one's frames from `at` and returning the end. */
function rebuildSequences(
  all: FrameSequences,
  cut: Int32Array,
  frames: number,
  copy: (q: number, out: Int32Array, at: number) => number,
): FrameSequences {
  let count = 0;
  for (let q = 0; q < all.count; q++) if (cut[q]! >= 0) count++;
  const start = new Uint32Array(count + 1);
  const nodes = new Int32Array(frames);
  const sample = new Int32Array(count);
  let k = 0;
  let n = 0;
  for (let q = 0; q < all.count; q++) {
    if (cut[q]! < 0) continue;
    start[k] = n;
    sample[k++] = all.sample[q]!;
    n = copy(q, nodes, n);
  }
  start[count] = n;
  return { start, nodes, sample, count };
}

/**
 * The part of each sequence from position `cut[q]` (an index into `all.nodes`) to its leaf;
 * sequences whose cut is -1 are left out.
 */
export function sequenceSuffixes(all: FrameSequences, cut: Int32Array): FrameSequences {
  let frames = 0;
  for (let q = 0; q < all.count; q++) if (cut[q]! >= 0) frames += all.start[q + 1]! - cut[q]!;
  return rebuildSequences(all, cut, frames, (q, out, at) => {
    out.set(all.nodes.subarray(cut[q]!, all.start[q + 1]!), at);
    return at + all.start[q + 1]! - cut[q]!;
  });
}

/**
 * Cuts each sequence at its outermost frame of a pivot node: the callees part runs from it to the
 * leaf; the callers part from it back to the root. Sequences without a pivot frame are left out.
 */
function pivotSequences(all: FrameSequences, pivot: Uint8Array): { callers: FrameSequences; callees: FrameSequences } {
  const cut = new Int32Array(all.count).fill(-1);
  let callerFrames = 0;
  for (let q = 0; q < all.count; q++) {
    for (let i = all.start[q]!; i < all.start[q + 1]!; i++) {
      if (pivot[all.nodes[i]!] === 1) {
        cut[q] = i;
        callerFrames += i - all.start[q]! + 1;
        break;
      }
    }
  }
  return {
    callees: sequenceSuffixes(all, cut),
    callers: rebuildSequences(all, cut, callerFrames, (q, out, at) => {
      for (let i = cut[q]!; i >= all.start[q]!; i--) out[at++] = all.nodes[i]!;
      return at;
    }),
  };
}

export function buildFlameGraph(profile: Profile, options: QueryOptions, limits: FlameGraphLimits = {}): FlameGraph {
  const selection = selectSamples(profile, options);
  const frameNodes = buildFrameNodes(selection, options.granularity, options.noInlines);
  return growFlameTree(treeInput(selection, frameNodes, stackSequences(selection, frameNodes)), limits);
}

export function treeInput(selection: SampleSelection, frameNodes: FrameNodes, sequences: FrameSequences): TreeInput {
  return {
    sequences,
    weight: selection.weight,
    fromBase: selection.fromBase,
    sampleType: selection.value.sampleType,
    reportTotal: selection.total,
    printableNames: frameNodes.nodes.printableName,
    sortKeys: frameNodes.nodes.sortKey,
    warnings: selection.warnings,
  };
}

/** The pivot view: callers of the pivot above it (grown from the pivot towards the roots) and its callees below. */
export interface PivotFlameGraphs {
  /** Frames matching the pivot; both trees have them as the children of their root. */
  readonly pivotNames: readonly string[];
  /** Inverted: depth 1 holds the pivot frames, depth 2 their callers, and so on. */
  readonly callers: FlameGraph;
  readonly callees: FlameGraph;
}

/**
 * Pivots on the frames whose printable name matches `options.pivot` (a Go regexp; the viewer
 * passes an anchored, escaped name), at the outermost occurrence in each stack, so that recursion
 * stays below it. Samples without the pivot are left out of both trees.
 */
export function buildPivotFlameGraphs(
  profile: Profile,
  options: QueryOptions,
  limits: FlameGraphLimits = {},
): PivotFlameGraphs {
  const pattern = compileOptionRegexp('p', options.pivot);
  const selection = selectSamples(profile, options);
  const frameNodes = buildFrameNodes(selection, options.granularity, options.noInlines);
  const names = frameNodes.nodes.printableName;
  const pivot = new Uint8Array(frameNodes.nodes.count);
  const pivotNames: string[] = [];
  for (let n = 0; n < pivot.length; n++) {
    if (pattern.test(names[n]!)) {
      pivot[n] = 1;
      pivotNames.push(names[n]!);
    }
  }
  const { callers, callees } = pivotSequences(stackSequences(selection, frameNodes), pivot);
  return {
    pivotNames,
    callers: growFlameTree(treeInput(selection, frameNodes, callers), limits),
    callees: growFlameTree(treeInput(selection, frameNodes, callees), limits),
  };
}
