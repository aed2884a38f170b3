// The flame graph's call tree: every sample's stack at the chosen granularity merged by path, as
// pprof's flame graph (a call tree), grown level by level so that only frames above the pruning
// limit are ever materialized — on a 500k-sample heap profile the full tree has millions of
// nodes, the drawn one a few thousand.

import type { Profile } from '../../pprof/portable.js';
import { selectSamples } from '../filter/select-samples.js';
import { buildFrameNodes } from '../graph/frame-nodes.js';
import { stackSequences } from '../graph/frame-sequences.js';
import type { QueryOptions } from '../options/query-options.js';
import type { FlameGraph, FlameGraphLimits } from './flame-graph.js';
import { growFlameTree, treeInput } from './grow-flame-tree.js';

/** The flame graph of `options`, pruned to `limits`. */
export function buildFlameGraph(profile: Profile, options: QueryOptions, limits: FlameGraphLimits = {}): FlameGraph {
  const selection = selectSamples(profile, options);
  const frameNodes = buildFrameNodes(selection, options.granularity, options.noInlines);
  return growFlameTree(treeInput(selection, frameNodes, stackSequences(selection, frameNodes)), limits);
}
