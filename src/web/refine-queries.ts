// One session's refine-menu and pivot queries: one side of a pivoted flame graph (the callers,
// inverted, or the callees of the `p` frames), the label menu (the engine's computeTags) and the Go
// presets of the profile, cached like the other queries (answered where the session's queries run).

import {
  buildPivotFlameGraphs,
  computeTags,
  type PivotFlameGraphs,
  formatQueryOptions,
  withOptions,
  type QueryOptions,
} from '../query/index.js';
import { formatPercentage, formatScaledValue } from '../units/index.js';
import { goPresets, type GoPresets } from './go-presets.js';
import { QueryCache } from './query-cache.js';
import type { LabelsViewModel } from './view-models.js';
import { ViewerRequestError } from './viewer-errors.js';
import { FLAME_GRAPH_LIMITS, type BuiltFlameGraph, type ViewerQueries } from './viewer-queries.js';

export const PIVOT_PARTS = ['callers', 'callees'] as const;
export type PivotPart = (typeof PIVOT_PARTS)[number];

/** One session's pivots, labels and presets, cached like the other queries. */
export class RefineQueries {
  private readonly pivots = new QueryCache<{
    pair: PivotFlameGraphs;
    built: Partial<Record<PivotPart, BuiltFlameGraph>>;
  }>(2);
  private readonly labelMenus = new QueryCache<LabelsViewModel>(4);
  private presetsOfProfile: GoPresets | undefined;

  constructor(private readonly queries: ViewerQueries) {}

  /** One side of the flame graph pivoted on the `p` frames, in the flame graph's wire form. */
  pivot(options: QueryOptions, part: PivotPart): BuiltFlameGraph {
    if (options.pivot === '') throw new ViewerRequestError('p', 'pivot flame graph', 'no frame to pivot on (set p)');
    const entry = this.pivots.get(keyOf(options), () => ({
      pair: buildPivotFlameGraphs(this.queries.profile, options, FLAME_GRAPH_LIMITS),
      built: {},
    }));
    return (entry.built[part] ??= this.queries.encodeFlameGraphView(options, entry.pair[part]));
  }

  /** Every label key and value of the shown samples, as pprof's -tags weighs them; tag focus and ignore left out so that every value stays offered. */
  labels(options: QueryOptions): LabelsViewModel {
    const open = withOptions(options, { tagFocus: '', tagIgnore: '' });
    return this.labelMenus.get(keyOf(open), () => {
      const report = computeTags(this.queries.profile, open);
      return {
        keys: report.keys.map((key) => ({
          key: key.key,
          numeric: key.numeric,
          values: key.values.map((value) => ({
            name: value.name,
            value: value.value,
            valueText: formatScaledValue(value.value, report.sampleUnit, 'auto'),
            percent: formatPercentage(value.value, key.total).trim(),
          })),
        })),
      };
    });
  }

  presets(): GoPresets {
    return (this.presetsOfProfile ??= goPresets(this.queries.profile));
  }
}

function keyOf(options: QueryOptions): string {
  return formatQueryOptions(options).toString();
}
