// Geometry of a flame graph, computed once per graph from the engine's pre-order node columns:
// each node's left edge and width in value units and where its subtree ends, so drawing and hit
// testing can skip whole subtrees. This is layout, not arithmetic on the profile: widths are
// the engine's cum values as they are.

import type { WireFlameGraph } from '../../flame-graph-wire.js';
import { diffWidths } from './diff-widths.js';

export interface FlameLayout {
  readonly graph: WireFlameGraph;
  /** Left edge of each node, in value units from the root's left edge. */
  readonly x0: Float64Array;
  /** Width of each node in value units: |cum|, or for a diff the absolute change (diff-widths.ts). */
  readonly width: Float64Array;
  /** One past the index of the node's last descendant (pre-order makes a subtree contiguous). */
  readonly end: Uint32Array;
  readonly maxDepth: number;
}

export function layoutFlameGraph(graph: WireFlameGraph): FlameLayout {
  const n = graph.nodeCount;
  const x0 = new Float64Array(n);
  const width = new Float64Array(n);
  const end = new Uint32Array(n);
  // cursor[p]: where p's next child starts.
  const cursor = new Float64Array(n);
  const changes = graph.baseCum === undefined ? undefined : diffWidths(graph);
  let maxDepth = 0;
  const stack: number[] = [];
  for (let i = 0; i < n; i++) {
    width[i] = changes === undefined ? Math.abs(graph.cum[i]!) : changes[i]!;
    const p = graph.parent[i]!;
    if (p >= 0) {
      x0[i] = cursor[p]!;
      cursor[p]! += width[i]!;
    }
    cursor[i] = x0[i]!;
    const depth = graph.depth[i]!;
    if (depth > maxDepth) maxDepth = depth;
    while (stack.length > 0 && graph.depth[stack[stack.length - 1]!]! >= depth) end[stack.pop()!] = i;
    stack.push(i);
  }
  for (const i of stack) end[i] = n;
  return { graph, x0, width, end, maxDepth };
}

/** The node and its ancestors up to the root, root first. */
export function pathTo(layout: FlameLayout, node: number): number[] {
  const path: number[] = [];
  for (let i = node; i >= 0; i = layout.graph.parent[i]!) path.push(i);
  return path.reverse();
}

/** Whether a node is an aggregate: the children pruned under its parent, drawn as one frame. */
export function isAggregate(layout: FlameLayout, node: number): boolean {
  return layout.graph.aggregated[node]! > 0;
}

/** An aggregate's label: how many pruned subtrees it stands for. */
export function aggregateLabel(count: number): string {
  return `${count} smaller frame${count === 1 ? '' : 's'}`;
}

/** The name a frame is shown by: its function's, or an aggregate's label. */
export function displayNameOf(layout: FlameLayout, node: number, short = false): string {
  const { graph } = layout;
  if (graph.aggregated[node]! > 0) return aggregateLabel(graph.aggregated[node]!);
  return (short ? (graph.shortNames ?? graph.names) : graph.names)[graph.nameIndex[node]!]!;
}
