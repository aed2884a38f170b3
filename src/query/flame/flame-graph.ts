// The flame graph's model: a call tree of every sample's stack at the chosen granularity, merged
// by path, in pre-order, as pprof's flame graph draws it. build-flame-graph.ts grows one.

import type { ValueType } from '../../pprof/portable.js';

/**
 * Call tree for the flame graph. Nodes are in depth-first pre-order (a node's subtree is
 * contiguous and follows it); node 0 is the synthetic root holding the total; siblings are
 * ordered by name (as pprof's flame graph). Children below the pruning limit are not built: each
 * parent holds one aggregate node instead (its last child, a leaf), as wide as they are together,
 * so that a frame's children plus its flat always add up to its cum.
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
  /**
   * Per node: for an aggregate, how many pruned subtrees it stands for (its name is
   * AGGREGATE_NAME, its flat 0); 0 for every other node.
   */
  readonly aggregated: Uint32Array;
  /** Subtrees pruned below the limits (each counted once, at its top frame). */
  readonly droppedNodes: number;
  /** The cut-off actually applied: frames whose |value| sum was below it were dropped. */
  readonly minValue: number;
  readonly warnings: readonly string[];
}

/** The name of every aggregate node (their count is in `aggregated`). */
export const AGGREGATE_NAME = '(smaller frames)';

/** How the tree is grown: root first (pprof's), or leaf first (each stack reversed, merged at the leaves). */
export interface FlameGraphShape {
  readonly leafFirst?: boolean;
}

export interface FlameGraphLimits {
  /** Drop frames whose summed |value| is below this fraction of the report total; default 0. */
  readonly minFraction?: number;
  /**
   * Keep at most this many nodes (the heaviest, which include their ancestors); default a
   * million, which only the largest profiles reach. The tree stops growing past it.
   */
  readonly maxNodes?: number;
  /** What `minFraction` is a fraction of; default the report total (a zoomed view passes its frame's value). */
  readonly fractionOf?: number;
}
