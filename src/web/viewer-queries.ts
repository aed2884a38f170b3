// One capture's view models: what each API route answers, built from the engine's queries and
// cached per option set. Every number here comes from src/query; this module only picks limits,
// formats with src/units and shapes the result for the wire.

import type { Profile } from '../pprof/index.js';
import { defaultSampleTypeIndex } from '../pprof/index.js';
import { formatQueryOptions, withOptions, type QueryOptions } from '../query/query-options.js';
import { buildFlameGraph, compileRegExp, computeTop, type FlameGraph } from './engine.js';
import { encodeFlameGraph, type FlameGraphInfo } from './flame-graph-wire.js';
import { QueryCache } from './query-cache.js';
import { formatPercent, formatValue } from './value-format.js';
import { ViewerRequestError } from './viewer-errors.js';
import type { ProfileSummary, SearchViewModel, TopViewModel } from './view-models.js';

/**
 * Server-side pruning of the flame graph: frames under 0.01% of the total are dropped (at most
 * 0.2 px on a 2000 px wide view, and still 2 px wide when zoomed into a 1% frame), and at most
 * 60k frames are sent, so the largest profiles stay interactive in the browser.
 */
export const FLAME_GRAPH_LIMITS = Object.freeze({ minFraction: 0.0001, maxNodes: 60_000 });

/** pprof's web UI shows 500 rows in Top unless `n` asks otherwise. */
export const TOP_WEB_NODE_COUNT = 500;

interface BuiltFlameGraph {
  readonly graph: FlameGraph;
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
  private readonly fullFlameGraphs = new QueryCache<FlameGraph>(2);
  private readonly tops = new QueryCache<TopViewModel>(4);

  constructor(
    private readonly profile: Profile,
    private readonly capture: CaptureFacts,
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
    };
  }

  /** The pruned flame graph the browser draws, already in its wire form. */
  flameGraph(options: QueryOptions): BuiltFlameGraph {
    return this.flameGraphs.get(keyOf(options), () => {
      const graph = buildFlameGraph(this.profile, options, FLAME_GRAPH_LIMITS);
      const info: FlameGraphInfo = {
        legend: this.top(options).legend,
        minFraction: FLAME_GRAPH_LIMITS.minFraction,
        maxNodes: FLAME_GRAPH_LIMITS.maxNodes,
      };
      return { graph, body: encodeFlameGraph(graph, info) };
    });
  }

  top(options: QueryOptions): TopViewModel {
    const effective = options.nodeCount === -1 ? withOptions(options, { nodeCount: TOP_WEB_NODE_COUNT }) : options;
    return this.tops.get(keyOf(effective), () => {
      const report = computeTop(this.profile, effective);
      const { unit } = report.sampleType;
      let sum = 0;
      const rows = report.rows.slice(0, effective.nodeCount).map((row) => {
        sum += row.flat;
        return {
          name: row.name,
          flat: row.flat,
          cum: row.cum,
          flatText: formatValue(row.flat, unit),
          flatPercent: formatPercent(row.flat, report.total).trim(),
          sumPercent: formatPercent(sum, report.total).trim(),
          cumText: formatValue(row.cum, unit),
          cumPercent: formatPercent(row.cum, report.total).trim(),
        };
      });
      return {
        legend: report.legend,
        sampleType: report.sampleType,
        total: report.total,
        totalText: formatValue(report.total, unit),
        rows,
      };
    });
  }

  /** Top, with each row marked when the search pattern (if any) matches its name. */
  topWithSearch(options: QueryOptions, pattern: string): TopViewModel {
    const top = this.top(options);
    if (pattern === '') return top;
    const regExp = this.compileSearch(pattern);
    return { ...top, rows: top.rows.map((row) => ({ ...row, matched: regExp.test(row.name) })) };
  }

  private compileSearch(pattern: string): RegExp {
    try {
      return compileRegExp(pattern);
    } catch (error) {
      throw new ViewerRequestError('q', `search ${JSON.stringify(pattern)}`, 'not a valid regular expression', {
        cause: error,
      });
    }
  }

  /** Which drawn frames a search pattern (Go regexp syntax, as pprof's) matches, and their share. */
  search(options: QueryOptions, pattern: string): SearchViewModel {
    const regExp = this.compileSearch(pattern);
    const drawn = this.flameGraph(options).graph;
    const matchedNames: number[] = [];
    drawn.names.forEach((name, index) => {
      if (regExp.test(name)) matchedNames.push(index);
    });
    // The share comes from the unpruned tree, so frames too small to draw still count.
    const full = this.fullFlameGraphs.get(keyOf(options), () => buildFlameGraph(this.profile, options));
    const matched = sumOfOutermostMatches(full, regExp);
    const { unit } = full.sampleType;
    return {
      pattern,
      matchedNames,
      matched,
      matchedText: formatValue(matched, unit),
      matchedPercent: formatPercent(matched, full.total),
      total: full.total,
      totalText: formatValue(full.total, unit),
    };
  }
}

/**
 * The value of the samples that have at least one matching frame: in a call tree every such
 * sample passes through exactly one outermost matching node, so summing those nodes' cum counts
 * each sample once.
 */
function sumOfOutermostMatches(graph: FlameGraph, regExp: RegExp): number {
  const nameMatches = graph.names.map((name) => regExp.test(name));
  let sum = 0;
  let i = 1;
  while (i < graph.nodeCount) {
    if (nameMatches[graph.nameIndex[i]!]) {
      sum += graph.cum[i]!;
      // Skip the subtree: nodes are in pre-order, so it ends at the first node no deeper than i.
      const depth = graph.depth[i]!;
      i++;
      while (i < graph.nodeCount && graph.depth[i]! > depth) i++;
    } else {
      i++;
    }
  }
  return sum;
}

function keyOf(options: QueryOptions): string {
  return formatQueryOptions(options).toString();
}
