// pprof's report graph (internal/report newTrimmedGraph and selectOutputUnit) for the text-like
// reports: nodes with flat and cum, dropped below the node fraction, sorted, cut to the node count,
// with the edges between the shown nodes above the edge fraction; and the unit values print in.

import type { Profile } from '../../pprof/portable.js';
import { formatScaledValue, scaleValue } from '../../units/index.js';
import { selectSamples, type SampleSelection } from '../filter/select-samples.js';
import { compareGoStrings } from '../go/compare-go-strings.js';
import type { LegendContext } from '../legend/profile-legend.js';
import type { TimeZone } from '../legend/profile-time.js';
import { reportLegend, type GraphSummary } from '../legend/report-legend.js';
import type { ReportKind } from '../options/effective-options.js';
import type { QueryOptions } from '../options/query-options.js';
import { buildFrameNodes, type FrameNodes } from './frame-nodes.js';
import { accumulateEdges, pickEdges, type GraphEdges } from './graph-edges.js';
import { accumulateNodeValues, meanValue, type NodeValues } from './node-values.js';

export interface ReportGraph {
  readonly profile: Profile;
  readonly options: QueryOptions;
  readonly selection: SampleSelection;
  readonly frameNodes: FrameNodes;
  readonly values: NodeValues;
  /** The shown node ids, in report order. */
  readonly nodes: Int32Array;
  /** 1 for each shown node id. */
  readonly shown: Uint8Array;
  /** Edges between shown nodes at or above the edge cutoff (only into `edgeTargets` when that was given). */
  readonly edges: GraphEdges;
  readonly summary: GraphSummary;
  /** The report total (the denominator of every percentage). */
  readonly total: number;
  /** The unit values are printed in (pprof's -unit, or the one selectOutputUnit picks). */
  readonly outputUnit: string;
  readonly formatValue: (value: number) => string;
  readonly legendContext: LegendContext;
  /** pprof's warnings (filters that matched nothing, ...). */
  readonly warnings: readonly string[];
}

export interface ReportGraphOptions {
  readonly kind: ReportKind;
  /**
   * Which edges to collect: 'all', or 'inline' (only edges into nodes that are inlined somewhere,
   * all the text report needs for its "(inline)" marks, and far cheaper on large profiles).
   */
  readonly edges: 'all' | 'inline' | 'none';
  /** The zone of the legend's Time: line; default UTC. */
  readonly timeZone?: TimeZone;
  /** pprof's ObjNames: nodes keep their binary and start line (see buildFrameNodes). */
  readonly objectNames?: boolean;
}

function isNegative(values: NodeValues, node: number): boolean {
  const flat = values.flat[node]!;
  return flat < 0 || (flat === 0 && values.cum[node]! < 0);
}

/**
 * pprof's first trimming step: the nodes that received samples (and, with drop_negative, are not
 * negative), then those whose |cum| reaches the node fraction of their flat total; with the
 * cutoffs (pprof computes them from the flat total, not the report total).
 */
export function nodesAboveCutoff(
  values: NodeValues,
  options: QueryOptions,
): { candidates: number[]; nodeCutoff: number; edgeCutoff: number; droppedNodes: number } {
  let candidates: number[] = [];
  let flatTotal = 0;
  for (let n = 0; n < values.flat.length; n++) {
    if (values.cum[n] === 0 && values.flat[n] === 0) continue;
    if (options.dropNegative && isNegative(values, n)) continue;
    candidates.push(n);
    flatTotal += values.flat[n]!;
  }
  const nodeCutoff = Math.abs(Math.trunc(flatTotal * options.nodeFraction));
  const edgeCutoff = Math.abs(Math.trunc(flatTotal * options.edgeFraction));
  let droppedNodes = 0;
  if (nodeCutoff > 0) {
    const above = candidates.filter((n) => Math.abs(values.cum[n]!) >= nodeCutoff);
    droppedNodes = candidates.length - above.length;
    candidates = above;
  }
  return { candidates, nodeCutoff, edgeCutoff, droppedNodes };
}

/** Sorts node ids as pprof's FlatNameOrder (or CumNameOrder with `cum`). */
export function sortNodes(ids: Int32Array, values: NodeValues, frameNodes: FrameNodes, cum: boolean): void {
  const { flat, cum: cumValues } = values;
  const names = frameNodes.nodes.printableName;
  const keys = frameNodes.nodes.sortKey;
  const primary = cum ? cumValues : flat;
  const secondary = cum ? flat : cumValues;
  const sorted = Array.from(ids).sort((l, r) => {
    const pl = Math.abs(primary[l]!);
    const pr = Math.abs(primary[r]!);
    if (pl !== pr) return pr - pl;
    const byName = compareGoStrings(names[l]!, names[r]!);
    if (byName !== 0) return byName;
    const sl = Math.abs(secondary[l]!);
    const sr = Math.abs(secondary[r]!);
    if (sl !== sr) return sr - sl;
    return compareGoStrings(keys[l]!, keys[r]!);
  });
  ids.set(sorted);
}

/** Builds the trimmed report graph for `options` (already effective for the report kind). */
export function buildReportGraph(
  profile: Profile,
  options: QueryOptions,
  graphOptions: ReportGraphOptions,
): ReportGraph {
  const selection = selectSamples(profile, options);
  const frameNodes = buildFrameNodes(selection, options.granularity, options.noInlines, graphOptions.objectNames);
  const values = accumulateNodeValues(selection, frameNodes);
  const nodeTotal = frameNodes.nodes.count;

  const { candidates, nodeCutoff, edgeCutoff, droppedNodes } = nodesAboveCutoff(values, options);
  const originalNodes = candidates.length;
  const ids = Int32Array.from(candidates);
  sortNodes(ids, values, frameNodes, options.sort === 'cum');
  const nodes = options.nodeCount > 0 && options.nodeCount < ids.length ? ids.slice(0, options.nodeCount) : ids;
  const shown = new Uint8Array(nodeTotal);
  for (const n of nodes) shown[n] = 1;

  let targets: Uint8Array | undefined;
  if (graphOptions.edges === 'none') targets = new Uint8Array(nodeTotal);
  else if (graphOptions.edges === 'inline') {
    targets = new Uint8Array(nodeTotal);
    const { node, inlined } = frameNodes.frames;
    for (let f = 0; f < node.length; f++) if (inlined[f] === 1 && shown[node[f]!] === 1) targets[node[f]!] = 1;
  }
  // pprof rebuilds its graph from the kept nodes when a node cutoff applies or the node count cuts;
  // otherwise its edges still join every node the samples reach, also those whose weights cancel
  // to zero (a diff) or dropped as negative, and reports list them as callers and callees.
  const rebuilt = nodeCutoff > 0 || nodes.length < ids.length;
  const allEdges = accumulateEdges(selection, frameNodes, rebuilt ? shown : undefined, targets);
  const { edges, dropped: droppedEdges } = trimEdges(allEdges, edgeCutoff);

  const sampleUnit = selection.value.sampleType.unit;
  const total = selection.total;
  const outputUnit = selectOutputUnit(options.unit, sampleUnit, total, values, nodes);
  const formatValue = (value: number) => formatScaledValue(value, sampleUnit, outputUnit);
  let flatSum = 0;
  for (const n of nodes) flatSum += meanValue(values.flat[n]!, values.flatDiv[n]!);
  const legendContext: LegendContext = {
    profile,
    typeLabel: selection.value.typeLabel,
    sampleUnit,
    total,
    formatValue,
    timeZone: graphOptions.timeZone,
  };
  return {
    profile,
    options,
    selection,
    frameNodes,
    values,
    nodes,
    shown,
    edges,
    summary: { flatSum, shownNodes: nodes.length, originalNodes, droppedNodes, droppedEdges },
    total,
    outputUnit,
    formatValue,
    legendContext,
    warnings: selection.warnings,
  };
}

/** pprof's TrimLowFrequencyEdges: drops edges whose |weight| is below the cutoff. */
function trimEdges(edges: GraphEdges, cutoff: number): { edges: GraphEdges; dropped: number } {
  if (cutoff <= 0) return { edges, dropped: 0 };
  const keep: number[] = [];
  for (let e = 0; e < edges.count; e++) if (Math.abs(edges.weight[e]!) >= cutoff) keep.push(e);
  if (keep.length === edges.count) return { edges, dropped: 0 };
  return { edges: pickEdges(edges, keep), dropped: edges.count - keep.length };
}

/** pprof's selectOutputUnit: the unit of the smallest shown value, coarsened when values span >100×. */
export function selectOutputUnit(
  unit: string,
  sampleUnit: string,
  total: number,
  values: NodeValues,
  nodes: ArrayLike<number>,
): string {
  if (unit !== 'minimum' || nodes.length === 0) return unit;
  let minValue = 0;
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i]!;
    let nodeMin = Math.abs(meanValue(values.flat[n]!, values.flatDiv[n]!));
    if (nodeMin === 0) nodeMin = Math.abs(meanValue(values.cum[n]!, values.cumDiv[n]!));
    if (nodeMin > 0 && (minValue === 0 || nodeMin < minValue)) minValue = nodeMin;
  }
  const maxValue = total;
  if (minValue === 0) minValue = maxValue;
  const minUnit = scaleValue(minValue, sampleUnit, 'minimum').unit;
  const maxUnit = scaleValue(maxValue, sampleUnit, 'minimum').unit;
  let chosen = minUnit;
  if (minUnit !== maxUnit && minValue * 100 < maxValue) chosen = scaleValue(100 * minValue, sampleUnit, 'minimum').unit;
  return chosen !== '' ? chosen : sampleUnit;
}

/** The legend of a text report over this graph: text reports (top, peek) never mention dropped edges. */
export function reportGraphLegend(graph: ReportGraph): string[] {
  return reportLegend(graph.legendContext, graph.options, { ...graph.summary, droppedEdges: 0 });
}
