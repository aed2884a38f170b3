// Grows a call tree from frame sequences level by level (depth 1 for every sequence, then depth
// 2, ...), dropping at each level the children below the limit so that their subtrees are never
// built, then lays the kept nodes out in pre-order with siblings by name.

import type { ValueType } from '../../pprof/portable.js';
import type { SampleSelection } from '../filter/select-samples.js';
import type { FrameNodes } from '../graph/frame-nodes.js';
import type { FrameSequences } from '../graph/frame-sequences.js';
import type { FlameGraph, FlameGraphLimits } from './flame-graph.js';
import { compareGoStrings } from '../go/compare-go-strings.js';
import { PairIndex } from '../graph/pair-index.js';
import { shortenFunctionName } from '../graph/shorten-function-name.js';

export interface TreeInput {
  readonly sequences: FrameSequences;
  readonly weight: Float64Array;
  readonly fromBase: Uint8Array | undefined;
  readonly sampleType: ValueType;
  readonly reportTotal: number;
  readonly printableNames: readonly string[];
  readonly sortKeys: readonly string[];
  readonly warnings: readonly string[];
}

/** The tree's input from a selection: its weights, names and the sequences to grow from. */
export function treeInput(selection: SampleSelection, frameNodes: FrameNodes, sequences: FrameSequences): TreeInput {
  return {
    sequences,
    weight: selection.weight,
    fromBase: selection.fromBase,
    sampleType: selection.value.sampleType,
    reportTotal: selection.total,
    printableNames: frameNodes.nodes.printableName,
    sortKeys: frameNodes.nodes.sortKey,
    warnings: selection.warnings,
  };
}

/** A growable struct-of-arrays for tree nodes. */
class TreeNodes {
  count = 0;
  parent = new Int32Array(1024);
  node = new Int32Array(1024);
  cum = new Float64Array(1024);
  absCum = new Float64Array(1024);
  baseCum = new Float64Array(1024);
  flat = new Float64Array(1024);
  /** Children dropped below the limit, per node: the pruned subtrees hanging from it. */
  droppedChildren = new Int32Array(1024);

  add(parent: number, node: number): number {
    if (this.count === this.parent.length) this.grow();
    const id = this.count++;
    this.parent[id] = parent;
    this.node[id] = node;
    return id;
  }

  private grow(): void {
    const size = this.parent.length * 2;
    const int32 = (a: Int32Array) => {
      const b = new Int32Array(size);
      b.set(a);
      return b;
    };
    const float64 = (a: Float64Array) => {
      const b = new Float64Array(size);
      b.set(a);
      return b;
    };
    this.parent = int32(this.parent);
    this.node = int32(this.node);
    this.cum = float64(this.cum);
    this.absCum = float64(this.absCum);
    this.baseCum = float64(this.baseCum);
    this.flat = float64(this.flat);
    this.droppedChildren = int32(this.droppedChildren);
  }
}

/** Without a budget, trees stop growing at a million nodes (a 500k-sample heap profile has ~9M). */
export const DEFAULT_MAX_NODES = 1_000_000;

/**
 * The sequences that take part (not empty, of a weighted sample), each at its first frame under
 * the root; and the root's value (and its base part, negative, when diffing).
 */
function startSequences(input: TreeInput): {
  active: Int32Array;
  current: Int32Array;
  cursor: Int32Array;
  total: number;
  baseTotal: number;
} {
  const { sequences, weight, fromBase } = input;
  const count = sequences.count;
  // Per active sequence: its tree node and its next frame.
  const active = new Int32Array(count);
  const current = new Int32Array(count);
  const cursor = new Int32Array(count);
  let activeCount = 0;
  let total = 0;
  let baseTotal = 0;
  for (let q = 0; q < count; q++) {
    const s = sequences.sample[q]!;
    if (sequences.start[q] === sequences.start[q + 1] || weight[s] === 0) continue;
    cursor[q] = sequences.start[q]!;
    active[activeCount++] = q;
    total += weight[s]!;
    if (fromBase !== undefined && fromBase[s] === 1) baseTotal -= weight[s]!;
  }
  return { active: active.subarray(0, activeCount), current, cursor, total, baseTotal };
}

export function growFlameTree(input: TreeInput, limits: FlameGraphLimits): FlameGraph {
  const { sequences, weight, fromBase } = input;
  let minValue = Math.abs(limits.fractionOf ?? input.reportTotal) * Math.max(0, limits.minFraction ?? 0);
  const maxNodes = limits.maxNodes ?? DEFAULT_MAX_NODES;
  const seqStart = sequences.start;
  const seqNodes = sequences.nodes;
  const seqSample = sequences.sample;
  const { active, current, cursor, total, baseTotal } = startSequences(input);
  let activeCount = active.length;
  const tree = new TreeNodes();
  tree.add(-1, -1);
  tree.cum[0] = total;
  tree.baseCum[0] = baseTotal;
  // The budget's limit is found again only after another `maxNodes` nodes: a quickselect over the
  // whole tree at every level would make a 100,000-frame stack quadratic (25 s).
  let nextBudgetCheck = maxNodes;

  while (activeCount > 0) {
    const children = new PairIndex(Math.min(activeCount, 1 << 20));
    const firstChild = tree.count;
    for (let i = 0; i < activeCount; i++) {
      const q = active[i]!;
      const s = seqSample[q]!;
      const node = seqNodes[cursor[q]!]!;
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
        const parent = tree.parent[child]!;
        tree.droppedChildren[parent] = tree.droppedChildren[parent]! + 1;
      }
    }
    let next = 0;
    for (let i = 0; i < activeCount; i++) {
      const q = active[i]!;
      if (dropped[current[q]! - firstChild] === 1) continue;
      const at = cursor[q]! + 1;
      if (at === seqStart[q + 1]) {
        const leaf = current[q]!;
        tree.flat[leaf] = tree.flat[leaf]! + weight[seqSample[q]!]!;
        continue;
      }
      cursor[q] = at;
      active[next++] = q;
    }
    activeCount = next;
    // Compact the tree: remove this level's dropped children (they are the last ones added).
    if (dropped.some((d) => d === 1)) compactLevel(tree, firstChild, dropped, current, active, activeCount);
  }

  const keep = limitNodeCount(tree, maxNodes);
  // Pruned subtrees hanging from kept nodes, each counted once at its top.
  let droppedNodes = keep.droppedRoots;
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
function limitNodeCount(
  tree: TreeNodes,
  maxNodes: number,
): { kept: Uint8Array; droppedRoots: number; minValue: number } {
  const kept = new Uint8Array(tree.count).fill(1);
  if (tree.count <= maxNodes) return { kept, droppedRoots: 0, minValue: 0 };
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
  let droppedRoots = 0;
  for (let node = 1; node < tree.count; node++) if (kept[node] === 0 && kept[tree.parent[node]!] === 1) droppedRoots++;
  return { kept, droppedRoots, minValue };
}

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

function emitPreOrder(
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

  const nameIndex = new Uint32Array(keptCount);
  const depth = new Uint16Array(keptCount);
  const parent = new Int32Array(keptCount);
  const cum = new Float64Array(keptCount);
  const flat = new Float64Array(keptCount);
  const baseCum = input.fromBase !== undefined ? new Float64Array(keptCount) : undefined;
  // Iterative DFS; the stack holds tree nodes with their output parent and depth.
  const stackNode: number[] = [0];
  const stackParent: number[] = [-1];
  const stackDepth: number[] = [0];
  let out = 0;
  while (stackNode.length > 0) {
    const node = stackNode.pop()!;
    const outParent = stackParent.pop()!;
    const nodeDepth = stackDepth.pop()!;
    const id = out++;
    nameIndex[id] = node === 0 ? 0 : nameFor(tree.node[node]!);
    depth[id] = Math.min(nodeDepth, 0xffff);
    parent[id] = outParent;
    cum[id] = tree.cum[node]!;
    // Flat holds only the samples that end here, not those of pruned children.
    flat[id] = tree.flat[node]!;
    if (baseCum !== undefined) baseCum[id] = tree.baseCum[node]!;
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
    shortNames: names.map((name, i) => (i === 0 ? name : shortenFunctionName(name))),
    nodeCount: keptCount,
    nameIndex,
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
