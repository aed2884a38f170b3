// The page around the views as pure functions of the state: the navigation's entries, the
// sample type shown, the chips of the active refine options and the document's title.

import type { ProfileSummary } from '../view-models.js';
import { DEFAULT_QUERY_OPTIONS, URL_PARAMETERS, type QueryOptions } from './query-options.js';
import { viewOf, type Route, type StateChange, type ViewName, type ViewState } from './url-state.js';

export const NAV: readonly { readonly route: Route; readonly view: ViewName; readonly label: string }[] = [
  { route: 'flamegraph', view: 'flamegraph', label: 'Flame graph' },
  { route: 'top', view: 'top', label: 'Top' },
  { route: 'graph', view: 'graph', label: 'Graph' },
  { route: 'peek', view: 'peek', label: 'Peek' },
  { route: 'source', view: 'source', label: 'Source' },
  { route: 'sandwich', view: 'sandwich', label: 'Sandwich' },
];

/** Options shown as removable chips when set (the sample type and sort have their own controls). */
const CHIP_LABELS: Partial<Record<keyof QueryOptions, string>> = {
  focus: 'focus',
  ignore: 'ignore',
  hide: 'hide',
  show: 'show',
  showFrom: 'show from',
  pruneFrom: 'prune from',
  tagFocus: 'tag focus',
  tagIgnore: 'tag ignore',
  tagShow: 'tag show',
  tagHide: 'tag hide',
  tagRoot: 'group by (root)',
  tagLeaf: 'group by (leaf)',
  granularity: 'granularity',
  mean: 'mean',
  normalize: 'normalize',
  nodeCount: 'nodes',
  nodeFraction: 'node fraction',
  edgeFraction: 'edge fraction',
  trim: 'trim',
  relativePercentages: 'relative %',
  unit: 'unit',
  callTree: 'call tree',
  dropNegative: 'drop negative',
  noInlines: 'no inlines',
  pivot: 'pivot',
  base: 'base',
};

export interface Chip {
  /** The URL parameter (pprof's short name). */
  readonly param: string;
  readonly label: string;
  readonly text: string;
  /** What its remove button does: the option back to its default. */
  readonly remove: StateChange;
}

/** A chip per refine option set to other than its default, in CHIP_LABELS's order. */
export function chipsOf(options: QueryOptions): Chip[] {
  const chips: Chip[] = [];
  for (const key of Object.keys(CHIP_LABELS) as (keyof QueryOptions)[]) {
    const value = options[key];
    if (value === DEFAULT_QUERY_OPTIONS[key]) continue;
    const label = CHIP_LABELS[key]!;
    chips.push({
      param: URL_PARAMETERS[key],
      label,
      text: `${label}: ${String(value)} `,
      remove: { options: { [key]: DEFAULT_QUERY_OPTIONS[key] } },
    });
  }
  return chips;
}

/** The chips' Reset link: every option back to its default. */
export const RESET_OPTIONS: StateChange = { options: { ...DEFAULT_QUERY_OPTIONS } };

/** The index of the sample type `si` names (by name or number; "" is the default), -1 for none. */
export function sampleTypeIndexOf(summary: ProfileSummary, sampleIndex: string): number {
  if (sampleIndex === '') return summary.defaultSampleIndex;
  const byName = summary.sampleTypes.findIndex((t) => t.type === sampleIndex);
  if (byName >= 0) return byName;
  const byNumber = Number(sampleIndex);
  return Number.isInteger(byNumber) ? byNumber : -1;
}

/** Views not in NAV: the header shows each only in a session that has it. */
const EXTRA_VIEW_LABELS: Partial<Record<Route, string>> = { replicas: 'Replicas', goroutines: 'Goroutines' };

/** `Heap inuse_space · Top · go-profiler`; on a replica's page `Heap inuse_space · Top · web-2 · go-profiler`. */
export function documentTitle(summary: ProfileSummary, state: ViewState): string {
  const sampleType = summary.sampleTypes[sampleTypeIndexOf(summary, state.options.sampleIndex)];
  // The Replicas view is not in NAV: the header shows it only in a session of several replicas.
  const view = NAV.find((item) => item.view === viewOf(state.route))?.label ?? EXTRA_VIEW_LABELS[state.route] ?? '';
  const replica = summary.replicas?.current === undefined ? '' : ` · ${summary.replicas.current}`;
  return `${summary.type}${sampleType === undefined ? '' : ` ${sampleType.type}`} · ${view}${replica} · go-profiler`;
}
