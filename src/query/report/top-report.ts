// The Top report (pprof -top / -text): one row per node with flat, flat%, sum%, cum, cum%, sorted
// by flat or cum, under pprof's legend; and its exact text form.

import type { Profile } from '../../pprof/portable.js';
import { formatPercentage } from '../../units/index.js';
import { meanValue } from '../graph/node-values.js';
import { buildReportGraph, reportGraphLegend, type ReportGraph } from '../graph/report-graph.js';
import type { TimeZone } from '../legend/profile-time.js';
import { effectiveOptions } from '../options/effective-options.js';
import type { QueryOptions } from '../options/query-options.js';
import { inChunks } from './text-chunks.js';

export interface TopRow {
  /** pprof's printable node name (`main.sortKeys`, `main.go:42`, `0000000000abc123 main.f file.go:3`). */
  readonly name: string;
  /** "" or pprof's mark: "(inline)" when every shown call into it was inlined, "(partial-inline)" when some were. */
  readonly inlineLabel: string;
  readonly flat: number;
  readonly cum: number;
  /** Running sum of flat down to this row. */
  readonly sum: number;
  readonly flatText: string;
  readonly cumText: string;
  readonly flatPercent: string;
  readonly sumPercent: string;
  readonly cumPercent: string;
}

export interface TopReport {
  /** pprof's legend lines (File, Type, Time, ..., "Showing nodes accounting for ..."). */
  readonly legend: readonly string[];
  readonly rows: readonly TopRow[];
  readonly total: number;
  readonly totalText: string;
  readonly outputUnit: string;
  readonly warnings: readonly string[];
  readonly graph: ReportGraph;
}

export interface TopOptions {
  /** The zone of the legend's Time: line; default UTC (the CLI passes the local zone, as go tool pprof). */
  readonly timeZone?: TimeZone;
}

/** pprof's TextItems over the trimmed graph. */
export function computeTop(profile: Profile, options: QueryOptions, topOptions: TopOptions = {}): TopReport {
  const effective = effectiveOptions(options, 'top');
  const graph = buildReportGraph(profile, effective, { kind: 'top', edges: 'inline', timeZone: topOptions.timeZone });
  const { values, frameNodes, edges, total, formatValue } = graph;
  // An edge marks its callee inline or not; a node is "(inline)" when all its kept in-edges are.
  const hasInline = new Uint8Array(frameNodes.nodes.count);
  const hasCall = new Uint8Array(frameNodes.nodes.count);
  for (let e = 0; e < edges.count; e++) {
    if (edges.inline[e] === 1) hasInline[edges.target[e]!] = 1;
    else hasCall[edges.target[e]!] = 1;
  }
  const rows: TopRow[] = [];
  let sum = 0;
  for (const n of graph.nodes) {
    const flat = meanValue(values.flat[n]!, values.flatDiv[n]!);
    const cum = meanValue(values.cum[n]!, values.cumDiv[n]!);
    sum += flat;
    rows.push({
      name: frameNodes.nodes.printableName[n]!,
      inlineLabel: hasInline[n] === 1 ? (hasCall[n] === 1 ? '(partial-inline)' : '(inline)') : '',
      flat,
      cum,
      sum,
      flatText: formatValue(flat),
      cumText: formatValue(cum),
      flatPercent: formatPercentage(flat, total),
      sumPercent: formatPercentage(sum, total),
      cumPercent: formatPercentage(cum, total),
    });
  }
  return {
    legend: reportGraphLegend(graph),
    rows,
    total,
    totalText: formatValue(total),
    outputUnit: graph.outputUnit,
    warnings: graph.warnings,
    graph,
  };
}

/** The report exactly as `go tool pprof -top` prints it, in chunks. */
export function formatTopText(report: TopReport): Generator<string> {
  return inChunks(topLines(report));
}

function* topLines(report: TopReport): Generator<string> {
  yield `${report.legend.join('\n')}\n`;
  yield `${'flat'.padStart(10)} ${'flat'.padStart(5)}% ${'sum'.padStart(5)}% ${'cum'.padStart(10)} ${'cum'.padStart(5)}%\n`;
  for (const row of report.rows) {
    const inline = row.inlineLabel === '' ? '' : ` ${row.inlineLabel}`;
    yield `${row.flatText.padStart(10)} ${row.flatPercent} ${row.sumPercent} ${row.cumText.padStart(10)} ${row.cumPercent}  ${row.name}${inline}\n`;
  }
}
