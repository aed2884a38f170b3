// pprof's -callgrind (internal/report printCallgrind): the graph at address granularity, every
// node and edge, in the callgrind format KCachegrind reads, with its name and position
// compression, byte-equal to `go tool pprof -callgrind`.

import type { Profile } from '../../pprof/portable.js';
import { scaleValue } from '../../units/index.js';
import { compareEdges } from '../graph/graph-edges.js';
import { meanValue } from '../graph/node-values.js';
import { buildReportGraph, type ReportGraph } from '../graph/report-graph.js';
import type { TimeZone } from '../legend/profile-time.js';
import type { QueryOptions } from '../options/query-options.js';
import { inChunks } from './text-chunks.js';

/** pprof's callgrindName: "(N) name" the first time, "(N)" after; "" stays "". */
class CallgrindNames {
  private readonly ids = new Map<string, number>();
  name(text: string): string {
    if (text === '') return '';
    const id = this.ids.get(text);
    if (id !== undefined) return `(${id})`;
    this.ids.set(text, this.ids.size + 1);
    return `(${this.ids.size}) ${text}`;
  }
}

/** pprof's callgrindAddress: `*` for the same address, a signed offset when shorter, else hex. */
function callgrindAddress(previous: bigint | undefined, current: bigint): string {
  const absolute = `0x${current.toString(16)}`;
  if (previous === undefined) return absolute;
  if (previous === current) return '*';
  const difference = BigInt.asIntN(64, current - previous);
  const relative = difference < 0n ? `${difference}` : `+${difference}`;
  return relative.length < absolute.length ? relative : absolute;
}

/**
 * pprof's getDisambiguatedNames: callgrind merges functions by file and name, so nodes of the
 * same file and name that are different functions (binary, start line) get " [i/n]".
 */
function disambiguatedNames(graph: ReportGraph): string[] {
  const info = graph.frameNodes.nodes;
  const { objfile, startLine } = info;
  const functionsByName = new Map<string, Map<string, number>>();
  for (const n of graph.nodes) {
    const key = `${info.file[n]}\u0000${info.name[n]}`;
    const functions = functionsByName.get(key) ?? new Map<string, number>();
    const fn = `${objfile[n]}\u0000${startLine[n]}`;
    if (!functions.has(fn)) functions.set(fn, functions.size);
    functionsByName.set(key, functions);
  }
  const names: string[] = [];
  for (const n of graph.nodes) {
    const functions = functionsByName.get(`${info.file[n]}\u0000${info.name[n]}`)!;
    const index = functions.get(`${objfile[n]}\u0000${startLine[n]}`)!;
    names[n] = functions.size > 1 ? `${info.name[n]} [${index + 1}/${functions.size}]` : info.name[n]!;
  }
  return names;
}

/** pprof's selectOutputUnit for callgrind: the unit of the smallest value, never coarsened. */
function callgrindUnit(graph: ReportGraph, sampleUnit: string): string {
  if (graph.options.unit !== 'minimum' || graph.nodes.length === 0) return graph.options.unit;
  const { values } = graph;
  let minValue = 0;
  for (const n of graph.nodes) {
    let nodeMin = Math.abs(meanValue(values.flat[n]!, values.flatDiv[n]!));
    if (nodeMin === 0) nodeMin = Math.abs(meanValue(values.cum[n]!, values.cumDiv[n]!));
    if (nodeMin > 0 && (minValue === 0 || nodeMin < minValue)) minValue = nodeMin;
  }
  if (minValue === 0) minValue = graph.total;
  const unit = scaleValue(minValue, sampleUnit, 'minimum').unit;
  return unit !== '' ? unit : sampleUnit;
}

function* callgrindLines(graph: ReportGraph): Generator<string> {
  const info = graph.frameNodes.nodes;
  const { objfile } = info;
  const names = disambiguatedNames(graph);
  const sampleUnit = graph.selection.value.sampleType.unit;
  const unit = callgrindUnit(graph, sampleUnit);
  const scaled = (value: number) => Math.trunc(scaleValue(value, sampleUnit, unit).value);
  yield 'positions: instr line';
  yield `events: ${graph.selection.value.typeLabel}(${unit})`;

  const objfiles = new CallgrindNames();
  const files = new CallgrindNames();
  const functionNames = new CallgrindNames();
  const { edges } = graph;
  const outgoing = new Map<number, number[]>();
  for (let e = 0; e < edges.count; e++) {
    const list = outgoing.get(edges.source[e]!) ?? [];
    list.push(e);
    outgoing.set(edges.source[e]!, list);
  }
  const order = compareEdges(edges, info.printableName);
  let previous: number | undefined;
  for (const n of graph.nodes) {
    const p = previous;
    if (
      p === undefined ||
      objfile[n] !== objfile[p] ||
      info.file[n] !== info.file[p] ||
      info.name[n] !== info.name[p]
    ) {
      yield '';
      yield `ob=${objfiles.name(objfile[n]!)}`;
      yield `fl=${files.name(info.file[n]!)}`;
      yield `fn=${functionNames.name(info.name[n]!)}`;
    }
    const previousAddress = p === undefined ? undefined : info.address[p]!;
    const flat = meanValue(graph.values.flat[n]!, graph.values.flatDiv[n]!);
    yield `${callgrindAddress(previousAddress, info.address[n]!)} ${info.lineNumber[n]} ${scaled(flat)}`;
    for (const e of (outgoing.get(n) ?? []).sort(order)) {
      const callee = edges.target[e]!;
      yield `cfl=${files.name(info.file[callee]!)}`;
      yield `cfn=${functionNames.name(names[callee]!)}`;
      // pprof has no count of calls: 0, and the edge's weight as its cost.
      yield `calls=0 ${callgrindAddress(previousAddress, info.address[callee]!)} ${info.lineNumber[callee]}`;
      yield `* * ${scaled(edges.weight[e]!)}`;
    }
    previous = n;
  }
}

/**
 * The text of `go tool pprof -callgrind`: every node at address granularity with inlined frames
 * (pprof overrides the granularity, the inlining and every cutoff for this format), sorted by flat.
 */
export function formatCallgrind(
  profile: Profile,
  options: QueryOptions,
  graphOptions: { readonly timeZone?: TimeZone } = {},
): Generator<string> {
  const graph = buildReportGraph(
    profile,
    {
      ...options,
      granularity: 'addresses',
      noInlines: false,
      nodeCount: 0,
      nodeFraction: 0,
      edgeFraction: 0,
      sort: 'flat',
    },
    { kind: 'top', edges: 'all', timeZone: graphOptions.timeZone, objectNames: true },
  );
  return inChunks(
    (function* () {
      for (const line of callgrindLines(graph)) yield `${line}\n`;
    })(),
  );
}
