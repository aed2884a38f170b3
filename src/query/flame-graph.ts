// The flame graph's call tree: every sample's stack at the chosen granularity merged by path, as
// pprof's flame graph (a call tree), built level by level so that only frames above the pruning
// limit are ever materialized — on a 500k-sample heap profile the full tree has millions of
// nodes, the drawn one a few thousand.

import type { Profile, ValueType } from '../pprof/index.js';
import { compareGoStrings } from './go-strings.js';
import { buildFrameNodes } from './graph-nodes.js';
import { PairIndex } from './pair-index.js';
import type { QueryOptions } from './query-options.js';
import { selectSamples } from './select-samples.js';
import { shortenFunctionName } from './shorten-function-name.js';

/**
 * Call tree for the flame graph. Nodes are in depth-first pre-order (a node's subtree is
 * contiguous and follows it); node 0 is the synthetic root holding the total; siblings are
 * ordered by name (as pprof's flame graph). Frames below the pruning limit are dropped and
 * counted, never drawn as objects.
 */
export interface FlameGraph {
  /** The shown sample type (type and unit). */
  readonly sampleType: ValueType;
  /** Root cum: the sum of the values of every sample shown. */
  readonly total: number;
  /** pprof's report total (sum of |value| before focusing): the denominator of percentages. */
  readonly reportTotal: number;
  /** Distinct frame names (pprof's printable names); nodes index into it. The root is "root". */
  readonly names: readonly string[];
  /** pprof's short form of each name (package path dropped), as its flame graph labels frames. */
  readonly shortNames: readonly string[];
  readonly nodeCount: number;
  readonly nameIndex: Uint32Array;
  /** Root = 0. */
  readonly depth: Uint16Array;
  /** -1 for the root. */
  readonly parent: Int32Array;
  readonly cum: Float64Array;
  readonly flat: Float64Array;
  /** With a diff base: the base profile's cum per node (positive; `cum` holds the difference). */
  readonly baseCum?: Float64Array;
  /** Subtrees pruned below the limits (each counted once, at its top frame). */
  readonly droppedNodes: number;
  /** The cut-off actually applied: frames whose |value| sum was below it were dropped. */
  readonly minValue: number;
  readonly warnings: readonly string[];
}

export interface FlameGraphLimits {
  /** Drop frames whose summed |value| is below this fraction of the report total; default 0. */
  readonly minFraction?: number;
  /** Keep at most this many nodes (the heaviest); default unlimited. */
  readonly maxNodes?: number;
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
  }
}

export function buildFlameGraph(profile: Profile, options: QueryOptions, limits: FlameGraphLimits = {}): FlameGraph {
  const selection = selectSamples(profile, options);
  const frameNodes = buildFrameNodes(selection, options.granularity, options.noInlines);
  const { kept, weight, stackLow, stackHigh, fromBase } = selection;
  const stackLocations = profile.samples.stackLocations;
  const frameStart = frameNodes.frames.start;
  const frameNode = frameNodes.frames.node;
  const minValue = Math.abs(selection.total) * Math.max(0, limits.minFraction ?? 0);
  const maxNodes = limits.maxNodes ?? Number.POSITIVE_INFINITY;

  // Per active sample: its tree node and a cursor on its next frame (stack position + frame index).
  const sampleCount = kept.length;
  let active = new Int32Array(sampleCount);
  let activeCount = 0;
  const current = new Int32Array(sampleCount);
  const position = new Int32Array(sampleCount);
  const frame = new Int32Array(sampleCount);
  const tree = new TreeNodes();
  tree.add(-1, -1);
  let total = 0;
  let baseTotal = 0;
  for (let s = 0; s < sampleCount; s++) {
    if (kept[s] === 0 || weight[s] === 0) continue;
    // Find the outermost visible frame (hidden locations have no frames).
    let at = stackHigh[s]! - 1;
    while (at >= stackLow[s]! && frameStart[stackLocations[at]!] === frameStart[stackLocations[at]! + 1]) at--;
    if (at < stackLow[s]!) continue;
    position[s] = at;
    frame[s] = frameStart[stackLocations[at]!]!;
    current[s] = 0;
    active[activeCount++] = s;
    total += weight[s]!;
    if (fromBase !== undefined && fromBase[s] === 1) baseTotal -= weight[s]!;
  }
  tree.cum[0] = total;
  tree.baseCum[0] = baseTotal;

  let droppedNodes = 0;
  while (activeCount > 0) {
    const children = new PairIndex(Math.min(activeCount, 1 << 20));
    const firstChild = tree.count;
    for (let i = 0; i < activeCount; i++) {
      const s = active[i]!;
      const node = frameNode[frame[s]!]!;
      let child = children.intern(current[s]!, node) + firstChild;
      if (child === tree.count) child = tree.add(current[s]!, node);
      const w = weight[s]!;
      tree.cum[child] = tree.cum[child]! + w;
      tree.absCum[child] = tree.absCum[child]! + Math.abs(w);
      if (fromBase !== undefined && fromBase[s] === 1) tree.baseCum[child] = tree.baseCum[child]! - w;
      current[s] = child;
    }
    // Drop the children below the limit; their samples stop here.
    const dropped = new Uint8Array(tree.count - firstChild);
    for (let child = firstChild; child < tree.count; child++) {
      if (tree.absCum[child]! < minValue || tree.absCum[child] === 0) {
        dropped[child - firstChild] = 1;
        droppedNodes++;
      }
    }
    let next = 0;
    for (let i = 0; i < activeCount; i++) {
      const s = active[i]!;
      if (dropped[current[s]! - firstChild] === 1) continue;
      // Advance to the next frame: within the location, else the next visible location leafwards.
      let f = frame[s]! + 1;
      let at = position[s]!;
      if (f >= frameStart[stackLocations[at]! + 1]!) {
        at--;
        while (at >= stackLow[s]! && frameStart[stackLocations[at]!] === frameStart[stackLocations[at]! + 1]) at--;
        if (at < stackLow[s]!) {
          const leaf = current[s]!;
          tree.flat[leaf] = tree.flat[leaf]! + weight[s]!;
          continue;
        }
        f = frameStart[stackLocations[at]!]!;
        position[s] = at;
      }
      frame[s] = f;
      active[next++] = s;
    }
    activeCount = next;
    // Compact the tree: remove this level's dropped children (they are the last ones added).
    if (dropped.some((d) => d === 1)) compactLevel(tree, firstChild, dropped, current, active, activeCount);
  }
  active = new Int32Array(0);

  const keep = limitNodeCount(tree, maxNodes);
  droppedNodes += keep.droppedRoots;
  return emitPreOrder(
    profile,
    selection.value.sampleType,
    selection.total,
    tree,
    keep.kept,
    frameNodes.nodes.printableName,
    frameNodes.nodes.sortKey,
    {
      total,
      droppedNodes,
      minValue: Math.max(minValue, keep.minValue),
      withBase: fromBase !== undefined,
      warnings: selection.warnings,
    },
  );
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

function emitPreOrder(
  profile: Profile,
  sampleType: ValueType,
  reportTotal: number,
  tree: TreeNodes,
  kept: Uint8Array,
  printableNames: readonly string[],
  sortKeys: readonly string[],
  extra: { total: number; droppedNodes: number; minValue: number; withBase: boolean; warnings: readonly string[] },
): FlameGraph {
  void profile;
  // Children lists (CSR) of kept nodes.
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
  const baseCum = extra.withBase ? new Float64Array(keptCount) : undefined;
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
    sampleType,
    total: extra.total,
    reportTotal,
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
    warnings: extra.warnings,
  };
}
