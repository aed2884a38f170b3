// Every kept sample's stack as a sequence of node ids, root first, in one typed array: what flame
// graphs grow their trees from and folded stacks print. A pivot or a zoom cuts the sequences; a
// leaf-first flame graph reverses them.

import type { SampleSelection } from '../filter/select-samples.js';
import type { FrameNodes } from './frame-nodes.js';

/** Root-to-leaf node-id sequences, one per sample that contributes (a pivot cuts them). */
export interface FrameSequences {
  /** Offsets into `nodes`, count + 1 entries. */
  readonly start: Uint32Array;
  readonly nodes: Int32Array;
  /** The sample each sequence comes from. */
  readonly sample: Int32Array;
  readonly count: number;
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
export function pivotSequences(
  all: FrameSequences,
  pivot: Uint8Array,
): { callers: FrameSequences; callees: FrameSequences } {
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

/** Every sequence reversed, leaf first: what a leaf-first flame graph grows from. */
export function reversedSequences(all: FrameSequences): FrameSequences {
  const nodes = new Int32Array(all.nodes.length);
  for (let q = 0; q < all.count; q++) {
    const low = all.start[q]!;
    const high = all.start[q + 1]!;
    for (let i = low; i < high; i++) nodes[low + high - 1 - i] = all.nodes[i]!;
  }
  return { start: all.start, nodes, sample: all.sample, count: all.count };
}
