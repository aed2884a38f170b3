// One capture's view models: what each API route answers, built from the engine's queries and
// cached per option set. Every number here comes from src/query; this module picks the view's
// limits, takes pprof's texts from the engine and shapes the result for the wire.

import type { Profile } from '../pprof/index.js';
import { defaultSampleTypeIndex } from '../pprof/index.js';
import {
  formatQueryOptions,
  withOptions,
  type QueryOptions,
  buildFlameGraph,
  buildZoomedFlameGraph,
  computeAggregateMatches,
  computeMatchShare,
  computeTop,
  profileLegend,
  selectSampleValue,
  type FlameGraph,
  type GoRegexp,
  type MatchShare,
  type TopReport,
  activeFilterLegend,
  AGGREGATE_NAME,
  UTC_TIME_ZONE,
} from '../query/index.js';
// Not (yet) on the query layer's public surface.
import { encodeFlameGraph, type FlameGraphInfo } from './flame-graph-wire.js';
import { flamePercentText, flameValueText } from './flame-values.js';
import { QueryCache } from './query-cache.js';
import { formatZoomPath } from './zoom-path.js';
import { variantKey, type FlameGraphVariant } from './flame-graph-variant.js';
import { buildDefaultFlameGraphs, type DefaultFlameGraphs } from './flame-graph-default.js';
import { compileRegexpParameter } from './viewer-errors.js';
import { describeProfile } from './profile-details.js';
import { layOutCallGraph, type GraphLayoutSettings, type LaidOutGraph } from './call-graph-view.js';
import { GRAPH_LAYOUT_TIME_LIMIT_MS, GraphLayoutError, sharedGraphLayout } from './graph-layout.js';
import { buildPeekViewModel, markPeekMatches } from './peek-view-model.js';
import type { SourceFiles } from './source-files.js';
import { buildSourceViewModel, markSourceMatches } from './source-view-model.js';
import type {
  GraphViewModel,
  PeekViewModel,
  ProfileDetails,
  ProfileSummary,
  SearchViewModel,
  SourceViewModel,
  TopViewModel,
} from './view-models.js';

/**
 * Server-side pruning of the flame graph: frames under 0.01% of the total are dropped (at most
 * 0.2 px on a 2000 px wide view, and still 2 px wide when zoomed into a 1% frame), and at most
 * 60k frames are sent, so the largest profiles stay interactive in the browser.
 */
export const FLAME_GRAPH_LIMITS = Object.freeze({ minFraction: 0.0001, maxNodes: 60_000 });

/** pprof's web UI shows 500 rows in Top unless `n` asks otherwise. */
export const TOP_WEB_NODE_COUNT = 500;

/** Times in legends are printed in UTC: the viewer's users are rarely in the server's zone. */
export const LEGEND_TIME_ZONE = UTC_TIME_ZONE;

export interface BuiltFlameGraph {
  readonly graph: FlameGraph;
  readonly info: FlameGraphInfo;
  readonly body: Uint8Array;
}

export interface CaptureFacts {
  readonly file: string;
  readonly type: string;
  readonly source: string;
  readonly capturedAt: Date;
}

export class ViewerQueries {
  private readonly flameGraphs = new QueryCache<BuiltFlameGraph>(4);
  private readonly defaults = new QueryCache<DefaultFlameGraphs>(4);
  private readonly tops = new QueryCache<TopReport>(4);
  private readonly matches = new QueryCache<MatchShare>(8);
  /** Laid-out graphs, and the time-limit failures too: trying again would take as long. */
  private readonly graphs = new QueryCache<Promise<LaidOutGraph>>(4);
  private readonly peeks = new QueryCache<PeekViewModel>(4);
  private readonly sourceListings = new QueryCache<SourceViewModel>(4);
  private details: ProfileDetails | undefined;

  constructor(
    /** The profile the queries answer for: the capture, or its diff against a base. */
    readonly profile: Profile,
    private readonly capture: CaptureFacts,
    private readonly graphLayout: GraphLayoutSettings = {
      layout: sharedGraphLayout,
      timeLimitMs: GRAPH_LAYOUT_TIME_LIMIT_MS,
    },
    /** The source files the Source view may show; none in the processor. */
    private readonly sources?: SourceFiles,
  ) {}

  summary(): ProfileSummary {
    return {
      file: this.capture.file,
      type: this.capture.type,
      source: this.capture.source,
      capturedAt: this.capture.capturedAt.toISOString(),
      sampleTypes: this.profile.sampleTypes,
      defaultSampleIndex: defaultSampleTypeIndex(this.profile),
      comments: this.profile.comments,
      details: (this.details ??= describeProfile(this.profile, LEGEND_TIME_ZONE)),
    };
  }

  private topReport(options: QueryOptions): TopReport {
    const effective = options.nodeCount === -1 ? withOptions(options, { nodeCount: TOP_WEB_NODE_COUNT }) : options;
    return this.tops.get(keyOf(effective), () => computeTop(this.profile, effective, { timeZone: LEGEND_TIME_ZONE }));
  }

  /**
   * The pruned flame graph the browser draws, already in its wire form. With a zoom path, the
   * subtree under it pruned relative to the zoomed frame, below its ancestors (`info.zoomNode`).
   * Without `variant.leafFirst`, in the shape the options' whole graph opens in (defaultGraphs).
   */
  flameGraph(options: QueryOptions, zoom: readonly string[] = [], variant: FlameGraphVariant = {}): BuiltFlameGraph {
    const defaults = this.defaultGraphs(options);
    const leafFirst = variant.leafFirst ?? defaults.leafFirstReason !== undefined;
    return this.flameGraphs.get(flameGraphKey(options, zoom, { ...variant, leafFirst }), () => {
      const variantInfo = {
        ...(leafFirst ? { leafFirst: true } : {}),
        ...(defaults.leafFirstReason === undefined ? {} : { defaultLeafFirst: defaults.leafFirstReason }),
        ...(variant.allDetail === true ? { allDetail: true, minFraction: 0 } : {}),
      };
      if (zoom.length === 0 && variant.allDetail !== true) {
        const whole = leafFirst ? defaults.leafFirst : defaults.rootFirst;
        const graph = whole ?? buildFlameGraph(this.profile, options, FLAME_GRAPH_LIMITS, { leafFirst });
        return this.encodeFlameGraphView(options, graph, variantInfo);
      }
      // All detail keeps the node budget: past it, the lightest frames still join their aggregate.
      const limits = variant.allDetail === true ? { ...FLAME_GRAPH_LIMITS, minFraction: 0 } : FLAME_GRAPH_LIMITS;
      const zoomed = buildZoomedFlameGraph(this.profile, options, zoom, limits, { leafFirst });
      return this.encodeFlameGraphView(options, zoomed.graph, { zoomNode: zoomed.zoomNode, ...variantInfo });
    });
  }

  /**
   * The whole graphs of `options` the default shape is chosen from (flame-graph-default.ts), and
   * that choice: each built once, then served by flameGraph.
   */
  private defaultGraphs(options: QueryOptions): DefaultFlameGraphs {
    return this.defaults.get(keyOf(options), () => buildDefaultFlameGraphs(this.profile, options, FLAME_GRAPH_LIMITS));
  }

  /**
   * Takes the whole graphs of `options` built before these queries were (flame-graph-prebuild.ts),
   * so that the first flame graph request finds them ready.
   */
  adoptFlameGraph(options: QueryOptions, graphs: DefaultFlameGraphs): void {
    this.defaults.get(keyOf(options), () => graphs);
  }

  /** A flame graph of these options (whole, zoomed or one side of a pivot) with pprof's legend, for the wire. */
  encodeFlameGraphView(options: QueryOptions, graph: FlameGraph, extra: Partial<FlameGraphInfo> = {}): BuiltFlameGraph {
    const outputUnit = flameOutputUnit(options);
    const scale = { sampleType: graph.sampleType, reportTotal: graph.reportTotal, info: { outputUnit } };
    const legend = [
      // pprof's header lines about the profile and the filters (Top's own legend adds its
      // trimming lines; building Top only for these would double the cost of a flame graph).
      ...profileLegend({
        profile: this.profile,
        typeLabel: selectSampleValue(this.profile, options.sampleIndex, options.mean).typeLabel,
        sampleUnit: graph.sampleType.unit,
        total: graph.reportTotal,
        formatValue: (value) => flameValueText(scale, value),
        timeZone: LEGEND_TIME_ZONE,
      }),
      ...activeFilterLegend(options),
      `Showing nodes accounting for ${flameValueText(scale, graph.total)}, ${flamePercentText(scale, graph.total)} of ${flameValueText(scale, graph.reportTotal)} total`,
    ];
    const info: FlameGraphInfo = {
      legend,
      minFraction: FLAME_GRAPH_LIMITS.minFraction,
      maxNodes: FLAME_GRAPH_LIMITS.maxNodes,
      outputUnit,
      warnings: graph.warnings,
      ...extra,
    };
    return { graph, info, body: encodeFlameGraph(graph, info) };
  }

  /** Top as pprof's web UI shows it, each row marked when the search pattern (if any) matches. */
  top(options: QueryOptions, pattern = ''): TopViewModel {
    const report = this.topReport(options);
    const regExp = pattern === '' ? undefined : compileSearch(pattern);
    return {
      legend: report.legend,
      total: report.total,
      totalText: report.totalText,
      outputUnit: report.outputUnit,
      warnings: report.warnings,
      rows: report.rows.map((row) => ({
        name: row.name,
        inlineLabel: row.inlineLabel,
        flat: row.flat,
        cum: row.cum,
        flatText: row.flatText,
        flatPercent: row.flatPercent.trim(),
        sumPercent: row.sumPercent.trim(),
        cumText: row.cumText,
        cumPercent: row.cumPercent.trim(),
        ...(regExp === undefined ? {} : { matched: regExp.test(row.name) }),
      })),
    };
  }

  /** The call graph as pprof's Graph view draws it, its nodes marked when the search pattern (if any) matches. */
  async graph(options: QueryOptions, pattern = ''): Promise<GraphViewModel> {
    const regExp = pattern === '' ? undefined : compileSearch(pattern);
    const key = keyOf(options);
    const laidOut = this.graphs.get(key, () => {
      const promise = layOutCallGraph(this.profile, options, this.graphLayout, LEGEND_TIME_ZONE);
      promise.catch((error: unknown) => {
        // A crashed worker may do better next time; a bad option or a time limit would not.
        if (error instanceof GraphLayoutError) this.graphs.delete(key);
      });
      return promise;
    });
    const graph = await laidOut;
    if (regExp === undefined) return graph;
    const matchedNodes: number[] = [];
    graph.nodes.forEach((node, i) => {
      if (regExp.test(node.name)) matchedNodes.push(i);
    });
    return { ...graph, matchedNodes };
  }

  /** Peek at the functions `f` selects (pprof's web UI), names matching the search marked. */
  peek(options: QueryOptions, pattern = ''): PeekViewModel {
    const model = this.peeks.get(keyOf(options), () => buildPeekViewModel(this.profile, options, LEGEND_TIME_ZONE));
    return pattern === '' ? model : markPeekMatches(model, compileSearch(pattern));
  }

  /** The source lines of the functions `f` selects (pprof's -list weights), matches marked. */
  source(options: QueryOptions, pattern = ''): SourceViewModel {
    const model = this.sourceListings.get(keyOf(options), () =>
      buildSourceViewModel(this.profile, options, LEGEND_TIME_ZONE, this.sources),
    );
    return pattern === '' ? model : markSourceMatches(model, compileSearch(pattern));
  }

  /** Which drawn frames a search pattern (Go regexp syntax, as pprof's) matches, and their share. */
  search(
    options: QueryOptions,
    pattern: string,
    zoom: readonly string[] = [],
    variant: FlameGraphVariant = {},
  ): SearchViewModel {
    const regExp = compileSearch(pattern);
    const { graph, info } = this.flameGraph(options, zoom, variant);
    const matchedNames: number[] = [];
    graph.names.forEach((name, index) => {
      if (name !== AGGREGATE_NAME && regExp.test(name)) matchedNames.push(index);
    });
    const matches = (name: string) => regExp.test(name);
    const inAggregates = computeAggregateMatches(this.profile, options, graph, matches, {
      leafFirst: info.leafFirst === true,
    });
    const share = this.matches.get(`${keyOf(options)}\n${pattern}`, () =>
      computeMatchShare(this.profile, options, pattern),
    );
    const scale = {
      sampleType: graph.sampleType,
      reportTotal: share.total,
      info: { outputUnit: flameOutputUnit(options) },
    };
    return {
      pattern,
      matchedNames,
      matchedAggregates: inAggregates.map(({ node, value }) => ({
        node,
        value,
        valueText: flameValueText(scale, value),
        percent: flamePercentText(scale, value),
      })),
      matched: share.value,
      matchedText: share.valueText,
      matchedPercent: share.percentText,
      reportTotal: share.total,
      reportTotalText: flameValueText(scale, share.total),
    };
  }
}

/**
 * The flame graph prints each value in its own best unit (`47.74MB`, `448B`), as pprof's current
 * flame graph does, unless the URL asks for one with pprof's `unit`. (Top keeps pprof's one unit
 * per report: its rows must read exactly as `go tool pprof -top`.)
 */
function flameOutputUnit(options: QueryOptions): string {
  return options.unit === 'minimum' ? 'auto' : options.unit;
}

function compileSearch(pattern: string): GoRegexp {
  return compileRegexpParameter('q', 'search', pattern);
}

/** The cache key of a flame graph: its options, zoom path and variant. */
function flameGraphKey(options: QueryOptions, zoom: readonly string[], variant: FlameGraphVariant): string {
  return `${keyOf(options)}\nzoom=${formatZoomPath(zoom)}\n${variantKey(variant)}`;
}

function keyOf(options: QueryOptions): string {
  return formatQueryOptions(options).toString();
}
