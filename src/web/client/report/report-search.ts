// The report's search, done in the page (no server to ask) with the server's Go regexps: which
// names a pattern matches, and the value under the matching frames (each counted once, at its
// topmost match).

import type { WireFlameGraph } from '../../flame-graph-wire.js';
import { compileSearch } from '../search-regexp.js';

export interface ReportSearch {
  /** Per name index: 1 when matched. */
  readonly highlight: Uint8Array;
  /** The value under matching frames, the outermost match of each path only. */
  readonly matchedValue: number;
}

/** Compiles the pattern as the server compiles `q`; throws SearchPatternError (the server's text) when Go refuses it. */
export function searchFlameGraph(graph: WireFlameGraph, pattern: string): ReportSearch {
  const regExp = compileSearch(pattern);
  const highlight = new Uint8Array(graph.names.length);
  graph.names.forEach((name, index) => {
    if (regExp.test(name)) highlight[index] = 1;
  });
  // insideMatch[node]: an ancestor (or the node) matched, so its value is already counted.
  const insideMatch = new Uint8Array(graph.nodeCount);
  let matchedValue = 0;
  for (let node = 1; node < graph.nodeCount; node++) {
    const parentInside = insideMatch[graph.parent[node]!]! === 1;
    const matched = graph.aggregated[node]! === 0 && highlight[graph.nameIndex[node]!] === 1;
    if (matched && !parentInside) matchedValue += graph.cum[node]!;
    insideMatch[node] = parentInside || matched ? 1 : 0;
  }
  return { highlight, matchedValue };
}
