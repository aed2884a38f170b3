// The call graph as pprof's Graph view and -dot draw it (internal/report newTrimmedGraph in visual
// mode): nodes above the node fraction, ordered by pprof's entropy heuristic, cut to the node count
// with tags counted as nodelets, edges above the edge fraction, and residual edges dropped where
// another path already connects their ends.

import type { Profile } from '../../pprof/portable.js';
import { formatScaledValue } from '../../units/index.js';
import { selectSamples, type SampleSelection } from '../filter/select-samples.js';
import { mainMapping } from '../legend/profile-legend.js';
import type { TimeZone } from '../legend/profile-time.js';
import { reportLegend } from '../legend/report-legend.js';
import { effectiveOptions } from '../options/effective-options.js';
import type { QueryOptions } from '../options/query-options.js';
import { entropyOrder } from './entropy-order.js';
import { buildFrameNodes, type FrameNodes } from './frame-nodes.js';
import { accumulateEdges, compareEdges, pickEdges, type GraphEdges } from './graph-edges.js';
import {
  accumulateNodeTags,
  collectSampleTags,
  countFlatTags,
  keptTagEntries,
  nodesNeedingTagCum,
  type NodeTags,
  type SampleTags,
} from './node-tags.js';
import { accumulateNodeValues, meanValue, type NodeValues } from './node-values.js';
import { nodesAboveCutoff, selectOutputUnit } from './report-graph.js';

/** How many tags pprof draws per node (and counts when choosing nodes). */
export const MAX_NODELETS = 4;

export interface CallGraph {
  /** The graph's title: the main binary's base name, or "". */
  readonly title: string;
  /** pprof's legend lines (full headers), the box of -dot. */
  readonly legend: readonly string[];
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
  /** The zone of the legend's Time: line; default UTC. */
  readonly timeZone?: TimeZone;
}

function maskOf(ids: readonly number[], size: number): Uint8Array {
  const mask = new Uint8Array(size);
  for (const n of ids) mask[n] = 1;
  return mask;
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

/**
 * pprof's selectTopNodes in visual mode: each node takes room for itself and up to four tags, so
 * fewer than `nodeCount` nodes fit. Flat tag sums decide most counts; cum sums are gathered only
 * where they can change one. Returns how many of `order` to keep.
 */
function countNodesThatFit(
  selection: SampleSelection,
  frameNodes: FrameNodes,
  sampleTags: SampleTags,
  order: readonly number[],
  nodeCount: number,
  nodeCutoff: number,
): number {
  const nodeTotal = frameNodes.nodes.count;
  const flatTags = accumulateNodeTags(selection, frameNodes, sampleTags, new Uint8Array(nodeTotal));
  const need = nodesNeedingTagCum(flatTags, nodeCutoff, MAX_NODELETS, nodeTotal);
  const countingTags = need.some((n) => n === 1)
    ? accumulateNodeTags(selection, frameNodes, sampleTags, need)
    : flatTags;
  const tagCounts = countFlatTags(countingTags, keptTagEntries(countingTags, nodeCutoff), nodeTotal);
  let count = 0;
  for (let i = 0; i < order.length; i++) {
    count += Math.min(tagCounts[order[i]!]!, MAX_NODELETS) + 1;
    if (count >= nodeCount) return i + 1;
  }
  return nodeCount;
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

  const { candidates, nodeCutoff, edgeCutoff, droppedNodes } = nodesAboveCutoff(values, effective);
  let edges = accumulateEdges(selection, frameNodes, maskOf(candidates, nodeTotal));
  let order = entropyOrder(candidates, values, edges, frameNodes);
  const sampleTags = collectSampleTags(selection);
  let rebuilt = false;
  if (effective.nodeCount > 0) {
    const fit = countNodesThatFit(selection, frameNodes, sampleTags, order, effective.nodeCount, nodeCutoff);
    if (fit < order.length) {
      const top = order.slice(0, fit);
      edges = accumulateEdges(selection, frameNodes, maskOf(top, nodeTotal));
      order = entropyOrder(top, values, edges, frameNodes);
      rebuilt = true;
    }
  }
  const finished = finishEdges(edges, edgeCutoff, order, frameNodes.nodes.printableName);
  // The shown nodes' tags, complete, for their nodelets.
  const tags = accumulateNodeTags(selection, frameNodes, sampleTags, maskOf(order, nodeTotal));
  // pprof trims edges once before choosing nodes; when no node was cut it counts none afterwards.
  const droppedEdges = effective.nodeCount > 0 && !rebuilt ? 0 : finished.dropped;

  const sampleUnit = selection.value.sampleType.unit;
  const total = selection.total;
  const nodes = Int32Array.from(order);
  const outputUnit = selectOutputUnit(effective.unit, sampleUnit, total, values, nodes);
  const formatValue = (value: number) => formatScaledValue(value, sampleUnit, outputUnit);
  let flatSum = 0;
  for (const n of nodes) flatSum += meanValue(values.flat[n]!, values.flatDiv[n]!);
  const legend = reportLegend(
    { profile, typeLabel: selection.value.typeLabel, sampleUnit, total, formatValue, timeZone: graphOptions.timeZone },
    effective,
    { flatSum, shownNodes: nodes.length, originalNodes: candidates.length, droppedNodes, droppedEdges },
    true,
  );
  const main = mainMapping(profile);
  return {
    title: main === undefined || main.filename === '' ? '' : main.filename.slice(main.filename.lastIndexOf('/') + 1),
    legend,
    nodes,
    values,
    frameNodes,
    edges: finished.edges,
    tags,
    keptTags: keptTagEntries(tags, nodeCutoff),
    total,
    outputUnit,
    formatValue,
    droppedNodes,
    droppedEdges,
    warnings: selection.warnings,
  };
}
