// The whole flame graph a view opens on for a set of options: root first (pprof's), or leaf first
// when the profile's weight is spread over subtrees too small to draw near the root while its leaves
// are a few wide frames (src/query/flame/leaf-first-choice.ts), with the one-line reason the page
// shows. The viewer, its pre-build and the offline report all choose here, so they open alike.

import type { Profile } from '../pprof/index.js';
import {
  buildFlameGraph,
  chooseLeafFirst,
  type FlameGraph,
  type FlameGraphLimits,
  type QueryOptions,
} from '../query/index.js';

export interface DefaultFlameGraphs {
  readonly rootFirst: FlameGraph;
  /** The leaf-first graph, when the choice looked at it. */
  readonly leafFirst?: FlameGraph;
  /** Set when the view opens leaf first: why (`88% of in-use space is in call stacks under 0.01% each`). */
  readonly leafFirstReason?: string;
}

/** What a sample type is called in a sentence: pprof's names, spelled out where they are terse. */
const SAMPLE_TYPE_WORDS: Readonly<Record<string, string>> = {
  inuse_space: 'in-use space',
  inuse_objects: 'in-use objects',
  alloc_space: 'allocated space',
  alloc_objects: 'allocated objects',
  cpu: 'CPU time',
};

/**
 * Builds the root-first graph of `options` (or takes `rootFirst`, already built with the same
 * limits), then the leaf-first one only if the rule asks to look at it.
 */
export function buildDefaultFlameGraphs(
  profile: Profile,
  options: QueryOptions,
  limits: FlameGraphLimits,
  rootFirst: FlameGraph = buildFlameGraph(profile, options, limits),
): DefaultFlameGraphs {
  let leafFirst: FlameGraph | undefined;
  const choice = chooseLeafFirst(
    rootFirst,
    () => (leafFirst = buildFlameGraph(profile, options, limits, { leafFirst: true })),
  );
  if (!choice.leafFirst) return { rootFirst, ...(leafFirst === undefined ? {} : { leafFirst }) };
  const type = rootFirst.sampleType.type;
  const words = SAMPLE_TYPE_WORDS[type] ?? type.replaceAll('_', ' ');
  // The cut applied (minValue) is the size limit, or more when the node budget ran out first.
  const cut = percentText(rootFirst.reportTotal === 0 ? 0 : rootFirst.minValue / rootFirst.reportTotal);
  const verb = words.endsWith('s') ? 'are' : 'is';
  const reason = `${percentText(choice.aggregated.all)} of ${words} ${verb} in call stacks under ${cut} each`;
  return { rootFirst, leafFirst: leafFirst!, leafFirstReason: reason };
}

/** A share as a short percentage: `88%`, `0.01%`. */
function percentText(share: number): string {
  const percent = share * 100;
  return `${percent >= 1 ? Math.round(percent) : Number(percent.toPrecision(2))}%`;
}
