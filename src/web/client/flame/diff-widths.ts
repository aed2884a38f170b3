// Widths of a diff flame graph's frames: the absolute change under each frame, as pprof's and
// Grafana's diff flame graphs size frames by change rather than by net value. Summed bottom-up
// from the frames' own (flat) changes, so a frame is exactly as wide as the changes of its own
// samples plus its callees' widths: a callee that grew and one that shrank both take room, and no
// callee is ever wider than its caller.

import type { FlameGraphColumns } from '../../flame-graph-wire.js';

/**
 * Per node, the sum of |change| over the distinct stacks through it. Callees the server pruned
 * are represented by what they net to (their individual changes are not sent).
 */
export function diffWidths(graph: Pick<FlameGraphColumns, 'nodeCount' | 'parent' | 'cum' | 'flat'>): Float64Array {
  const n = graph.nodeCount;
  const width = new Float64Array(n);
  const childrenCum = new Float64Array(n);
  // Pre-order puts every node after its parent: walking backwards finishes children first.
  for (let i = n - 1; i >= 0; i--) {
    const cum = graph.cum[i]!;
    const flat = graph.flat[i]!;
    const pruned = cum - flat - childrenCum[i]!;
    width[i]! += Math.abs(flat) + Math.abs(pruned);
    const p = graph.parent[i]!;
    if (p >= 0) {
      width[p]! += width[i]!;
      childrenCum[p]! += cum;
    }
  }
  return width;
}
