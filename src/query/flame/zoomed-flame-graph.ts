// The flame graph zoomed into one call path: the subtree under the path's last frame, pruned
// relative to that frame rather than to the whole profile (so zooming into a 0.5% frame shows
// its callees down to 0.01% of it), with the path's ancestors above it as a single chain.

import type { Profile } from '../../pprof/portable.js';
import { growFlameTree } from './grow-flame-tree.js';
import type { FrameSequences } from '../graph/frame-sequences.js';
import { sequenceSuffixes, stackSequences } from '../graph/frame-sequences.js';
import { treeInput } from './grow-flame-tree.js';
import { type FlameGraph, type FlameGraphLimits, type FlameGraphShape } from './flame-graph.js';
import { shortFlameNames } from './emit-flame-graph.js';
import { shapedSequences } from './build-flame-graph.js';
import { buildFrameNodes } from '../graph/frame-nodes.js';
import type { QueryOptions } from '../options/query-options.js';
import { selectSamples } from '../filter/select-samples.js';

export interface ZoomedFlameGraph {
  /**
   * Root, then one node per ancestor of the zoomed frame (each with only the next one as child;
   * its cum and flat are the whole profile's for that path), then the zoomed frame's subtree in
   * pre-order, as FlameGraph lays nodes out.
   */
  readonly graph: FlameGraph;
  /** The node of the zoomed frame: the path's deepest frame present in these options; 0 if none. */
  readonly zoomNode: number;
}

/**
 * Builds the flame graph under `path` (printable frame names from the root's child down to the
 * zoomed frame). A path that is only partly present (other options, other granularity) zooms into
 * its deepest present frame; `limits.minFraction` applies to the zoomed frame's |value|. Leaf
 * first (`shape`), the path runs from a leaf towards the roots.
 */
export function buildZoomedFlameGraph(
  profile: Profile,
  options: QueryOptions,
  path: readonly string[],
  limits: FlameGraphLimits = {},
  shape: FlameGraphShape = {},
): ZoomedFlameGraph {
  const selection = selectSamples(profile, options);
  const frameNodes = buildFrameNodes(selection, options.granularity, options.noInlines);
  const all = shapedSequences(stackSequences(selection, frameNodes), shape);
  const names = frameNodes.nodes.printableName;
  const wanted = path.map((name) => {
    const mask = new Uint8Array(names.length);
    names.forEach((n, i) => {
      if (n === name) mask[i] = 1;
    });
    return mask;
  });

  // How deep each sequence follows the path, and the ancestors' values.
  const { weight, fromBase } = selection;
  const depthMatched = new Uint16Array(all.count);
  const cum = new Float64Array(path.length + 1);
  const flat = new Float64Array(path.length + 1);
  const baseCum = new Float64Array(path.length + 1);
  let deepest = 0;
  for (let q = 0; q < all.count; q++) {
    const low = all.start[q]!;
    const length = all.start[q + 1]! - low;
    const w = weight[all.sample[q]!]!;
    const base = fromBase !== undefined && fromBase[all.sample[q]!] === 1;
    let d = 0;
    cum[0] = cum[0]! + w;
    if (base) baseCum[0] = baseCum[0]! - w;
    while (d < path.length && d < length && wanted[d]![all.nodes[low + d]!] === 1) {
      d++;
      cum[d] = cum[d]! + w;
      if (base) baseCum[d] = baseCum[d]! - w;
    }
    if (d === length) flat[d] = flat[d]! + w;
    depthMatched[q] = d;
    if (d > deepest) deepest = d;
  }

  const input = treeInput(selection, frameNodes, cutSequences(all, depthMatched, deepest));
  if (deepest === 0) return { graph: growFlameTree(input, limits), zoomNode: 0 };
  const subtree = growFlameTree(input, { ...limits, fractionOf: Math.abs(cum[deepest]!) });
  return {
    graph: stitch(subtree, path.slice(0, deepest), { cum, flat, baseCum }, fromBase !== undefined),
    zoomNode: deepest,
  };
}

/** The sequences that follow the path to `depth`, each starting at its frame at that depth. */
function cutSequences(all: FrameSequences, depthMatched: Uint16Array, depth: number): FrameSequences {
  if (depth === 0) return all;
  const cut = new Int32Array(all.count).fill(-1);
  for (let q = 0; q < all.count; q++) if (depthMatched[q] === depth) cut[q] = all.start[q]! + depth - 1;
  return sequenceSuffixes(all, cut);
}

/** Puts the ancestors' chain above the subtree (whose root's child is the zoomed frame). */
function stitch(
  subtree: FlameGraph,
  ancestors: readonly string[],
  values: { cum: Float64Array; flat: Float64Array; baseCum: Float64Array },
  hasBase: boolean,
): FlameGraph {
  // Ancestors above the zoomed frame: depths 1 .. ancestors.length - 1.
  const above = ancestors.length - 1;
  const n = subtree.nodeCount + above;
  const names: string[] = ['root'];
  const nameIndexOf = new Map<string, number>([['root', 0]]);
  const nameFor = (name: string) => {
    let index = nameIndexOf.get(name);
    if (index === undefined) {
      index = names.length;
      names.push(name);
      nameIndexOf.set(name, index);
    }
    return index;
  };
  const nameIndex = new Uint32Array(n);
  const aggregated = new Uint32Array(n);
  const depth = new Uint16Array(n);
  const parent = new Int32Array(n);
  const cum = new Float64Array(n);
  const flat = new Float64Array(n);
  const baseCum = hasBase ? new Float64Array(n) : undefined;
  parent[0] = -1;
  for (let d = 0; d <= above; d++) {
    if (d > 0) {
      nameIndex[d] = nameFor(ancestors[d - 1]!);
      parent[d] = d - 1;
    }
    depth[d] = d;
    cum[d] = values.cum[d]!;
    flat[d] = values.flat[d]!;
    if (baseCum !== undefined) baseCum[d] = values.baseCum[d]!;
  }
  for (let i = 1; i < subtree.nodeCount; i++) {
    const out = i + above;
    nameIndex[out] = nameFor(subtree.names[subtree.nameIndex[i]!]!);
    aggregated[out] = subtree.aggregated[i]!;
    depth[out] = Math.min(subtree.depth[i]! + above, 0xffff);
    const p = subtree.parent[i]!;
    parent[out] = p === 0 ? above : p + above;
    cum[out] = subtree.cum[i]!;
    flat[out] = subtree.flat[i]!;
    if (baseCum !== undefined && subtree.baseCum !== undefined) baseCum[out] = subtree.baseCum[i]!;
  }
  return {
    ...subtree,
    total: values.cum[0]!,
    names,
    shortNames: shortFlameNames(names),
    nodeCount: n,
    nameIndex,
    aggregated,
    depth,
    parent,
    cum,
    flat,
    ...(baseCum !== undefined ? { baseCum } : {}),
  };
}
