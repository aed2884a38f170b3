// pprof's EntropyOrder for the call graph's nodes (internal/graph): heaviest first by cum
// weighted with the entropy of the node's in- and out-edge weights, so that nodes where many paths
// meet come before chains.

import { compareGoStrings } from '../go/compare-go-strings.js';
import type { FrameNodes } from './frame-nodes.js';
import type { GraphEdges } from './graph-edges.js';
import type { NodeValues } from './node-values.js';

/** Go's math.Log2: exact for powers of two, else Log(frac)/Ln2 + exp (frexp decomposition). */
function goLog2(x: number): number {
  if (x === 0) return -Infinity;
  let exp = Math.floor(Math.log2(x)) + 1;
  let frac = x / 2 ** exp;
  // Guard frexp's contract frac ∈ [0.5, 1) against log2 rounding.
  if (frac >= 1) {
    frac /= 2;
    exp++;
  } else if (frac < 0.5) {
    frac *= 2;
    exp--;
  }
  if (frac === 0.5) return exp - 1;
  return Math.log(frac) * (1 / Math.LN2) + exp;
}

function edgeEntropy(weights: number[], self: number): number {
  let total = self;
  for (const w of weights) if (w > 0) total += Math.abs(w);
  let score = 0;
  if (total !== 0) {
    for (const w of weights) {
      const fraction = Math.abs(w) / total;
      score += -fraction * goLog2(fraction);
    }
    if (self > 0) {
      const fraction = Math.abs(self) / total;
      score += -fraction * goLog2(fraction);
    }
  }
  return score;
}

const INT64_MIN = -(2n ** 63n);

/**
 * Go's int64(x) on amd64: truncation, and the "integer indefinite" 0x8000000000000000 for NaN
 * and values out of range. A diff's edge whose weights cancel to zero makes pprof's entropy 0 ×
 * log2(0) = NaN, and the node's score this value, which decides where the node sorts.
 */
function goInt64(x: number): bigint {
  if (!Number.isFinite(x) || x >= 2 ** 63 || x < -(2 ** 63)) return INT64_MIN;
  return BigInt(Math.trunc(x));
}

/** pprof's abs64 on int64: -x wraps, so the absolute value of the least int64 stays negative. */
const abs64 = (x: bigint) => (x < 0n ? BigInt.asIntN(64, -x) : x);

function compareDescending(l: bigint, r: bigint): number {
  return l === r ? 0 : l > r ? -1 : 1;
}

/** Sorts node ids by pprof's EntropyOrder over the given edges (int64 arithmetic, overflow and all). */
export function entropyOrder(ids: number[], values: NodeValues, edges: GraphEdges, frameNodes: FrameNodes): number[] {
  const inWeights = new Map<number, number[]>();
  const outWeights = new Map<number, number[]>();
  for (let e = 0; e < edges.count; e++) {
    const push = (map: Map<number, number[]>, key: number) => {
      const list = map.get(key);
      if (list === undefined) map.set(key, [edges.weight[e]!]);
      else list.push(edges.weight[e]!);
    };
    push(inWeights, edges.target[e]!);
    push(outWeights, edges.source[e]!);
  }
  const score = new Map<number, bigint>();
  for (const n of ids) {
    const flat = values.flat[n]!;
    let s = 0;
    const into = inWeights.get(n);
    const out = outWeights.get(n);
    s += into === undefined ? 1 : edgeEntropy(into, 0);
    s += out === undefined ? 1 : edgeEntropy(out, flat);
    score.set(n, abs64(BigInt.asIntN(64, goInt64(s * values.cum[n]!) + BigInt(flat))));
  }
  const names = frameNodes.nodes.printableName;
  const keys = frameNodes.nodes.sortKey;
  return [...ids].sort(
    (l, r) =>
      compareDescending(score.get(l)!, score.get(r)!) ||
      compareGoStrings(names[l]!, names[r]!) ||
      Math.abs(values.flat[r]!) - Math.abs(values.flat[l]!) ||
      compareGoStrings(keys[l]!, keys[r]!),
  );
}
