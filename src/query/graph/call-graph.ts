// The call graph as pprof's Graph view and -dot draw it (internal/report newTrimmedGraph in visual
// mode): nodes above the node fraction, ordered by pprof's entropy heuristic, cut to the node count
// with tags counted as nodelets, edges above the edge fraction, and residual edges dropped where
// another path already connects their ends.

import type { Profile } from '../../pprof/index.js';
import {
  accumulateEdges,
  accumulateNodeValues,
  meanValue,
  pickEdges,
  type GraphEdges,
  type NodeValues,
} from './graph-edges.js';
import { compareGoStrings } from '../go/compare-go-strings.js';
import { buildFrameNodes, type FrameNodes } from './frame-nodes.js';
import {
  accumulateNodeTags,
  collectSampleTags,
  countFlatTags,
  keptTagEntries,
  nodesNeedingTagCum,
  type NodeTags,
} from './node-tags.js';
import type { QueryOptions } from '../options/query-options.js';
import { mainMapping, reportLabels } from '../legend/report-legend.js';
import { effectiveOptions, nodesAboveCutoff, selectOutputUnit } from './report-graph.js';
import { selectSamples } from '../filter/select-samples.js';
import { formatScaledValue } from '../../units/index.js';

/** How many tags pprof draws per node (and counts when choosing nodes). */
export const MAX_NODELETS = 4;

export interface CallGraph {
  /** The graph's title: the main binary's base name, or "". */
  readonly title: string;
  /** pprof's legend lines (full headers). */
  readonly labels: readonly string[];
  /** Shown node ids (into frameNodes), in pprof's order: node i is drawn as N(i+1). */
  readonly nodes: Int32Array;
  readonly values: NodeValues;
  readonly frameNodes: FrameNodes;
  /** The shown edges; `source`/`target` are node ids. */
  readonly edges: GraphEdges;
  /** Per kept tag entry (see tags), 1 when it survived trimming. */
  readonly tags: NodeTags;
  readonly keptTags: Uint8Array;
  readonly total: number;
  readonly outputUnit: string;
  readonly formatValue: (value: number) => string;
  readonly droppedNodes: number;
  readonly droppedEdges: number;
  readonly warnings: readonly string[];
}

export interface CallGraphOptions {
  readonly timeZone?: string;
}

/** Go's math.Log2: exact for powers of two, else Log(frac)/Ln2 + exp (frexp decomposition). */
function goLog2(x: number): number {
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

/** Sorts node ids by pprof's EntropyOrder over the given edges. */
function entropySort(ids: number[], values: NodeValues, edges: GraphEdges, frameNodes: FrameNodes): number[] {
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
  const score = new Map<number, number>();
  for (const n of ids) {
    const flat = values.flat[n]!;
    let s = 0;
    const into = inWeights.get(n);
    const out = outWeights.get(n);
    s += into === undefined ? 1 : edgeEntropy(into, 0);
    s += out === undefined ? 1 : edgeEntropy(out, flat);
    score.set(n, Math.trunc(s * values.cum[n]!) + flat);
  }
  const names = frameNodes.nodes.printableName;
  const keys = frameNodes.nodes.sortKey;
  return [...ids].sort(
    (l, r) =>
      Math.abs(score.get(r)!) - Math.abs(score.get(l)!) ||
      compareGoStrings(names[l]!, names[r]!) ||
      Math.abs(values.flat[r]!) - Math.abs(values.flat[l]!) ||
      compareGoStrings(keys[l]!, keys[r]!),
  );
}

function maskOf(ids: readonly number[], size: number): Uint8Array {
  const mask = new Uint8Array(size);
  for (const n of ids) mask[n] = 1;
  return mask;
}

/** pprof's edgeList order: |weight| descending, then source name, then target name. */
export function compareEdges(edges: GraphEdges, names: readonly string[]): (a: number, b: number) => number {
  return (a, b) =>
    Math.abs(edges.weight[b]!) - Math.abs(edges.weight[a]!) ||
    compareGoStrings(names[edges.source[a]!]!, names[edges.source[b]!]!) ||
    compareGoStrings(names[edges.target[a]!]!, names[edges.target[b]!]!);
}

/** Keeps the edges at or above the cutoff and not redundant; returns them with the count dropped below the cutoff. */
function finishEdges(
  edges: GraphEdges,
  cutoff: number,
  order: readonly number[],
  names: readonly string[],
): { edges: GraphEdges; dropped: number } {
  const alive = new Uint8Array(edges.count);
  let dropped = 0;
  for (let e = 0; e < edges.count; e++) {
    if (Math.abs(edges.weight[e]!) < cutoff) dropped++;
    else alive[e] = 1;
  }
  // RemoveRedundantEdges: from the last node up, drop its lightest residual in-edges while
  // another path joins their ends.
  const into = new Map<number, number[]>();
  for (let e = 0; e < edges.count; e++) {
    if (alive[e] === 0) continue;
    const list = into.get(edges.target[e]!);
    if (list === undefined) into.set(edges.target[e]!, [e]);
    else list.push(e);
  }
  const byWeight = compareEdges(edges, names);
  const reachesWithout = (removed: number): boolean => {
    const source = edges.source[removed]!;
    const seen = new Set<number>([edges.target[removed]!]);
    const queue = [edges.target[removed]!];
    while (queue.length > 0) {
      const n = queue.shift()!;
      for (const e of into.get(n) ?? []) {
        if (e === removed || alive[e] === 0 || seen.has(edges.source[e]!)) continue;
        if (edges.source[e] === source) return true;
        seen.add(edges.source[e]!);
        queue.push(edges.source[e]!);
      }
    }
    return false;
  };
  for (let i = order.length - 1; i >= 0; i--) {
    const incoming = (into.get(order[i]!) ?? []).filter((e) => alive[e] === 1).sort(byWeight);
    for (let j = incoming.length - 1; j >= 0; j--) {
      const e = incoming[j]!;
      if (edges.residual[e] === 0) break;
      if (reachesWithout(e)) alive[e] = 0;
    }
  }
  const keep: number[] = [];
  for (let e = 0; e < edges.count; e++) if (alive[e] === 1) keep.push(e);
  keep.sort(byWeight);
  return { edges: pickEdges(edges, keep), dropped };
}

/** Builds the call graph pprof's -dot (and web Graph view) shows for these options. */
export function buildCallGraph(
  profile: Profile,
  options: QueryOptions,
  graphOptions: CallGraphOptions = {},
): CallGraph {
  const effective = effectiveOptions(options, 'graph');
  const selection = selectSamples(profile, effective);
  const frameNodes = buildFrameNodes(selection, effective.granularity, effective.noInlines);
  const values = accumulateNodeValues(selection, frameNodes);
  const nodeTotal = frameNodes.nodes.count;
  const names = frameNodes.nodes.printableName;

  const { candidates, nodeCutoff, edgeCutoff, droppedNodes } = nodesAboveCutoff(values, effective);
  const originalCount = candidates.length;
  let edges = accumulateEdges(selection, frameNodes, maskOf(candidates, nodeTotal));
  let order = entropySort(candidates, values, edges, frameNodes);
  const sampleTags = collectSampleTags(selection);
  let rebuilt = false;
  if (effective.nodeCount > 0) {
    // selectTopNodes in visual mode: each node takes room for itself and up to four tags. Flat
    // tag sums decide most counts; cum sums are gathered only where they can change one.
    const flatTags = accumulateNodeTags(selection, frameNodes, sampleTags, new Uint8Array(nodeTotal));
    const need = nodesNeedingTagCum(flatTags, nodeCutoff, MAX_NODELETS, nodeTotal);
    const countingTags = need.some((n) => n === 1)
      ? accumulateNodeTags(selection, frameNodes, sampleTags, need)
      : flatTags;
    const tagCounts = countFlatTags(countingTags, keptTagEntries(countingTags, nodeCutoff), nodeTotal);
    let maxNodes = effective.nodeCount;
    let count = 0;
    for (let i = 0; i < order.length; i++) {
      count += Math.min(tagCounts[order[i]!]!, MAX_NODELETS) + 1;
      if (count >= maxNodes) {
        maxNodes = i + 1;
        break;
      }
    }
    if (maxNodes < order.length) {
      const top = order.slice(0, maxNodes);
      edges = accumulateEdges(selection, frameNodes, maskOf(top, nodeTotal));
      order = entropySort(top, values, edges, frameNodes);
      rebuilt = true;
    }
  }
  const finished = finishEdges(edges, edgeCutoff, order, names);
  // The shown nodes' tags, complete, for their nodelets.
  const tags = accumulateNodeTags(selection, frameNodes, sampleTags, maskOf(order, nodeTotal));
  const keptTags = keptTagEntries(tags, nodeCutoff);
  // pprof trims edges once before choosing nodes; when no node was cut it counts none afterwards.
  const droppedEdges = effective.nodeCount > 0 && !rebuilt ? 0 : finished.dropped;

  const sampleUnit = selection.value.sampleType.unit;
  const total = selection.total;
  const nodes = Int32Array.from(order);
  const outputUnit = selectOutputUnit(effective.unit, sampleUnit, total, values, nodes);
  const formatValue = (value: number) => formatScaledValue(value, sampleUnit, outputUnit);
  let flatSum = 0;
  for (const n of nodes) flatSum += meanValue(values.flat[n]!, values.flatDiv[n]!);
  const labels = reportLabels(
    { profile, typeLabel: selection.value.typeLabel, sampleUnit, total, formatValue, timeZone: graphOptions.timeZone },
    effective,
    { flatSum, shownNodes: nodes.length, originalNodes: originalCount, droppedNodes, droppedEdges },
    true,
  );
  const main = mainMapping(profile);
  return {
    title: main === undefined || main.filename === '' ? '' : main.filename.slice(main.filename.lastIndexOf('/') + 1),
    labels,
    nodes,
    values,
    frameNodes,
    edges: finished.edges,
    tags,
    keptTags,
    total,
    outputUnit,
    formatValue,
    droppedNodes,
    droppedEdges,
    warnings: selection.warnings,
  };
}
