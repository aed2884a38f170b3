// Flat and cum per node, as pprof's graph.newGraph sums them: cum counted once per sample even
// under recursion (via a per-node "last sample seen" stamp), flat at each sample's leaf.

import type { SampleSelection } from '../filter/select-samples.js';
import { divideInt } from '../go/divide-int.js';
import type { FrameNodes } from './frame-nodes.js';

/** Raw sums per node id, as pprof's Node.Flat/FlatDiv/Cum/CumDiv. */
export interface NodeValues {
  readonly flat: Float64Array;
  readonly flatDiv: Float64Array;
  readonly cum: Float64Array;
  readonly cumDiv: Float64Array;
}

/** Go's Node.FlatValue/CumValue: the sum, or its mean when a divisor is set. */
export function meanValue(sum: number, divisor: number): number {
  return divisor === 0 ? sum : divideInt(sum, divisor);
}

/** Flat and cum of every node over the selected samples. */
export function accumulateNodeValues(selection: SampleSelection, frameNodes: FrameNodes): NodeValues {
  const nodeCount = frameNodes.nodes.count;
  const flat = new Float64Array(nodeCount);
  const flatDiv = new Float64Array(nodeCount);
  const cum = new Float64Array(nodeCount);
  const cumDiv = new Float64Array(nodeCount);
  const seen = new Int32Array(nodeCount).fill(-1);
  const { kept, weight, divisor, stackLow, stackHigh } = selection;
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
      for (let f = frameStart[location]!, end = frameStart[location + 1]!; f < end; f++) {
        const n = frameNode[f]!;
        if (seen[n] !== s) {
          seen[n] = s;
          cum[n] = cum[n]! + w;
          if (dw !== 0) cumDiv[n] = cumDiv[n]! + dw;
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
