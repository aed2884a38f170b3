// The API routes of the refine menus and the pivot: `/api/pivot` (one side of a pivoted flame
// graph: the callers, inverted, or the callees of the `p` frames), `/api/labels` (the label
// menu, from the engine's computeTags) and `/api/presets` (the Go presets of this profile).

import type { FastifyInstance, FastifyRequest } from 'fastify';
import { buildPivotFlameGraphs, computeTags, type PivotFlameGraphs } from '../query/index.js';
import { formatQueryOptions, parseQueryOptions, withOptions, type QueryOptions } from '../query/query-options.js';
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

function paramsOf(request: FastifyRequest): URLSearchParams {
  const query = request.url.indexOf('?');
  return new URLSearchParams(query < 0 ? '' : request.url.slice(query + 1));
}

function pivotPartOf(params: URLSearchParams): PivotPart {
  const part = params.get('part') ?? '';
  if (!(PIVOT_PARTS as readonly string[]).includes(part)) {
    throw new ViewerRequestError('part', 'pivot flame graph', `part ${JSON.stringify(part)} is not callers or callees`);
  }
  return part as PivotPart;
}

const refineQueriesOf = new WeakMap<ViewerQueries, RefineQueries>();

/** Registers the refine routes under `prefix` ('' or '/ui'). */
export function registerRefineRoutes(
  app: FastifyInstance,
  prefix: string,
  context: {
    /** The capture's own queries (labels and presets describe the capture). */
    readonly queries: ViewerQueries;
    /** The queries for a request's options: its diff's when they name a `base`. */
    queriesFor(options: QueryOptions): Promise<ViewerQueries>;
  },
): void {
  const refineOf = (viewerQueries: ViewerQueries): RefineQueries => {
    let refine = refineQueriesOf.get(viewerQueries);
    if (refine === undefined) refineQueriesOf.set(viewerQueries, (refine = new RefineQueries(viewerQueries)));
    return refine;
  };
  const queries = refineOf(context.queries);
  app.get(`${prefix}/api/pivot`, async (request, reply) => {
    const params = paramsOf(request);
    const options = parseQueryOptions(params);
    const { body } = refineOf(await context.queriesFor(options)).pivot(options, pivotPartOf(params));
    return reply
      .header('content-type', 'application/octet-stream')
      .send(Buffer.from(body.buffer, body.byteOffset, body.byteLength));
  });
  app.get(`${prefix}/api/labels`, async (request) => queries.labels(parseQueryOptions(paramsOf(request))));
  app.get(`${prefix}/api/presets`, async () => queries.presets());
}
