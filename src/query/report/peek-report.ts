// pprof's Tree reports: -tree (every shown node with its callers above and callees below, weighted
// by the calls between them, over the trimmed graph) and -peek (the same for the nodes matching a
// regexp, over the untrimmed graph).

import type { Profile } from '../../pprof/portable.js';
import { formatPercentage } from '../../units/index.js';
import { QueryError } from '../errors/query-error.js';
import { compareEdges } from '../graph/graph-edges.js';
import { meanValue } from '../graph/node-values.js';
import { buildReportGraph, reportGraphLegend } from '../graph/report-graph.js';
import type { TimeZone } from '../legend/profile-time.js';
import { effectiveOptions } from '../options/effective-options.js';
import type { QueryOptions } from '../options/query-options.js';
import { compileOptionRegexp, type GoRegexp } from '../regexp/go-regexp.js';
import { inChunks } from './text-chunks.js';

export interface PeekCall {
  readonly name: string;
  readonly weight: number;
  readonly inline: boolean;
}

export interface PeekEntry {
  readonly name: string;
  readonly flat: number;
  readonly cum: number;
  /** Running flat sum over the matching entries. */
  readonly sum: number;
  /** Callers, heaviest first. */
  readonly callers: readonly PeekCall[];
  /** Callees, heaviest first. */
  readonly callees: readonly PeekCall[];
}

export interface PeekReport {
  /** pprof's legend lines. */
  readonly legend: readonly string[];
  readonly entries: readonly PeekEntry[];
  readonly total: number;
  readonly formatValue: (value: number) => string;
  readonly warnings: readonly string[];
}

export interface PeekOptions {
  /** The zone of the legend's Time: line; default UTC. */
  readonly timeZone?: TimeZone;
  /**
   * Whether a pattern matching no node is an error, as pprof's "no matches found for regexp"
   * (the default); the viewer asks for an empty report instead, to say so in the page.
   */
  readonly requireMatch?: boolean;
}

/** pprof's peek: `pattern` (Go regexp) selects nodes by printable name. */
export function computePeek(
  profile: Profile,
  options: QueryOptions,
  pattern: string,
  peekOptions: PeekOptions = {},
): PeekReport {
  return computeTreeReport(profile, options, compileOptionRegexp('peek', pattern), pattern, peekOptions);
}

/** pprof's -tree: every node of the trimmed graph with its callers and callees. */
export function computeTree(profile: Profile, options: QueryOptions, treeOptions: PeekOptions = {}): PeekReport {
  return computeTreeReport(profile, options, undefined, '', treeOptions);
}

function computeTreeReport(
  profile: Profile,
  options: QueryOptions,
  regexp: GoRegexp | undefined,
  pattern: string,
  peekOptions: PeekOptions,
): PeekReport {
  const kind = regexp === undefined ? 'tree' : 'peek';
  const effective = effectiveOptions(options, kind);
  const graph = buildReportGraph(profile, effective, { kind, edges: 'all', timeZone: peekOptions.timeZone });
  const names = graph.frameNodes.nodes.printableName;
  const matched = Array.from(graph.nodes).filter((n) => regexp === undefined || regexp.test(names[n]!));
  if (regexp !== undefined && matched.length === 0 && peekOptions.requireMatch !== false) {
    throw new QueryError('peek', JSON.stringify(pattern), 'no matches found for regexp');
  }
  const edges = graph.edges;
  const into = new Map<number, number[]>();
  const outOf = new Map<number, number[]>();
  for (let e = 0; e < edges.count; e++) {
    const push = (map: Map<number, number[]>, key: number) => {
      const list = map.get(key);
      if (list === undefined) map.set(key, [e]);
      else list.push(e);
    };
    push(into, edges.target[e]!);
    push(outOf, edges.source[e]!);
  }
  const byWeight = compareEdges(edges, names);
  let sum = 0;
  const entries = matched.map((n) => {
    const flat = meanValue(graph.values.flat[n]!, graph.values.flatDiv[n]!);
    sum += flat;
    const calls = (list: number[] | undefined, end: 'source' | 'target') =>
      (list ?? []).sort(byWeight).map((e) => ({
        name: names[edges[end][e]!]!,
        weight: edges.weight[e]!,
        inline: edges.inline[e] === 1,
      }));
    return {
      name: names[n]!,
      flat,
      cum: meanValue(graph.values.cum[n]!, graph.values.cumDiv[n]!),
      sum,
      callers: calls(into.get(n), 'source'),
      callees: calls(outOf.get(n), 'target'),
    };
  });
  return {
    legend: reportGraphLegend(graph),
    entries,
    total: graph.total,
    formatValue: graph.formatValue,
    warnings: graph.warnings,
  };
}

const SEPARATOR = '----------------------------------------------------------+-------------';
const COLUMNS = '      flat  flat%   sum%        cum   cum%   calls calls% + context \t \t ';

/** The report exactly as `go tool pprof -peek REGEXP` (or -tree) prints it, in chunks. */
export function formatPeekText(report: PeekReport): Generator<string> {
  return inChunks(peekLines(report));
}

function* peekLines(report: PeekReport): Generator<string> {
  const { formatValue, total } = report;
  yield `${report.legend.join('\n')}\n${SEPARATOR}\n${COLUMNS}\n`;
  const call = (c: PeekCall, cum: number) =>
    `${formatValue(c.weight).padStart(50)} ${formatPercentage(c.weight, cum)} |   ${c.name}${c.inline ? ' (inline)' : ''}\n`;
  for (const entry of report.entries) {
    yield `${SEPARATOR}\n`;
    for (const c of entry.callers) yield call(c, entry.cum);
    yield `${formatValue(entry.flat).padStart(10)} ${formatPercentage(entry.flat, total)} ${formatPercentage(entry.sum, total)} ${formatValue(entry.cum).padStart(10)} ${formatPercentage(entry.cum, total)}                | ${entry.name}\n`;
    for (const c of entry.callees) yield call(c, entry.cum);
  }
  if (report.entries.length > 0) yield `${SEPARATOR}\n`;
}
