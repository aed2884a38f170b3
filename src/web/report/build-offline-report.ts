// Builds an offline report's data from decoded profiles: per sample type, the viewer's pruned
// flame graph (gzipped wire form; also leaf first when the viewer would open it so), Top's rows and
// legend, and what was left out; the details and advice per profile. Every number comes from the engine, as in the viewer.

import { gzipSync } from 'node:zlib';
import type { Profile } from '../../pprof/index.js';
import { DEFAULT_QUERY_OPTIONS, withOptions, type FlameGraph, type QueryOptions } from '../../query/index.js';
import { buildDefaultFlameGraphs } from '../flame-graph-default.js';
import { flamePercentText, flameValueText } from '../flame-values.js';
import { FLAME_GRAPH_LIMITS, TOP_WEB_NODE_COUNT, ViewerQueries } from '../viewer-queries.js';
import {
  OFFLINE_REPORT_VERSION,
  type OfflineReportData,
  type ReportLeafFirstView,
  type ReportProfileModel,
  type ReportSampleView,
} from './offline-report-model.js';

/** The flame graph's pruning in a report: the viewer's, so a report shows what the viewer first shows. */
export const REPORT_FLAME_LIMITS = FLAME_GRAPH_LIMITS;

export interface ReportProfileInput {
  readonly profile: Profile;
  /** The file's base name. */
  readonly name: string;
  readonly type: string;
  readonly source: string;
  readonly capturedAt: Date;
  /** The capture's advice, one sentence each. */
  readonly advice?: readonly string[];
}

export interface ReportLimits {
  readonly minFraction: number;
  readonly maxNodes: number;
  /** Top's rows per sample type. */
  readonly topRows: number;
}

export const DEFAULT_REPORT_LIMITS: ReportLimits = Object.freeze({
  ...REPORT_FLAME_LIMITS,
  topRows: TOP_WEB_NODE_COUNT,
});

export function buildOfflineReport(
  inputs: readonly ReportProfileInput[],
  generatedAt: Date,
  limits: ReportLimits = DEFAULT_REPORT_LIMITS,
): OfflineReportData {
  return {
    version: OFFLINE_REPORT_VERSION,
    generatedAt: generatedAt.toISOString(),
    profiles: inputs.map((input) => buildReportProfile(input, limits)),
  };
}

function buildReportProfile(input: ReportProfileInput, limits: ReportLimits): ReportProfileModel {
  const queries = new ViewerQueries(input.profile, {
    file: input.name,
    type: input.type,
    source: input.source,
    capturedAt: input.capturedAt,
  });
  const summary = queries.summary();
  return {
    name: input.name,
    type: input.type,
    source: input.source,
    capturedAt: input.capturedAt.toISOString(),
    details: summary.details,
    advice: [...(input.advice ?? [])],
    defaultSampleIndex: summary.defaultSampleIndex,
    views: summary.sampleTypes.map((_, index) => buildSampleView(queries, index, limits)),
  };
}

function buildSampleView(queries: ViewerQueries, index: number, limits: ReportLimits): ReportSampleView {
  const options = withOptions(DEFAULT_QUERY_OPTIONS, { sampleIndex: String(index) });
  const flameLimits = { minFraction: limits.minFraction, maxNodes: limits.maxNodes };
  const { rootFirst, leafFirst, leafFirstReason } = buildDefaultFlameGraphs(queries.profile, options, flameLimits);
  const opensLeafFirst = leafFirstReason !== undefined && leafFirst !== undefined;
  // The graphs say what the default is, as the viewer's do (its wire info's `defaultLeafFirst`).
  const info = { ...flameLimits, ...(opensLeafFirst ? { defaultLeafFirst: leafFirstReason } : {}) };
  const built = queries.encodeFlameGraphView(options, rootFirst, info);
  const top = queries.top(withOptions(options, { nodeCount: limits.topRows }));
  return {
    sampleType: rootFirst.sampleType,
    flameGraph: gzipSync(built.body).toString('base64'),
    topLegend: top.legend,
    topRows: top.rows.map((row) => [
      row.name,
      row.inlineLabel,
      row.flatText,
      row.flatPercent,
      row.sumPercent,
      row.cumText,
      row.cumPercent,
    ]),
    omitted: omittedSentences(rootFirst, built.info.outputUnit, limits),
    ...(opensLeafFirst ? { leafFirst: leafFirstView(queries, options, leafFirst, leafFirstReason, limits) } : {}),
  };
}

function leafFirstView(
  queries: ViewerQueries,
  options: QueryOptions,
  graph: FlameGraph,
  reason: string,
  limits: ReportLimits,
): ReportLeafFirstView {
  const info = {
    minFraction: limits.minFraction,
    maxNodes: limits.maxNodes,
    defaultLeafFirst: reason,
    leafFirst: true,
  };
  const built = queries.encodeFlameGraphView(options, graph, info);
  return {
    flameGraph: gzipSync(built.body).toString('base64'),
    reason,
    omitted: omittedSentences(graph, built.info.outputUnit, limits),
  };
}

/** What the pruned flame graph leaves out: its aggregates, how many subtrees, how much they weigh. */
function omittedSentences(graph: FlameGraph, outputUnit: string, limits: ReportLimits): string[] {
  let aggregates = 0;
  let value = 0;
  for (let node = 0; node < graph.nodeCount; node++) {
    if (graph.aggregated[node]! === 0) continue;
    aggregates++;
    value += Math.abs(graph.cum[node]!);
  }
  if (aggregates === 0) return [];
  const scale = { sampleType: graph.sampleType, reportTotal: graph.reportTotal, info: { outputUnit } };
  const cut = `each under ${formatFraction(limits.minFraction)} of the total or past the ${limits.maxNodes}-frame budget`;
  return [
    `Flame graph: ${graph.droppedNodes} call subtrees, ${cut}, are drawn as ${aggregates} "N smaller frames" boxes: ` +
      `${flameValueText(scale, value)} (${flamePercentText(scale, value)} of the total) shown without its detail.`,
  ];
}

function formatFraction(fraction: number): string {
  return `${Number((fraction * 100).toPrecision(3))}%`;
}
