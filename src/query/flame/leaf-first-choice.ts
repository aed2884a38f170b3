// Whether a flame graph opens leaf first: when its root-first tree spends most of its width near
// the root on aggregates (subtrees too small to draw, "N smaller frames") while the leaf-first
// tree puts that weight into a few readable frames. Measured over every shared and peer profile
// (docs/decisions.md, "Leaf first by default (issue 12, s6-leaf)"): only the large heap and allocs
// profiles meet it.

import type { FlameGraph } from './flame-graph.js';

/** The rule's thresholds, each a fraction of the graph's total. */
export const LEAF_FIRST_RULE = Object.freeze({
  /** How many levels below the root count as "near the root": what a person sees at first sight. */
  levels: 3,
  /** Aggregates within those levels hold at least this much... */
  minNearAggregatedShare: 0.4,
  /** ...while leaf first, frames of at least this share each (a readable label on a laptop)... */
  readableFrameShare: 0.01,
  /** ...hold at least this much together... */
  minReadableShare: 0.8,
  /**
   * ...and no one of them holds this much: a single leaf that everything ends in (a goroutine
   * profile's `runtime.gopark`) says nothing the root-first graph does not.
   */
  maxWidestShare: 0.9,
});

/** What the root-first graph hides: the share of its total in aggregates. */
export interface AggregatedShares {
  /** In aggregates within LEAF_FIRST_RULE.levels of the root. */
  readonly near: number;
  /** In aggregates at any depth. */
  readonly all: number;
}

export interface LeafFirstChoice {
  readonly leafFirst: boolean;
  readonly aggregated: AggregatedShares;
}

/** The share of the root-first graph's total its aggregates hold, near the root and anywhere. */
export function aggregatedShares(rootFirst: FlameGraph): AggregatedShares {
  const total = Math.abs(rootFirst.total);
  let near = 0;
  let all = 0;
  for (let node = 1; node < rootFirst.nodeCount; node++) {
    if (rootFirst.aggregated[node] === 0) continue;
    const value = Math.abs(rootFirst.cum[node]!);
    all += value;
    if (rootFirst.depth[node]! <= LEAF_FIRST_RULE.levels) near += value;
  }
  return total === 0 ? { near: 0, all: 0 } : { near: near / total, all: all / total };
}

/** Whether the leaf-first graph's first level is a few readable frames holding most of the total. */
export function leafFirstConcentrates(leafFirst: FlameGraph): boolean {
  const total = Math.abs(leafFirst.total);
  if (total === 0) return false;
  let readable = 0;
  let widest = 0;
  for (let node = 1; node < leafFirst.nodeCount; node++) {
    if (leafFirst.depth[node] !== 1 || leafFirst.aggregated[node] !== 0) continue;
    const share = Math.abs(leafFirst.cum[node]!) / total;
    if (share >= LEAF_FIRST_RULE.readableFrameShare) readable += share;
    widest = Math.max(widest, share);
  }
  return readable >= LEAF_FIRST_RULE.minReadableShare && widest < LEAF_FIRST_RULE.maxWidestShare;
}

/**
 * Chooses root first or leaf first for a whole (unzoomed) graph. The leaf-first graph is only
 * built (by `leafFirst`) when the root-first one hides enough near its root; a diff stays root
 * first (its widths are changes, which cancel in a sum over leaves and roots alike).
 */
export function chooseLeafFirst(rootFirst: FlameGraph, leafFirst: () => FlameGraph): LeafFirstChoice {
  const aggregated = aggregatedShares(rootFirst);
  if (rootFirst.baseCum !== undefined || aggregated.near < LEAF_FIRST_RULE.minNearAggregatedShare) {
    return { leafFirst: false, aggregated };
  }
  return { leafFirst: leafFirstConcentrates(leafFirst()), aggregated };
}
