// Lays the grown call tree's kept nodes out as the flame graph's columns, in pre-order with
// siblings by name, and stands one aggregate node (the last child) for each parent's pruned
// children, as wide as they are together.

import { compareGoStrings } from '../go/compare-go-strings.js';
import { shortenFunctionName } from '../graph/shorten-function-name.js';
import { AGGREGATE_NAME, type FlameGraph } from './flame-graph.js';
import type { TreeInput, TreeNodes } from './flame-tree-nodes.js';

/** The kept nodes' children, as compressed rows: node n's are children[childStart[n]..childStart[n + 1]). */
function keptChildren(
  tree: TreeNodes,
  kept: Uint8Array,
): { childStart: Int32Array; children: Int32Array; keptCount: number } {
  const childCount = new Int32Array(tree.count + 1);
  let keptCount = 0;
  for (let node = 0; node < tree.count; node++) {
    if (kept[node] === 0) continue;
    keptCount++;
    if (node > 0) childCount[tree.parent[node]! + 1] = childCount[tree.parent[node]! + 1]! + 1;
  }
  for (let i = 1; i <= tree.count; i++) childCount[i] = childCount[i]! + childCount[i - 1]!;
  const childStart = childCount.slice();
  const children = new Int32Array(Math.max(0, keptCount - 1));
  const fill = childStart.slice(0, tree.count);
  for (let node = 1; node < tree.count; node++) {
    if (kept[node] === 0) continue;
    const p = tree.parent[node]!;
    children[fill[p]!] = node;
    fill[p] = fill[p]! + 1;
  }
  return { childStart, children, keptCount };
}

/** The flame graph of the kept nodes of `tree`, each parent of pruned children with its aggregate. */
export function emitPreOrder(
  input: TreeInput,
  tree: TreeNodes,
  kept: Uint8Array,
  extra: { total: number; droppedNodes: number; minValue: number },
): FlameGraph {
  const { printableNames, sortKeys } = input;
  const { childStart, children, keptCount } = keptChildren(tree, kept);

  // Names: one entry per distinct graph node used, plus "root".
  const names: string[] = ['root'];
  const nameOfNode = new Map<number, number>();
  const nameFor = (graphNode: number) => {
    let index = nameOfNode.get(graphNode);
    if (index === undefined) {
      index = names.length;
      names.push(printableNames[graphNode]!);
      nameOfNode.set(graphNode, index);
    }
    return index;
  };
  const byName = (a: number, b: number) => {
    const na = tree.node[a]!;
    const nb = tree.node[b]!;
    return compareGoStrings(printableNames[na]!, printableNames[nb]!) || compareGoStrings(sortKeys[na]!, sortKeys[nb]!);
  };

  // A kept node whose dropped children weigh something gets an aggregate among its children.
  const hasAggregate = (node: number) => tree.droppedChildren[node]! > 0 && tree.droppedAbsCum[node]! > 0;
  let nodeCount = keptCount;
  for (let node = 0; node < tree.count; node++) if (kept[node] === 1 && hasAggregate(node)) nodeCount++;
  const aggregateName = nodeCount > keptCount ? names.push(AGGREGATE_NAME) - 1 : 0;

  const nameIndex = new Uint32Array(nodeCount);
  const aggregated = new Uint32Array(nodeCount);
  const depth = new Uint16Array(nodeCount);
  const parent = new Int32Array(nodeCount);
  const cum = new Float64Array(nodeCount);
  const flat = new Float64Array(nodeCount);
  const baseCum = input.fromBase !== undefined ? new Float64Array(nodeCount) : undefined;
  // Iterative DFS; the stack holds tree nodes (~node for a node's aggregate) with their output
  // parent and depth.
  const stackNode: number[] = [0];
  const stackParent: number[] = [-1];
  const stackDepth: number[] = [0];
  let out = 0;
  while (stackNode.length > 0) {
    const node = stackNode.pop()!;
    const outParent = stackParent.pop()!;
    const nodeDepth = stackDepth.pop()!;
    const id = out++;
    depth[id] = Math.min(nodeDepth, 0xffff);
    parent[id] = outParent;
    if (node < 0) {
      const of = ~node;
      nameIndex[id] = aggregateName;
      aggregated[id] = tree.droppedChildren[of]!;
      cum[id] = tree.droppedCum[of]!;
      if (baseCum !== undefined) baseCum[id] = tree.droppedBaseCum[of]!;
      continue;
    }
    nameIndex[id] = node === 0 ? 0 : nameFor(tree.node[node]!);
    cum[id] = tree.cum[node]!;
    // Flat holds only the samples that end here, not those of pruned children.
    flat[id] = tree.flat[node]!;
    if (baseCum !== undefined) baseCum[id] = tree.baseCum[node]!;
    if (hasAggregate(node)) {
      stackNode.push(~node);
      stackParent.push(id);
      stackDepth.push(nodeDepth + 1);
    }
    const sorted = Array.from(children.subarray(childStart[node]!, childStart[node + 1]!)).sort(byName);
    for (let i = sorted.length - 1; i >= 0; i--) {
      stackNode.push(sorted[i]!);
      stackParent.push(id);
      stackDepth.push(nodeDepth + 1);
    }
  }
  return {
    sampleType: input.sampleType,
    total: extra.total,
    reportTotal: input.reportTotal,
    names,
    shortNames: shortFlameNames(names),
    nodeCount,
    nameIndex,
    aggregated,
    depth,
    parent,
    cum,
    flat,
    ...(baseCum !== undefined ? { baseCum } : {}),
    droppedNodes: extra.droppedNodes,
    minValue: extra.minValue,
    warnings: input.warnings,
  };
}

/** The names frames print: the root's (name 0) and the aggregates' as they are, functions shortened. */
export function shortFlameNames(names: readonly string[]): string[] {
  return names.map((name, i) => (i === 0 || name === AGGREGATE_NAME ? name : shortenFunctionName(name)));
}
