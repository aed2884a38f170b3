// The flame graph pivoted on a function: its callers above it (an inverted tree grown from the
// pivot towards the roots) and its callees below, as the viewer's pivot and sandwich views draw them.

import type { Profile } from '../../pprof/portable.js';
import { selectSamples } from '../filter/select-samples.js';
import { buildFrameNodes } from '../graph/frame-nodes.js';
import { pivotSequences, stackSequences } from '../graph/frame-sequences.js';
import type { QueryOptions } from '../options/query-options.js';
import { compileOptionRegexp } from '../regexp/go-regexp.js';
import type { FlameGraph, FlameGraphLimits } from './flame-graph.js';
import { growFlameTree, treeInput } from './grow-flame-tree.js';

/** The pivot view: callers of the pivot above it (grown from the pivot towards the roots) and its callees below. */
export interface PivotFlameGraphs {
  /** Frames matching the pivot; both trees have them as the children of their root. */
  readonly pivotNames: readonly string[];
  /** Inverted: depth 1 holds the pivot frames, depth 2 their callers, and so on. */
  readonly callers: FlameGraph;
  readonly callees: FlameGraph;
}

/**
 * Pivots on the frames whose printable name matches `options.pivot` (a Go regexp; the viewer
 * passes an anchored, escaped name), at the outermost occurrence in each stack, so that recursion
 * stays below it. Samples without the pivot are left out of both trees.
 */
export function buildPivotFlameGraphs(
  profile: Profile,
  options: QueryOptions,
  limits: FlameGraphLimits = {},
): PivotFlameGraphs {
  const pattern = compileOptionRegexp('p', options.pivot);
  const selection = selectSamples(profile, options);
  const frameNodes = buildFrameNodes(selection, options.granularity, options.noInlines);
  const names = frameNodes.nodes.printableName;
  const pivot = new Uint8Array(frameNodes.nodes.count);
  const pivotNames: string[] = [];
  for (let n = 0; n < pivot.length; n++) {
    if (pattern.test(names[n]!)) {
      pivot[n] = 1;
      pivotNames.push(names[n]!);
    }
  }
  const { callers, callees } = pivotSequences(stackSequences(selection, frameNodes), pivot);
  return {
    pivotNames,
    callers: growFlameTree(treeInput(selection, frameNodes, callers), limits),
    callees: growFlameTree(treeInput(selection, frameNodes, callees), limits),
  };
}
