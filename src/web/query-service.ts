// What a viewer session's routes ask of its profile, as one async interface with two homes: in
// this thread (InProcessQueryService, for small profiles) or in a worker thread of the session's
// own (WorkerQueryService in query-worker-client.ts, for large ones), so that one session's heavy
// query never stalls another session or the processor's API. The routes do not know which.

import { encodeProfile, type Profile } from '../pprof/index.js';
import { filterProfile, formatFoldedStacks, resolveSampleIndex, type QueryOptions } from '../query/index.js';
import type { GraphLayoutSettings } from './call-graph-view.js';
import type { FlameGraphVariant } from './flame-graph-variant.js';
import type { PrebuiltFlameGraph } from './flame-graph-prebuild.js';
import { DiffBases, type DiffCaptureFacts } from './diff-bases.js';
import type { GoPresets } from './go-presets.js';
import { RefineQueries, type PivotPart } from './refine-queries.js';
import type { SourceFiles } from './source-files.js';
import type {
  DiffBaseListing,
  GraphViewModel,
  LabelsViewModel,
  PeekViewModel,
  ProfileSummary,
  SearchViewModel,
  SourceViewModel,
  TopViewModel,
} from './view-models.js';
import { ViewerQueries, type CaptureFacts } from './viewer-queries.js';

/** Folded stacks of one sample type, as chunks of text to stream. */
export interface FoldedStacks {
  /** The shown sample type's name (`inuse_space`), for the file name. */
  readonly sampleType: string;
  readonly chunks: Iterable<string | Uint8Array>;
}

/**
 * Every query of one session. Options naming a `base` are answered for the diff against it;
 * `labels` and `presets` always describe the capture itself.
 */
export interface QueryService {
  summary(): Promise<ProfileSummary>;
  bases(): Promise<DiffBaseListing>;
  top(options: QueryOptions, pattern: string): Promise<TopViewModel>;
  /** The flame graph's wire form (flame-graph-wire.ts). */
  flameGraph(options: QueryOptions, zoom: readonly string[], variant?: FlameGraphVariant): Promise<Uint8Array>;
  graph(options: QueryOptions, pattern: string): Promise<GraphViewModel>;
  search(
    options: QueryOptions,
    pattern: string,
    zoom: readonly string[],
    variant?: FlameGraphVariant,
  ): Promise<SearchViewModel>;
  peek(options: QueryOptions, pattern: string): Promise<PeekViewModel>;
  source(options: QueryOptions, pattern: string): Promise<SourceViewModel>;
  /** One side of the pivoted flame graph, in the flame graph's wire form. */
  pivot(options: QueryOptions, part: PivotPart): Promise<Uint8Array>;
  labels(options: QueryOptions): Promise<LabelsViewModel>;
  presets(): Promise<GoPresets>;
  /** The profile as filtered, gzipped profile.proto. */
  filteredProfile(options: QueryOptions): Promise<Uint8Array>;
  /** Fails (a bad option) before the first chunk, so the route can still answer 400. */
  foldedStacks(options: QueryOptions): Promise<FoldedStacks>;
  /** A JSON answer's bytes (answerAsJson), serialized where the query runs. */
  json<M extends JsonQueryMethod>(method: M, ...args: Parameters<QueryService[M]>): Promise<Uint8Array>;
  /** Ends the session's queries (its worker, if any). */
  close(): Promise<void>;
}

/** The queries whose answers are JSON view models. */
export type JsonQueryMethod =
  'summary' | 'bases' | 'top' | 'graph' | 'search' | 'peek' | 'source' | 'labels' | 'presets';

/**
 * A JSON answer as UTF-8 bytes, serialized where the query ran: a pooled session's answers (a Peek
 * of every line is 11 MB) cost the processor's thread neither a structured clone nor a stringify.
 */
export async function answerAsJson<M extends JsonQueryMethod>(
  service: QueryService,
  method: M,
  args: Parameters<QueryService[M]>,
): Promise<Uint8Array> {
  const call = service[method] as (...args: Parameters<QueryService[M]>) => Promise<unknown>;
  return new TextEncoder().encode(JSON.stringify(await call.apply(service, args)));
}

/** What identifies a capture, for its summary and its diff bases. */
export type ServiceCaptureFacts = CaptureFacts & DiffCaptureFacts;

/** The queries answered in the calling thread: the viewer's engine, its caches and diff bases. */
export class InProcessQueryService implements QueryService {
  private readonly queries: ViewerQueries;
  private readonly diffs: DiffBases<ViewerQueries>;
  private readonly refines = new WeakMap<ViewerQueries, RefineQueries>();

  constructor(
    profile: Profile,
    capture: ServiceCaptureFacts,
    graphLayout?: GraphLayoutSettings,
    sources?: SourceFiles,
  ) {
    this.queries = new ViewerQueries(profile, capture, graphLayout, sources);
    this.diffs = new DiffBases(capture, profile, (diffed) => new ViewerQueries(diffed, capture, graphLayout, sources));
  }

  /** Takes the flame graph built ahead (flame-graph-prebuild.ts): its first request is then answered at once. */
  adoptFlameGraph(prebuilt: PrebuiltFlameGraph): void {
    this.queries.adoptFlameGraph(prebuilt.options, prebuilt.graphs);
  }

  /** The capture's queries, or those of its diff when the options name a `base`. */
  private async queriesFor(options: QueryOptions): Promise<ViewerQueries> {
    return (await this.diffs.diffFor(options)) ?? this.queries;
  }

  private refineOf(queries: ViewerQueries): RefineQueries {
    let refine = this.refines.get(queries);
    if (refine === undefined) this.refines.set(queries, (refine = new RefineQueries(queries)));
    return refine;
  }

  async summary(): Promise<ProfileSummary> {
    return this.queries.summary();
  }

  bases(): Promise<DiffBaseListing> {
    return this.diffs.list();
  }

  async top(options: QueryOptions, pattern: string): Promise<TopViewModel> {
    return (await this.queriesFor(options)).top(options, pattern);
  }

  async flameGraph(options: QueryOptions, zoom: readonly string[], variant?: FlameGraphVariant): Promise<Uint8Array> {
    return (await this.queriesFor(options)).flameGraph(options, zoom, variant).body;
  }

  async graph(options: QueryOptions, pattern: string): Promise<GraphViewModel> {
    return (await this.queriesFor(options)).graph(options, pattern);
  }

  async search(
    options: QueryOptions,
    pattern: string,
    zoom: readonly string[],
    variant?: FlameGraphVariant,
  ): Promise<SearchViewModel> {
    return (await this.queriesFor(options)).search(options, pattern, zoom, variant);
  }

  async peek(options: QueryOptions, pattern: string): Promise<PeekViewModel> {
    return (await this.queriesFor(options)).peek(options, pattern);
  }

  async source(options: QueryOptions, pattern: string): Promise<SourceViewModel> {
    return (await this.queriesFor(options)).source(options, pattern);
  }

  async pivot(options: QueryOptions, part: PivotPart): Promise<Uint8Array> {
    return this.refineOf(await this.queriesFor(options)).pivot(options, part).body;
  }

  async labels(options: QueryOptions): Promise<LabelsViewModel> {
    return this.refineOf(this.queries).labels(options);
  }

  async presets(): Promise<GoPresets> {
    return this.refineOf(this.queries).presets();
  }

  async filteredProfile(options: QueryOptions): Promise<Uint8Array> {
    return encodeProfile(filterProfile((await this.queriesFor(options)).profile, options));
  }

  async foldedStacks(options: QueryOptions): Promise<FoldedStacks> {
    const { profile } = await this.queriesFor(options);
    const sampleType = profile.sampleTypes[resolveSampleIndex(profile, options.sampleIndex)]!.type;
    // Started here, so that a bad option fails before the first byte is sent.
    const lines = formatFoldedStacks(profile, options);
    const first = lines.next();
    const chunks = (function* () {
      if (first.done !== true) yield first.value;
      yield* lines;
    })();
    return { sampleType, chunks };
  }

  json<M extends JsonQueryMethod>(method: M, ...args: Parameters<QueryService[M]>): Promise<Uint8Array> {
    return answerAsJson(this, method, args);
  }

  async close(): Promise<void> {}
}
