// What a search finds inside a flame graph's aggregates: per aggregate, the value of the samples
// that enter it (their stack leaves the drawn frames there) with a matching frame in the part of
// the stack it hides, so the viewer can light up the aggregates that hold a match and say how much.

import type { Profile } from '../../pprof/portable.js';
import { selectSamples } from '../filter/select-samples.js';
import { buildFrameNodes } from '../graph/frame-nodes.js';
import { stackSequences } from '../graph/frame-sequences.js';
import type { QueryOptions } from '../options/query-options.js';
import { shapedSequences } from './build-flame-graph.js';
import type { FlameGraph, FlameGraphShape } from './flame-graph.js';

export interface AggregateMatch {
  /** The aggregate's node in the graph. */
  readonly node: number;
  /** The value of the samples it hides with a matching frame below its parent (each sample once). */
  readonly value: number;
}

/**
 * The aggregates of `graph` (built from `profile` with `options` and `shape`, whole or zoomed)
 * that hide a frame whose printable name `matches`, with their matched value, in node order.
 * Samples are walked down the drawn frames by name from the root, as the graph merged them.
 */
export function computeAggregateMatches(
  profile: Profile,
  options: QueryOptions,
  graph: FlameGraph,
  matches: (name: string) => boolean,
  shape: FlameGraphShape = {},
): AggregateMatch[] {
  const aggregateOf = new Int32Array(graph.nodeCount).fill(-1);
  const nameCount = graph.names.length;
  // Drawn children by (parent, name index).
  const childOf = new Map<number, number>();
  for (let node = 1; node < graph.nodeCount; node++) {
    const parent = graph.parent[node]!;
    if (graph.aggregated[node]! > 0) aggregateOf[parent] = node;
    else childOf.set(parent * nameCount + graph.nameIndex[node]!, node);
  }
  if (!aggregateOf.some((node) => node >= 0)) return [];

  const selection = selectSamples(profile, options);
  const frameNodes = buildFrameNodes(selection, options.granularity, options.noInlines);
  const sequences = shapedSequences(stackSequences(selection, frameNodes), shape);
  const printable = frameNodes.nodes.printableName;
  const nameIndexOf = new Map<string, number>();
  for (let i = 1; i < nameCount; i++) if (!nameIndexOf.has(graph.names[i]!)) nameIndexOf.set(graph.names[i]!, i);
  // Per frame node: its name index in the graph (-1 when no drawn frame has it) and whether it matches.
  const frameName = new Int32Array(printable.length);
  const matched = new Uint8Array(printable.length);
  for (let f = 0; f < printable.length; f++) {
    frameName[f] = nameIndexOf.get(printable[f]!) ?? -1;
    matched[f] = matches(printable[f]!) ? 1 : 0;
  }

  const value = new Float64Array(graph.nodeCount);
  const { start, nodes, sample } = sequences;
  for (let q = 0; q < sequences.count; q++) {
    const w = selection.weight[sample[q]!]!;
    const low = start[q]!;
    let lastMatch = -1;
    for (let i = start[q + 1]! - 1; i >= low && lastMatch < 0; i--) if (matched[nodes[i]!] === 1) lastMatch = i;
    if (w === 0 || lastMatch < 0) continue;
    let node = 0;
    for (let i = low; i < start[q + 1]!; i++) {
      const name = frameName[nodes[i]!]!;
      const child = name < 0 ? undefined : childOf.get(node * nameCount + name);
      if (child === undefined) {
        // The stack leaves the drawn frames here: into the aggregate, if its parent has one.
        const aggregate = aggregateOf[node]!;
        if (aggregate >= 0 && lastMatch >= i) value[aggregate] = value[aggregate]! + w;
        break;
      }
      node = child;
    }
  }
  const found: AggregateMatch[] = [];
  for (let node = 0; node < graph.nodeCount; node++) if (value[node] !== 0) found.push({ node, value: value[node]! });
  return found;
}
