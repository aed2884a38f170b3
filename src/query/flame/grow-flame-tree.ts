// Grows a call tree from frame sequences level by level (depth 1 for every sequence, then depth
// 2, ...), dropping at each level the children below the limit so that their subtrees are never
// built, then lays the kept nodes out in pre-order with siblings by name.

import type { SampleSelection } from '../filter/select-samples.js';
import type { FrameNodes } from '../graph/frame-nodes.js';
import type { FrameSequences } from '../graph/frame-sequences.js';
import { walkOf, type StackWalk } from './stack-walks.js';
import type { FlameGraph, FlameGraphLimits } from './flame-graph.js';
import { PairIndex } from '../graph/pair-index.js';
import { emitPreOrder } from './emit-flame-graph.js';
import { TreeNodes, type TreeInput } from './flame-tree-nodes.js';

export type { TreeInput } from './flame-tree-nodes.js';

/** The tree's input from a selection: its weights, names and the stacks to grow from. */
export function treeInput(
  selection: SampleSelection,
  frameNodes: FrameNodes,
  sequences: FrameSequences | StackWalk,
): TreeInput {
  return {
    walk: walkOf(sequences),
    weight: selection.weight,
    fromBase: selection.fromBase,
    sampleType: selection.value.sampleType,
    reportTotal: selection.total,
    printableNames: frameNodes.nodes.printableName,
    sortKeys: frameNodes.nodes.sortKey,
    warnings: selection.warnings,
  };
}

/** Without a budget, trees stop growing at a million nodes (a 500k-sample heap profile has ~9M). */
export const DEFAULT_MAX_NODES = 1_000_000;

/**
 * The sequences that take part (not empty, of a weighted sample), each on its first frame under
 * the root; and the root's value (and its base part, negative, when diffing) and its own value
 * (the samples with an empty stack).
 */
function startSequences(input: TreeInput): {
  active: Int32Array;
  current: Int32Array;
  total: number;
  baseTotal: number;
  rootFlat: number;
} {
  const { walk, weight, fromBase } = input;
  const count = walk.count;
  // Per active sequence: its tree node (its frame is the walk's).
  const active = new Int32Array(count);
  const current = new Int32Array(count);
  let activeCount = 0;
  let total = 0;
  let baseTotal = 0;
  let rootFlat = 0;
  for (let q = 0; q < count; q++) {
    const s = walk.sample[q]!;
    if (weight[s] === 0) continue;
    total += weight[s]!;
    if (fromBase !== undefined && fromBase[s] === 1) baseTotal -= weight[s]!;
    // A sample with an empty stack is the root's own, as pprof counts it in its total.
    if (!walk.begin(q)) {
      rootFlat += weight[s]!;
      continue;
    }
    active[activeCount++] = q;
  }
  return { active: active.subarray(0, activeCount), current, total, baseTotal, rootFlat };
}

export function growFlameTree(input: TreeInput, limits: FlameGraphLimits): FlameGraph {
  const { walk, weight, fromBase } = input;
  let minValue = Math.abs(limits.fractionOf ?? input.reportTotal) * Math.max(0, limits.minFraction ?? 0);
  const maxNodes = limits.maxNodes ?? DEFAULT_MAX_NODES;
  const seqSample = walk.sample;
  const { active, current, total, baseTotal, rootFlat } = startSequences(input);
  let activeCount = active.length;
  const tree = new TreeNodes();
  tree.add(-1, -1);
  tree.cum[0] = total;
  tree.baseCum[0] = baseTotal;
  tree.flat[0] = rootFlat;
  // The budget's limit is found again only after another `maxNodes` nodes: a quickselect over the
  // whole tree at every level would make a 100,000-frame stack quadratic (25 s).
  let nextBudgetCheck = maxNodes;

  while (activeCount > 0) {
    const children = new PairIndex(Math.min(activeCount, 1 << 20));
    const firstChild = tree.count;
    for (let i = 0; i < activeCount; i++) {
      const q = active[i]!;
      const s = seqSample[q]!;
      const node = walk.node(q);
      let child = children.intern(current[q]!, node) + firstChild;
      if (child === tree.count) child = tree.add(current[q]!, node);
      const w = weight[s]!;
      tree.cum[child] = tree.cum[child]! + w;
      tree.absCum[child] = tree.absCum[child]! + Math.abs(w);
      if (fromBase !== undefined && fromBase[s] === 1) tree.baseCum[child] = tree.baseCum[child]! - w;
      current[q] = child;
    }
    // Past the node budget, no node lighter than the budget's lightest can stay, nor can its
    // descendants (never heavier): raise the limit before going deeper.
    if (tree.count > nextBudgetCheck) {
      minValue = Math.max(minValue, budgetLimit(tree, maxNodes));
      nextBudgetCheck = tree.count + maxNodes;
    }
    // Drop the children below the limit; their sequences stop here.
    const dropped = new Uint8Array(tree.count - firstChild);
    for (let child = firstChild; child < tree.count; child++) {
      if (tree.absCum[child]! < minValue || tree.absCum[child] === 0) {
        dropped[child - firstChild] = 1;
        tree.drop(child);
      }
    }
    let next = 0;
    for (let i = 0; i < activeCount; i++) {
      const q = active[i]!;
      if (dropped[current[q]! - firstChild] === 1) continue;
      if (!walk.advance(q)) {
        const leaf = current[q]!;
        tree.flat[leaf] = tree.flat[leaf]! + weight[seqSample[q]!]!;
        continue;
      }
      active[next++] = q;
    }
    activeCount = next;
    // Compact the tree: remove this level's dropped children (they are the last ones added).
    if (dropped.some((d) => d === 1)) compactLevel(tree, firstChild, dropped, current, active, activeCount);
  }

  const keep = limitNodeCount(tree, maxNodes);
  // Pruned subtrees hanging from kept nodes, each counted once at its top.
  let droppedNodes = 0;
  for (let node = 0; node < tree.count; node++) if (keep.kept[node] === 1) droppedNodes += tree.droppedChildren[node]!;
  return emitPreOrder(input, tree, keep.kept, {
    total,
    droppedNodes,
    minValue: Math.max(minValue, keep.minValue),
  });
}

/** Removes dropped nodes of the newest level, renumbering the survivors and the samples' current nodes. */
function compactLevel(
  tree: TreeNodes,
  firstChild: number,
  dropped: Uint8Array,
  current: Int32Array,
  active: Int32Array,
  activeCount: number,
): void {
  const remap = new Int32Array(dropped.length);
  let next = firstChild;
  for (let i = 0; i < dropped.length; i++) {
    if (dropped[i] === 1) {
      remap[i] = -1;
      continue;
    }
    const from = firstChild + i;
    remap[i] = next;
    if (from !== next) {
      tree.parent[next] = tree.parent[from]!;
      tree.node[next] = tree.node[from]!;
      tree.cum[next] = tree.cum[from]!;
      tree.absCum[next] = tree.absCum[from]!;
      tree.baseCum[next] = tree.baseCum[from]!;
      tree.flat[next] = tree.flat[from]!;
    }
    next++;
  }
  for (let i = next; i < tree.count; i++) {
    tree.cum[i] = 0;
    tree.absCum[i] = 0;
    tree.baseCum[i] = 0;
    tree.flat[i] = 0;
  }
  tree.count = next;
  for (let i = 0; i < activeCount; i++) {
    const s = active[i]!;
    current[s] = remap[current[s]! - firstChild]!;
  }
}

/** The |value| sum of the `maxNodes`-th heaviest node so far (root excluded). */
function budgetLimit(tree: TreeNodes, maxNodes: number): number {
  const weights = tree.absCum.slice(1, tree.count);
  if (weights.length <= maxNodes) return 0;
  return selectKth(weights, weights.length - maxNodes);
}

/** The k-th smallest value (0-based) of `values`, reordering it (Hoare's quickselect). */
function selectKth(values: Float64Array, k: number): number {
  let low = 0;
  let high = values.length - 1;
  while (low < high) {
    const pivot = values[(low + high) >>> 1]!;
    let i = low;
    let j = high;
    while (i <= j) {
      while (values[i]! < pivot) i++;
      while (values[j]! > pivot) j--;
      if (i <= j) {
        const t = values[i]!;
        values[i] = values[j]!;
        values[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) high = j;
    else if (k >= i) low = i;
    else return values[k]!;
  }
  return values[k]!;
}

/** Keeps the `maxNodes` heaviest nodes (by summed |value|), which always include their ancestors. */
function limitNodeCount(tree: TreeNodes, maxNodes: number): { kept: Uint8Array; minValue: number } {
  const kept = new Uint8Array(tree.count).fill(1);
  if (tree.count <= maxNodes) return { kept, minValue: 0 };
  const order = Array.from({ length: tree.count - 1 }, (_, i) => i + 1).sort(
    (a, b) => tree.absCum[b]! - tree.absCum[a]! || a - b,
  );
  kept.fill(0);
  kept[0] = 1;
  let count = 1;
  let minValue = 0;
  // Nodes are numbered level by level, so a parent precedes its children among equal weights.
  for (const node of order) {
    if (count >= maxNodes) break;
    if (kept[tree.parent[node]!] === 0) continue;
    kept[node] = 1;
    count++;
    minValue = tree.absCum[node]!;
  }
  // Over the budget: each top of a left-out subtree joins its kept parent's aggregate.
  for (let node = 1; node < tree.count; node++) if (kept[node] === 0 && kept[tree.parent[node]!] === 1) tree.drop(node);
  return { kept, minValue };
}
