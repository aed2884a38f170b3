// The flame graph's call tree: every sample's stack at the chosen granularity merged by path, as
// pprof's flame graph (a call tree), grown level by level so that only frames above the pruning
// limit are ever materialized — on a 500k-sample heap profile the full tree has millions of
// nodes, the drawn one a few thousand. Leaf first, the stacks are reversed and merged at the leaves.

import type { Profile } from '../../pprof/portable.js';
import { selectSamples } from '../filter/select-samples.js';
import { buildFrameNodes } from '../graph/frame-nodes.js';
import { reversedSequences, type FrameSequences } from '../graph/frame-sequences.js';
import type { QueryOptions } from '../options/query-options.js';
import type { FlameGraph, FlameGraphLimits, FlameGraphShape } from './flame-graph.js';
import { growFlameTree, treeInput } from './grow-flame-tree.js';
import { LeafFirstStackWalk, RootFirstStackWalk } from './stack-walks.js';

/** The flame graph of `options`, pruned to `limits`. */
export function buildFlameGraph(
  profile: Profile,
  options: QueryOptions,
  limits: FlameGraphLimits = {},
  shape: FlameGraphShape = {},
): FlameGraph {
  const selection = selectSamples(profile, options);
  const frameNodes = buildFrameNodes(selection, options.granularity, options.noInlines);
  // The stacks are read in place (stack-walks.ts), root first or leaf first.
  const walk =
    shape.leafFirst === true
      ? new LeafFirstStackWalk(selection, frameNodes)
      : new RootFirstStackWalk(selection, frameNodes);
  return growFlameTree(treeInput(selection, frameNodes, walk), limits);
}

/** The stacks in the order a shape grows them: root first as they are, or reversed. */
export function shapedSequences(all: FrameSequences, shape: FlameGraphShape): FrameSequences {
  return shape.leafFirst === true ? reversedSequences(all) : all;
}
